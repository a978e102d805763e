import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { onCleanup } from './cleanup';

/** Where the compiled project lives: dist/scripts/bench → dist. */
const DIST = join(__dirname, '..', '..');
/** idgate's compiled entry point. */
export const IDGATE_MAIN = join(DIST, 'src', 'index.js');
/** The baseline server's compiled entry point. */
export const BASELINE_MAIN = join(DIST, 'scripts', 'bench', 'baseline-server.js');
/** The statement recorder preloaded into servers whose SQL is captured. */
export const SQL_HOOK = join(DIST, 'scripts', 'bench', 'sql-hook.js');

/** The bootstrap admin's password in every bench database. */
export const BENCH_ADMIN_PASSWORD = 'bench-Admin-Password-1';

let clockTicks: number | null = null;

/** Clock ticks per second of /proc's CPU counters (getconf CLK_TCK; 100 on Linux). */
function ticksPerSecond(): number {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** User plus system CPU time of a process (all its threads, argon2's pool included), in ms. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the counted fields start after its closing paren.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime: fields 14 and 15 of stat
  return (ticks * 1000) / ticksPerSecond();
}

/** Resident set size of a process, in MiB. */
export function processRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** A TCP port on 127.0.0.1 that is free right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A server under test, running as a child process of the bench. */
export interface ServerProcess {
  /** Name in messages. */
  label: string;
  /** Base URL (http://127.0.0.1:<port>). */
  url: string;
  /** Process id, for /proc. */
  pid: number;
  /** CPU time used so far, ms. */
  cpuMs(): number;
  /** Resident set size now, MiB. */
  rssMb(): number;
  /** The end of what it wrote to stderr (for error messages). */
  stderrTail(): string;
  /** Stops it (SIGTERM, then SIGKILL after 10 s). */
  stop(): Promise<void>;
}

/** How startServer starts a server. */
export interface StartOptions {
  /** Name in messages. */
  label: string;
  /** The script to run with node. */
  main: string;
  /** Environment besides PORT and HOST (the caller's IDGATE_* settings are not passed on). */
  env: Record<string, string>;
  /** Preload the SQL hook and append the statements to this file. */
  sqlLog?: string;
  /** Send stdout here instead of discarding it. */
  stdoutFile?: string;
}

/**
 * Starts `node <main>` on a free loopback port and waits until GET /healthz answers 200. stdout is
 * discarded unless a file is named (idgate logs every request at its default level "info": writing
 * those lines is part of what it costs, reading them would burden the load generator).
 */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const port = await freePort();
  const out = options.stdoutFile ? openSync(options.stdoutFile, 'a') : 'ignore';
  const args = [...(options.sqlLog ? ['-r', SQL_HOOK] : []), options.main];
  // Nothing of the caller's own idgate settings leaks into the servers: they get exactly these.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) =>
        !k.startsWith('IDGATE_') &&
        !['LOG_LEVEL', 'DATABASE_URL', 'PORT', 'HOST', 'BENCH_SQL_LOG'].includes(k),
    ),
  );
  const child: ChildProcess = spawn(process.execPath, args, {
    env: {
      ...inherited,
      ...options.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ...(options.sqlLog ? { BENCH_SQL_LOG: options.sqlLog } : {}),
    },
    stdio: ['ignore', out, 'pipe'],
  });
  if (typeof out === 'number') closeSync(out);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = onCleanup(`stop ${options.label}`, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`${options.label} exited with ${child.exitCode} while starting: ${stderr.trim()}`);
    }
    const up = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.label} did not answer /healthz within 120 s: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid!;
  return {
    label: options.label,
    url,
    pid,
    cpuMs: () => processCpuMs(pid),
    rssMb: () => processRssMb(pid),
    stderrTail: () => stderr,
    stop,
  };
}

/**
 * The config of idgate in the SQL scenarios: rate limits off, since the bench sends every request
 * (the 8 parallel logins of scenario e among them) from one address, and it measures the work of a
 * login, not the limiter's refusals.
 */
function defaultConfigFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'idgate-bench-config-')), 'idgate.json');
  writeFileSync(file, JSON.stringify({ rateLimits: { enabled: false } }));
  return file;
}

/** idgate from the compiled tree, on `databaseUrl`, with IDGATE_CONFIG (rate limits off unless a file is given). */
export function startIdgate(
  databaseUrl: string,
  extra: {
    configFile?: string;
    sqlLog?: string;
    stdoutFile?: string;
    logLevel?: string;
    label?: string;
  } = {},
): Promise<ServerProcess> {
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    IDGATE_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
  };
  env.IDGATE_CONFIG = extra.configFile ?? defaultConfigFile();
  if (extra.logLevel) env.LOG_LEVEL = extra.logLevel;
  return startServer({
    label: extra.label ?? 'idgate',
    main: IDGATE_MAIN,
    env,
    sqlLog: extra.sqlLog,
    stdoutFile: extra.stdoutFile,
  });
}

/** The hand-written baseline server on the same database. */
export function startBaseline(databaseUrl: string, extra: { sqlLog?: string } = {}): Promise<ServerProcess> {
  return startServer({
    label: 'baseline',
    main: BASELINE_MAIN,
    env: { DATABASE_URL: databaseUrl },
    sqlLog: extra.sqlLog,
  });
}
