import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import { print } from 'graphql';
import {
  CreateGroupDocument,
  CreateServiceAccountDocument,
  CreateUserDocument,
  GetUserDocument,
  ListUsersDocument,
  LoginDocument,
  MeDocument,
  SetUserGroupsDocument,
  UpdateUserDocument,
} from '../test/generated/graphql';
import { gql, ok } from '../test/helpers/client';
import { freshDatabase, type Driver } from '../test/helpers/databases';

/**
 * `npm run soak`: starts idgate as a child process (`node dist/src/index.js`, with the event-loop
 * probe of scripts/soak-preload.ts) on a fresh database, creates users and groups, then runs a
 * bounded mix of reads and writes against 127.0.0.1 with autocannon for a few minutes, sampling the
 * server's RSS (/proc/<pid>/status, every second), its event-loop delay (inside: perf_hooks, every
 * 5 s; outside: the latency of GET /healthz, every second, from a worker thread) and every error.
 * It prints a report and exits 1 when any request failed or the memory grew. See docs/operations.md.
 *
 *   npm run soak                       SQLite, 3 minutes of load
 *   npm run soak -- --quick            SQLite, 30 s
 *   npm run soak -- --db postgres      PostgreSQL (a fresh database on IDGATE_TEST_PG_URL's server)
 *   npm run soak -- --minutes 10 --rate 200 --connections 16 --users 500
 */

const ROOT = join(__dirname, '..', '..');
const ENTRY = join(ROOT, 'dist', 'src', 'index.js');
const PRELOAD = join(ROOT, 'dist', 'scripts', 'soak-preload.js');
const USER_PASSWORD = 'soak-Password-7391';
/** Memory is flat when the median RSS of the last third is at most this much above the first third's. */
const MAX_GROWTH = 0.1;

interface Options {
  db: Driver;
  seconds: number;
  connections: number;
  /** Requests per second over all connections; 0: as fast as the server answers. */
  rate: number;
  users: number;
  groups: number;
  keepLog: boolean;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'sqlite' },
      minutes: { type: 'string', default: '3' },
      quick: { type: 'boolean', default: false },
      connections: { type: 'string', default: '10' },
      rate: { type: 'string', default: '100' },
      users: { type: 'string', default: '100' },
      groups: { type: 'string', default: '10' },
      'keep-log': { type: 'boolean', default: false },
    },
  });
  const number = (name: string, value: string, min: number, max: number) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max)
      throw new Error(`--${name} must be a number from ${min} to ${max}`);
    return n;
  };
  if (values.db !== 'sqlite' && values.db !== 'postgres') throw new Error('--db must be sqlite or postgres');
  return {
    db: values.db,
    seconds: values.quick ? 30 : Math.round(number('minutes', values.minutes, 0.25, 120) * 60),
    connections: number('connections', values.connections, 1, 200),
    rate: number('rate', values.rate, 0, 10_000),
    users: number('users', values.users, 2, 10_000),
    groups: number('groups', values.groups, 1, 1_000),
    keepLog: values['keep-log'],
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
    server.on('error', reject);
  });
}

/** Waits until /readyz answers 200 (60 s at most), or fails when the process has exited. */
async function waitReady(url: string, child: ChildProcess, logPath: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`idgate exited with ${child.exitCode}:\n${readFileSync(logPath, 'utf8')}`);
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`idgate was not ready within 60 s; log: ${logPath}`);
}

/** SIGTERM, then SIGKILL after 15 s; resolves when the process is gone. */
async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The data the load works on: created through the API before the load starts. */
interface Fixture {
  adminToken: string;
  /** Tokens of non-admin service accounts, for `me`. */
  botTokens: string[];
  users: string[];
  groups: string[];
}

async function setUp(url: string, adminPassword: string, options: Options): Promise<Fixture> {
  const adminToken = ok(await gql(url, LoginDocument, { name: 'admin', password: adminPassword })).login
    .token;
  const groups = Array.from({ length: options.groups }, (_, i) => `soak-group-${i}`);
  for (const name of groups) ok(await gql(url, CreateGroupDocument, { name }, adminToken));
  const users = Array.from({ length: options.users }, (_, i) => `soak-user-${i}`);
  // A few at a time: each creation hashes a password (argon2), which is what takes the time.
  for (let i = 0; i < users.length; i += 4) {
    await Promise.all(
      users.slice(i, i + 4).map(async (name, k) => {
        ok(await gql(url, CreateUserDocument, { input: { name, password: USER_PASSWORD } }, adminToken));
        const group = groups[(i + k) % groups.length]!;
        ok(await gql(url, SetUserGroupsDocument, { name, input: { add: [group] } }, adminToken));
      }),
    );
  }
  const botTokens: string[] = [];
  for (let i = 0; i < 4; i++) {
    const created = ok(await gql(url, CreateServiceAccountDocument, { name: `soak-bot-${i}` }, adminToken));
    botTokens.push(created.createServiceAccount.token);
  }
  return { adminToken, botTokens, users, groups };
}

