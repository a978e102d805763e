import autocannon from 'autocannon';
import type { ServerProcess } from './processes';

/** What one scenario sends: bodies and tokens are cycled through, independently, request by request. */
export interface RequestPlan {
  /** JSON request bodies (POST /graphql). */
  bodies: string[];
  /** Bearer tokens; none for anonymous requests (logins). */
  tokens: string[];
}

/** One measured run of one server. */
export interface RunResult {
  /** Answers completed in the measured window. */
  requests: number;
  /** Length of the window, s. */
  seconds: number;
  /** Answers per second in the window. */
  rps: number;
  /** Median latency, ms. */
  p50: number;
  /** 99th percentile latency, ms. */
  p99: number;
  /** Server CPU (user + system, all threads) per completed request, ms. */
  cpuMsPerRequest: number;
  /** CPU of the bench's own process (the load generator) per request, ms: it shares the machine. */
  clientCpuMsPerRequest: number;
  /** Highest resident set size seen during the run, MiB. */
  rssMb: number;
  /** Connection errors, timeouts included. */
  errors: number;
  /** Requests that ran into the timeout. */
  timeouts: number;
  /** Answers with a status other than 2xx. */
  non2xx: number;
  /** 200 answers carrying GraphQL errors (or no data). */
  badBodies: number;
}

/** How hard and how long one run loads a server. */
export interface LoadOptions {
  /** Concurrent keep-alive connections. */
  connections: number;
  /** Seconds measured (after the lead-in). */
  seconds: number;
  /** Per-request timeout, s (default 10). */
  timeout?: number;
}

/** The headers and body of the n-th request of a plan. */
export function requestAt(plan: RequestPlan, n: number): { headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (plan.tokens.length) headers.authorization = `Bearer ${plan.tokens[n % plan.tokens.length]}`;
  return { headers, body: plan.bodies[n % plan.bodies.length]! };
}

/** A good answer is GraphQL data without errors (a 200 with `errors` is a failure too). */
const goodBody = (body: string | Buffer | undefined) => {
  const text = String(body ?? '');
  return text.startsWith('{"data":') && !text.includes('"errors":');
};

/** Seconds of load before a run's measured window opens: connections are up and busy by then. */
export const LEAD_IN_SECONDS = 1;

/** The q-quantile of ascending numbers (nearest rank). */
export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * Runs autocannon against `server` for the plan's requests (POST /graphql, 127.0.0.1, keep-alive).
 * Only a window in steady state counts: it opens LEAD_IN_SECONDS after the start, when every
 * connection has a request in flight, and lasts `seconds`; answers completed in it give the
 * throughput and latencies (so slow requests cut off at the end or still queued at the start do not
 * bias the figures). The server's CPU time is read from /proc at both ends of the window, its RSS
 * every 250 ms in between.
 */
export async function runLoad(
  server: ServerProcess,
  plan: RequestPlan,
  options: LoadOptions,
): Promise<RunResult> {
  const [running] = startLoad(server, plan, options);
  return running;
}

/**
 * As runLoad, returned as [result, stop]: scenario e runs two loads at once (`me` and the logins)
 * and stops the second when the first is done; stopping closes the window early.
 */
export function startLoad(
  server: ServerProcess,
  plan: RequestPlan,
  options: LoadOptions,
): [Promise<RunResult>, () => void] {
  let n = 0;
  let open = false;
  let closed = false;
  const latencies: number[] = [];
  const counts = { errors: 0, timeouts: 0, non2xx: 0, badBodies: 0 };
  let rss = 0;
  let cpuStart = 0;
  let cpuEnd = 0;
  let clientStart = process.cpuUsage();
  let clientMs = 0;
  let windowStart = 0n;
  let windowEnd = 0n;
  let sampler: NodeJS.Timeout | undefined;
  const first = requestAt(plan, 0);
  const instance = autocannon(
    {
      url: `${server.url}/graphql`,
      method: 'POST',
      connections: options.connections,
      // Longer than the window: the bench stops it when the window closes.
      duration: LEAD_IN_SECONDS + options.seconds + 60,
      timeout: options.timeout ?? 10,
      headers: first.headers,
      body: first.body,
      verifyBody: goodBody,
      requests: [
        {
          setupRequest: (request) => {
            const next = requestAt(plan, n++);
            return { ...request, method: 'POST', path: '/graphql', headers: next.headers, body: next.body };
          },
        },
      ],
    },
    () => undefined,
  );
  // autocannon's types leave these events out or give them the wrong arguments (see lib/run.js).
  const events = instance as unknown as NodeJS.EventEmitter;
  events.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (!open) return;
    latencies.push(ms);
    if (status < 200 || status > 299) counts.non2xx++;
  });
  events.on('reqMismatch', () => open && counts.badBodies++);
  events.on('reqError', (error: Error) => {
    if (!open) return;
    counts.errors++;
    if (/timed out/.test(error.message)) counts.timeouts++;
  });
  const openWindow = () => {
    cpuStart = server.cpuMs();
    clientStart = process.cpuUsage();
    rss = server.rssMb();
    windowStart = process.hrtime.bigint();
    open = true;
    sampler = setInterval(() => {
      try {
        rss = Math.max(rss, server.rssMb());
      } catch {
        // The process is gone: the run shows it as failed requests.
      }
    }, 250);
  };
  const closeWindow = () => {
    if (closed) return;
    closed = true;
    clearTimeout(opener);
    clearTimeout(closer);
    if (open) {
      open = false;
      windowEnd = process.hrtime.bigint();
      cpuEnd = server.cpuMs();
      const client = process.cpuUsage(clientStart);
      clientMs = (client.user + client.system) / 1000;
      clearInterval(sampler);
    }
    instance.stop();
  };
  const opener = setTimeout(openWindow, LEAD_IN_SECONDS * 1000);
  const closer = setTimeout(closeWindow, (LEAD_IN_SECONDS + options.seconds) * 1000);
  const done = new Promise<RunResult>((resolve) => {
    events.once('done', () => {
      closeWindow();
      const seconds = windowEnd > windowStart ? Number(windowEnd - windowStart) / 1e9 : Number.NaN;
      const sorted = latencies.sort((a, b) => a - b);
      resolve({
        requests: sorted.length,
        seconds,
        rps: sorted.length / seconds,
        p50: quantile(sorted, 0.5),
        p99: quantile(sorted, 0.99),
        cpuMsPerRequest: sorted.length ? (cpuEnd - cpuStart) / sorted.length : Number.NaN,
        clientCpuMsPerRequest: sorted.length ? clientMs / sorted.length : Number.NaN,
        rssMb: rss,
        ...counts,
      });
    });
  });
  return [done, closeWindow];
}

/** Sends one request of a plan and returns the parsed answer (for the comparisons and captures). */
export async function sendOne(server: ServerProcess, plan: RequestPlan, n = 0): Promise<unknown> {
  const { headers, body } = requestAt(plan, n);
  const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${server.label}: answer ${response.status} is not JSON: ${text.slice(0, 200)}`);
  }
}
