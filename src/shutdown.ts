import { Server as NetServer } from 'node:net';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

/**
 * Graceful shutdown of the HTTP side (see docs/operations.md, "Shutdown"): readiness turns 503, the
 * listening socket closes (new connections are refused), the requests in flight run to their end,
 * connections that are already open may carry one more request (answered with `Connection: close`),
 * and whatever still runs when the grace period ends is cut.
 */

/** Counts the requests in flight and knows whether the server is draining. */
export interface RequestTracker {
  /** Requests received and not yet answered (or abandoned by their client). */
  readonly inFlight: number;
  readonly draining: boolean;
  /** From now on: readiness fails and every answer closes its connection. */
  startDraining(): void;
  /** Resolves once no request is in flight (at once when none is). */
  idle(): Promise<void>;
}

/** Installs the hooks that count requests and close connections while draining. */
export function trackRequests(app: FastifyInstance): RequestTracker {
  let inFlight = 0;
  let draining = false;
  let waiters: (() => void)[] = [];
  const settle = () => {
    if (inFlight > 0) return;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };
  app.addHook('onRequest', async (_request, reply) => {
    inFlight++;
    // A response closes once: when its answer is written, or when its connection dies first.
    reply.raw.once('close', () => {
      inFlight--;
      settle();
    });
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (draining) void reply.header('connection', 'close');
    return payload;
  });
  return {
    get inFlight() {
      return inFlight;
    },
    get draining() {
      return draining;
    },
    startDraining() {
      draining = true;
    },
    idle() {
      return inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}

/** How a shutdown went. */
export interface ShutdownResult {
  /** True when every request in flight was answered and every resource closed in time. */
  clean: boolean;
  /** Requests that were still running at the end of the grace period and were cut. */
  cutRequests: number;
  /** False when closing the backends and pools did not finish within its own bound. */
  resourcesClosed: boolean;
}

/** What `gracefulShutdown` works on. */
export interface ShutdownParts {
  app: FastifyInstance;
  tracker: RequestTracker;
  log: FastifyBaseLogger;
  /** How long requests in flight may take to finish. */
  graceMs: number;
  /** Bound on closing the resources once HTTP is closed (a silent database must not hold the exit). */
  resourcesMs: number;
  /** Resolves when the remaining requests should be cut now (a second signal). */
  cutEarly: Promise<void>;
  /** Closes what the server holds besides HTTP: GraphQL, mail, backends, database pools. */
  closeResources(): Promise<void>;
}

function delay(ms: number): { promise: Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/** Runs the shutdown sequence described at the top of this file. */
export async function gracefulShutdown(parts: ShutdownParts): Promise<ShutdownResult> {
  const { app, tracker, log } = parts;
  tracker.startDraining();
  // Stop accepting connections now, but keep the open ones (unlike http.Server#close, which also
  // closes the idle ones): a load balancer's pooled connection still gets its answer, with
  // `Connection: close`, instead of a reset in the middle of sending a request.
  if (app.server.listening) NetServer.prototype.close.call(app.server);
  log.info({ inFlight: tracker.inFlight, graceMs: parts.graceMs }, 'draining: no new connections');

  const grace = delay(parts.graceMs);
  const drained = await Promise.race([
    tracker.idle().then(() => true),
    grace.promise.then(() => false),
    parts.cutEarly.then(() => false),
  ]);
  grace.cancel();
  let cutRequests = 0;
  if (!drained) {
    cutRequests = tracker.inFlight;
    log.warn({ cutRequests }, 'grace period over: cutting the requests still running');
    app.server.closeAllConnections();
  }
  // Closes the connections left idle, then runs fastify's own onClose hooks.
  await app.close();

  const bound = delay(parts.resourcesMs);
  const resourcesClosed = await Promise.race([
    parts.closeResources().then(
      () => true,
      (error: unknown) => {
        log.error({ err: error }, 'closing the backends and the database failed');
        return false;
      },
    ),
    bound.promise.then(() => false),
  ]);
  bound.cancel();
  if (!resourcesClosed) log.warn('the backends and the database did not close in time');
  return { clean: drained && resourcesClosed, cutRequests, resourcesClosed };
}