type Kind = 'me' | 'usersPage' | 'userByName' | 'updateUserTag' | 'setUserGroups';

/** The mix: 80 % reads, 20 % writes. */
const MIX: [Kind, number][] = [
  ['me', 3],
  ['usersPage', 3],
  ['userByName', 2],
  ['updateUserTag', 1],
  ['setUserGroups', 1],
];
const QUERIES: Record<Kind, string> = {
  me: print(MeDocument),
  usersPage: print(ListUsersDocument),
  userByName: print(GetUserDocument),
  updateUserTag: print(UpdateUserDocument),
  setUserGroups: print(SetUserGroupsDocument),
};

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

function pickKind(): Kind {
  const total = MIX.reduce((sum, [, w]) => sum + w, 0);
  let r = Math.random() * total;
  for (const [kind, weight] of MIX) {
    r -= weight;
    if (r < 0) return kind;
  }
  return MIX[0]![0];
}

/** One request of the mix: its token and variables. */
function nextRequest(kind: Kind, f: Fixture, serial: number): { token: string; variables: object } {
  switch (kind) {
    case 'me':
      return { token: pick([f.adminToken, ...f.botTokens]), variables: {} };
    case 'usersPage': {
      const filter = pick([
        {},
        { group: pick(f.groups) },
        { keyword: `soak-user-${Math.floor(Math.random() * 10)}` },
      ]);
      return { token: f.adminToken, variables: { first: 20, filter } };
    }
    case 'userByName':
      return { token: f.adminToken, variables: { name: pick(f.users) } };
    case 'updateUserTag':
      return {
        token: f.adminToken,
        variables: { name: pick(f.users), input: { tags: [{ key: 'soak', value: String(serial) }] } },
      };
    case 'setUserGroups': {
      const group = pick(f.groups);
      const input = Math.random() < 0.5 ? { add: [group] } : { remove: [group] };
      return { token: f.adminToken, variables: { name: pick(f.users), input } };
    }
  }
}

interface Tally {
  requests: Record<Kind, number>;
  /** Answers with a status other than 2xx. */
  non2xx: number;
  /** 2xx answers whose body holds GraphQL `errors`. */
  graphqlErrors: number;
  /** The first few failures, for the report. */
  samples: string[];
}

interface Sample {
  /** Seconds since the load started. */
  t: number;
  value: number;
}

/** Medians of the first and last third of samples: the memory verdict. */
function thirds(samples: Sample[]): { first: number; last: number; growth: number } {
  const third = Math.floor(samples.length / 3);
  const first = median(samples.slice(0, third).map((s) => s.value));
  const last = median(samples.slice(samples.length - third).map((s) => s.value));
  return { first, last, growth: (last - first) / first };
}

function median(values: number[]): number {
  return percentile(values, 50);
}

function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

function readRssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
}

/** Probes GET /healthz once a second from a worker thread, so the load's own event loop does not skew it. */
function startHealthProbe(url: string): {
  samples: { at: number; ms: number; ok: boolean }[];
  stop(): Promise<void>;
} {
  const samples: { at: number; ms: number; ok: boolean }[] = [];
  const worker = new Worker(
    `
    const { parentPort, workerData } = require('node:worker_threads');
    const { performance } = require('node:perf_hooks');
    (async () => {
      for (;;) {
        const started = performance.now();
        let ok = false;
        try {
          const res = await fetch(workerData.url, { signal: AbortSignal.timeout(10000) });
          await res.arrayBuffer();
          ok = res.status === 200;
        } catch {}
        const ms = performance.now() - started;
        parentPort.postMessage({ at: Date.now(), ms, ok });
        await new Promise((r) => setTimeout(r, Math.max(0, 1000 - ms)));
      }
    })();
    `,
    { eval: true, workerData: { url: `${url}/healthz` } },
  );
  worker.on('message', (m: { at: number; ms: number; ok: boolean }) => samples.push(m));
  return {
    samples,
    async stop() {
      await worker.terminate();
    },
  };
}

interface EventLoopLine {
  soakEventLoop: { at: number; p50: number; p99: number; max: number; mean: number };
  rss: number;
  heapUsed: number;
}

