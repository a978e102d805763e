import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LoginDocument } from '../generated/graphql';
import { gql, ok } from '../helpers/client';
import { freshDatabase, type TestDatabase } from '../helpers/databases';
import { ADMIN_PASSWORD } from '../helpers/server';
import { TcpProxy } from '../helpers/tcp-proxy';
import { configFile } from './faults.shared';

const ENTRY = join(__dirname, '..', '..', 'src', 'index.js');

interface Child {
  process: ChildProcess;
  url: string;
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** Starts `node dist/src/index.js` and waits for its "listening" line. */
function startIdgate(env: NodeJS.ProcessEnv): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENTRY], {
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        HOST: '127.0.0.1',
        IDGATE_ADMIN_PASSWORD: ADMIN_PASSWORD,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((done) =>
      child.once('exit', (code, signal) => done({ code, signal, at: Date.now() })),
    );
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`no start in time:\n${lines.join('\n')}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let i: number;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        lines.push(line);
        const match = /"url":"(http:[^"]+)\/graphql"/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve({ process: child, url: match[1]!, lines, exited });
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening:\n${lines.join('\n')}`));
    });
  });
}

/** Resolves once the process has logged `count` lines containing every one of `texts` (earlier lines count too). */
async function logged(child: Child, texts: string[], count = 1, withinMs = 20_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (child.lines.filter((l) => texts.every((t) => l.includes(t))).length < count) {
    if (Date.now() > deadline)
      assert.fail(`not ${count} lines with ${texts.join(', ')}:\n${child.lines.join('\n')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** How many requests to /graphql the process has received so far (fastify logs each one). */
const GRAPHQL_REQUEST = ['"msg":"incoming request"', '"url":"/graphql"'];

/** A GET over one given agent (so that it can reuse a kept-alive connection). */
function get(
  url: string,
  agent: Agent,
): Promise<{ status: number; connection: string | undefined; body: string; reusedSocket: boolean }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          connection: res.headers.connection,
          body,
          reusedSocket: req.reusedSocket,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** Posts `{ me { name } }` and reads the whole answer; a cut connection rejects. */
async function slowMe(url: string, token: string): Promise<{ status: number; name: string | null }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ me { name } }' }),
  });
  const body = (await res.json()) as { data?: { me: { name: string } | null } };
  return { status: res.status, name: body.data?.me?.name ?? null };
}

describe('graceful shutdown of the idgate process (PostgreSQL behind a TCP proxy)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  async function setUp(file: object): Promise<{ child: Child; proxy: TcpProxy; token: string }> {
    const database: TestDatabase = await freshDatabase('postgres');
    cleanups.push(database.drop);
    const proxy = await TcpProxy.start();
    cleanups.push(() => proxy.close());
    const child = await startIdgate({
      DATABASE_URL: proxy.url(database.url),
      IDGATE_CONFIG: configFile(file),
    });
    cleanups.push(async () => {
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
    });
    const token = ok(await gql(child.url, LoginDocument, { name: 'admin', password: ADMIN_PASSWORD })).login
      .token;
    return { child, proxy, token };
  }

  it('SIGTERM with 50 requests in flight: each gets its whole answer, /readyz says 503, new connections are refused, exit 0 within the grace period', async (tc) => {
    const { child, proxy, token } = await setUp({
      // 50 requests that each wait on the database at once: a pool that holds them, no acquire timeout.
      database: { poolSize: 20, acquireTimeoutMs: 30_000 },
      shutdown: { graceSeconds: 10 },
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(async () => agent.destroy());
    assert.equal((await get(`${child.url}/healthz`, agent)).status, 200); // leaves one idle connection open

    // Every database round trip now takes 300 ms: each request needs a few, so all 50 are in flight.
    proxy.setLatency(150);
    const received = child.lines.filter((l) => GRAPHQL_REQUEST.every((t) => l.includes(t))).length;
    const started = Date.now();
    const inFlight = Array.from({ length: 50 }, () =>
      slowMe(child.url, token).then(
        (answer) => ({ ...answer, at: Date.now() }),
        (error: unknown) => ({ error: String(error), at: Date.now() }),
      ),
    );
    // Every one of them has reached the server (a request still connecting would be refused).
    await logged(child, GRAPHQL_REQUEST, received + 50);
    const signalledAt = Date.now();
    child.process.kill('SIGTERM');
    await logged(child, ['draining: no new connections']);

    // On the connection that was already open: readiness is 503 at once, and the connection closes after.
    const ready = await get(`${child.url}/readyz`, agent);
    assert.equal(ready.reusedSocket, true);
    assert.equal(ready.status, 503);
    assert.deepEqual(JSON.parse(ready.body), { status: 'draining' });
    assert.equal(ready.connection, 'close');
    // A new connection is refused.
    await assert.rejects(
      fetch(`${child.url}/healthz`),
      (error: Error & { cause?: { code?: string } }) => error.cause?.code === 'ECONNREFUSED',
    );

    const answers = await Promise.all(inFlight);
    for (const answer of answers)
      assert.deepEqual({ ...answer, at: 0 }, { status: 200, name: 'admin', at: 0 });
    const lastAnswer = Math.max(...answers.map((a) => a.at));
    assert.ok(lastAnswer > signalledAt, 'requests were still running when the signal came');
    const exit = await child.exited;
    assert.equal(exit.signal, null);
    assert.equal(exit.code, 0, child.lines.join('\n'));
    assert.ok(exit.at - signalledAt < 10_000, `exit ${exit.at - signalledAt} ms after SIGTERM`);
    assert.ok(child.lines.some((l) => l.includes('"msg":"stopped"')));
    tc.diagnostic(
      `50 requests fired, SIGTERM after ${signalledAt - started} ms; last answer ${lastAnswer - signalledAt} ms ` +
        `and exit ${exit.at - signalledAt} ms after it`,
    );
  });

  it('requests still running at the end of the grace period are cut; the process exits 1 soon after', async (tc) => {
    const { child, proxy, token } = await setUp({
      database: { statementTimeoutMs: 60_000 },
      shutdown: { graceSeconds: 1 },
    });
    proxy.drop(); // the database stops answering: these requests cannot finish
    const received = child.lines.filter((l) => GRAPHQL_REQUEST.every((t) => l.includes(t))).length;
    const stuck = Array.from({ length: 5 }, () =>
      slowMe(child.url, token).then(
        () => 'answered',
        () => 'cut',
      ),
    );
    await logged(child, GRAPHQL_REQUEST, received + 5);
    const signalledAt = Date.now();
    child.process.kill('SIGTERM');
    assert.deepEqual(await Promise.all(stuck), ['cut', 'cut', 'cut', 'cut', 'cut']);
    const exit = await child.exited;
    assert.equal(exit.signal, null);
    assert.equal(exit.code, 1);
    // Grace (1 s) plus the bound on closing pools that do not answer (2 s), plus start-up slack.
    assert.ok(exit.at - signalledAt < 4500, `exit ${exit.at - signalledAt} ms after SIGTERM`);
    assert.ok(child.lines.some((l) => l.includes('cutting the requests still running')));
    tc.diagnostic(`grace 1 s: exit ${exit.at - signalledAt} ms after SIGTERM`);
  });

  it('SIGINT with nothing in flight: exit 0 at once', async () => {
    const { child } = await setUp({});
    const signalledAt = Date.now();
    child.process.kill('SIGINT');
    const exit = await child.exited;
    assert.equal(exit.code, 0);
    assert.ok(exit.at - signalledAt < 3000, `exit ${exit.at - signalledAt} ms after SIGINT`);
  });
});