function readEventLoopLines(logPath: string): EventLoopLine[] {
  return readFileSync(logPath, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{"soakEventLoop"'))
    .map((l) => JSON.parse(l) as EventLoopLine);
}

let interrupted = false;
let stopLoad: (() => void) | null = null;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupted = true;
    stopLoad?.();
  });
}

async function runLoad(url: string, pid: number, fixture: Fixture, options: Options) {
  const tally: Tally = {
    requests: { me: 0, usersPage: 0, userByName: 0, updateUserTag: 0, setUserGroups: 0 },
    non2xx: 0,
    graphqlErrors: 0,
    samples: [],
  };
  const note = (kind: Kind, what: string) => {
    if (tally.samples.length < 5) tally.samples.push(`${kind}: ${what.slice(0, 300)}`);
  };
  let serial = 0;
  const rss: Sample[] = [];
  const started = Date.now();
  const sampler = setInterval(() => {
    const t = (Date.now() - started) / 1000;
    try {
      rss.push({ t, value: readRssKiB(pid) });
    } catch {
      // the process is gone; the load will report the errors
    }
    if (Math.round(t) % 30 === 0 && Math.round(t) > 0) {
      const total = Object.values(tally.requests).reduce((a, b) => a + b, 0);
      const errors = tally.non2xx + tally.graphqlErrors;
      console.log(
        `soak: ${Math.round(t)} s, ${total} requests, ${errors} errors, RSS ${(rss[rss.length - 1]!.value / 1024).toFixed(1)} MiB`,
      );
    }
  }, 1000);
  const probe = startHealthProbe(url);
  try {
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url,
          connections: options.connections,
          duration: options.seconds,
          ...(options.rate > 0 ? { overallRate: options.rate } : {}),
          timeout: 10,
          requests: [
            {
              method: 'POST',
              path: '/graphql',
              setupRequest: (request, context) => {
                const kind = pickKind();
                const { token, variables } = nextRequest(kind, fixture, serial++);
                (context as { kind?: Kind }).kind = kind;
                return {
                  ...request,
                  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
                  body: JSON.stringify({ query: QUERIES[kind], variables }),
                };
              },
              onResponse: (status, body, context) => {
                const kind = (context as { kind: Kind }).kind;
                tally.requests[kind]++;
                if (status < 200 || status >= 300) {
                  tally.non2xx++;
                  note(kind, `HTTP ${status} ${body}`);
                } else if (body.includes('"errors"')) {
                  const parsed = JSON.parse(body) as { errors?: unknown[] };
                  if (parsed.errors?.length) {
                    tally.graphqlErrors++;
                    note(kind, JSON.stringify(parsed.errors));
                  }
                }
              },
            },
          ],
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
      stopLoad = () => instance.stop();
    });
    return { result, tally, rss, health: probe.samples, started };
  } finally {
    stopLoad = null;
    clearInterval(sampler);
    await probe.stop();
  }
}

const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;
const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

async function main(): Promise<void> {
  const options = parseOptions();
  const database = await freshDatabase(options.db);
  const workDir = mkdtempSync(join(tmpdir(), 'idgate-soak-'));
  const logPath = join(workDir, 'idgate.log');
  let child: ChildProcess | undefined;
  let passed = false;
  try {
    const configPath = join(workDir, 'idgate.json');
    // The defaults, rate limits included (the load logs in once; it never reaches them).
    writeFileSync(configPath, JSON.stringify({}));
    const adminPassword = `soak-${randomBytes(12).toString('hex')}`;
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const log = openSync(logPath, 'a');
    try {
      // The log goes to a file, not a pipe: a pipe that this busy process drains late would block
      // idgate's (synchronous) log writes and show up as event-loop delay that is not idgate's.
      child = spawn(process.execPath, ['--expose-gc', '--require', PRELOAD, ENTRY], {
        env: {
          PATH: process.env.PATH,
          HOST: '127.0.0.1',
          PORT: String(port),
          DATABASE_URL: database.url,
          IDGATE_CONFIG: configPath,
          IDGATE_ADMIN_PASSWORD: adminPassword,
          LOG_LEVEL: 'info',
          NODE_ENV: 'production',
        },
        stdio: ['ignore', log, log],
      });
    } finally {
      closeSync(log);
    }
    await waitReady(url, child, logPath);
    console.log(
      `soak: idgate pid ${child.pid} on ${url}, ${options.db}; creating ${options.users} users, ${options.groups} groups`,
    );
    const fixture = await setUp(url, adminPassword, options);
    if (interrupted) throw new Error('interrupted');
    // One full collection before the load (see soak-preload.ts), then a moment for it to finish.
    child.kill('SIGUSR2');
    await sleep(2000);
    const rate = options.rate > 0 ? `${options.rate} req/s` : 'as fast as answered';
    console.log(`soak: ${options.seconds} s of load, ${options.connections} connections, ${rate}`);
    const loadBefore = loadavg()[0]!;
    const load = await runLoad(url, child.pid!, fixture, options);
    const loadAfter = loadavg()[0]!;
    if (interrupted) throw new Error('interrupted');

    // Warm-up (JIT, pools, caches) is left out of the figures: a sixth of the run, at most 30 s.
    const warmUp = Math.min(30, options.seconds / 6);
    const rss = load.rss.filter((s) => s.t >= warmUp);
    const memory = thirds(rss);
    const loopLines = readEventLoopLines(logPath).filter(
      (l) =>
        l.soakEventLoop.at >= load.started + warmUp * 1000 &&
        l.soakEventLoop.at <= load.started + options.seconds * 1000 + 5000,
    );
    const heap = thirds(loopLines.map((l) => ({ t: 0, value: l.heapUsed / 1024 })));
    const health = load.health.filter((h) => h.at >= load.started + warmUp * 1000);
    const healthFailures = load.health.filter((h) => !h.ok).length;
    const { result, tally } = load;
    const total = Object.values(tally.requests).reduce((a, b) => a + b, 0);
    const errors = tally.non2xx + tally.graphqlErrors + result.errors + healthFailures;
    const flat = memory.growth <= MAX_GROWTH;
    passed = errors === 0 && flat && total > 0;

    const lines = [
      '',
      `idgate soak: ${options.db}, ${options.seconds} s of load (first ${fixed(warmUp, 0)} s warm-up), ${options.connections} connections, ${rate}, ${options.users} users, ${options.groups} groups`,
      `machine      ${cpus().length} CPUs, load average (1 min) ${fixed(loadBefore, 2)} before the load, ${fixed(loadAfter, 2)} at its end (this script and autocannon included)`,
      `requests     ${total} (${fixed(total / options.seconds)}/s): ${Object.entries(tally.requests)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
      `latency      p50 ${result.latency.p50} ms, p97.5 ${result.latency.p97_5} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
      `errors       ${errors} (HTTP non-2xx ${tally.non2xx}, GraphQL errors ${tally.graphqlErrors}, connection errors ${result.errors} of which timeouts ${result.timeouts}, /healthz failures ${healthFailures})`,
      ...tally.samples.map((s) => `  e.g. ${s}`),
      `event loop   inside (monitorEventLoopDelay, ${loopLines.length} x 5 s): p50 ${fixed(median(loopLines.map((l) => l.soakEventLoop.p50)), 2)} ms, p99 median ${fixed(median(loopLines.map((l) => l.soakEventLoop.p99)), 2)} ms / worst ${fixed(Math.max(...loopLines.map((l) => l.soakEventLoop.p99)), 2)} ms, max ${fixed(Math.max(...loopLines.map((l) => l.soakEventLoop.max)), 2)} ms`,
      `             outside (GET /healthz, ${health.length} x 1 s): p50 ${fixed(median(health.map((h) => h.ms)), 2)} ms, p99 ${fixed(
        percentile(
          health.map((h) => h.ms),
          99,
        ),
        2,
      )} ms, max ${fixed(Math.max(...health.map((h) => h.ms)), 2)} ms`,
      `memory       RSS median first third ${mib(memory.first)}, last third ${mib(memory.last)} (${memory.growth >= 0 ? '+' : ''}${fixed(memory.growth * 100)} %, limit +${MAX_GROWTH * 100} %): ${flat ? 'flat' : 'GREW'}; min ${mib(Math.min(...rss.map((s) => s.value)))}, max ${mib(Math.max(...rss.map((s) => s.value)))}`,
      `             heap used median first third ${mib(heap.first)}, last third ${mib(heap.last)} (${fixed(heap.growth * 100)} %)`,
      `result       ${passed ? 'PASS' : 'FAIL'}${passed ? '' : ` (log kept: ${logPath})`}`,
    ];
    console.log(lines.join('\n'));
  } finally {
    await stopProcess(child);
    await database.drop();
    if (passed && !options.keepLog) rmSync(workDir, { recursive: true, force: true });
    else if (options.keepLog) console.log(`soak: log kept in ${logPath}`);
  }
  process.exitCode = passed ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(`soak: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
