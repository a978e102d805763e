import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LoginDocument, MeDocument } from '../generated/graphql';
import { failure, gql, ok } from '../helpers/client';
import { freshDatabase, pgAdmin } from '../helpers/databases';
import { startTestServer } from '../helpers/server';

const ENTRY = join(__dirname, '..', '..', 'src', 'index.js');

interface Started {
  child: ChildProcess;
  url: string;
  lines: string[];
}

/** Starts the real `idgate` process and waits for its "listening" log line. */
function startProcess(env: NodeJS.ProcessEnv): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENTRY], {
      env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`no start in time:\n${lines.join('\n')}`)), 30_000);
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
          resolve({ child, url: match[1]!, lines });
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${lines.join('\n')}`));
    });
  });
}

function stopProcess(started: Started): Promise<void> {
  return new Promise((resolve) => {
    started.child.removeAllListeners('exit');
    started.child.once('exit', () => resolve());
    started.child.kill('SIGTERM');
  });
}

/** Runs the process to its exit; for starts that must fail. */
function runToExit(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ENTRY], { env: { PATH: process.env.PATH, ...env } });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.on('exit', (code) => resolve({ code, stderr, stdout }));
  });
}

describe('starting idgate', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('on an empty database: migrates, creates the admin with a password printed once; a second start changes nothing', async () => {
    const db = await freshDatabase('sqlite');
    cleanups.push(db.drop);
    const first = await startProcess({ DATABASE_URL: db.url });
    const passwordLines = first.lines.filter((l) => l.includes('"password"'));
    assert.equal(passwordLines.length, 1, first.lines.join('\n'));
    const password = JSON.parse(passwordLines[0]!).password as string;
    assert.ok(password.length >= 20);
    const token = ok(await gql(first.url, LoginDocument, { name: 'admin', password })).login.token;
    const me = ok(await gql(first.url, MeDocument, {}, token)).me;
    assert.equal(me.isAdmin, true);
    const ready = await fetch(`${first.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal(((await ready.json()) as { status: string }).status, 'ready');
    assert.equal((await fetch(`${first.url}/healthz`)).status, 200);
    await stopProcess(first);

    const second = await startProcess({ DATABASE_URL: db.url });
    assert.ok(!second.lines.some((l) => l.includes('"password"') || l.includes('created the first admin')));
    ok(await gql(second.url, LoginDocument, { name: 'admin', password }));
    await stopProcess(second);
  });

  it('takes the admin name and password from the environment and never logs that password', async () => {
    const db = await freshDatabase('sqlite');
    cleanups.push(db.drop);
    const started = await startProcess({
      DATABASE_URL: db.url,
      IDGATE_ADMIN_NAME: 'root',
      IDGATE_ADMIN_PASSWORD: 'given-Password-7',
    });
    assert.ok(!started.lines.some((l) => l.includes('given-Password-7')));
    ok(await gql(started.url, LoginDocument, { name: 'root', password: 'given-Password-7' }));
    await stopProcess(started);
  });

  it('refuses a bad config with one clear line and exit code 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idgate-bad-'));
    const path = join(dir, 'bad.yaml');
    writeFileSync(
      path,
      'domains:\n  - name: default\n    backends:\n      - { id: local, kind: local, pasword: x }\n',
    );
    const result = await runToExit({ IDGATE_CONFIG: path, DATABASE_URL: `sqlite:${join(dir, 'x.db')}` });
    assert.equal(result.code, 1);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0]!, /domains\[0\]\.backends\[0\]\.pasword: unknown key/);
  });

  it('reports the database in /readyz (503 while PostgreSQL refuses connections) and recovers without a restart', async () => {
    const t = await startTestServer('postgres');
    cleanups.push(t.close);
    const dbName = new URL(t.database.url).pathname.slice(1);
    assert.equal((await fetch(`${t.url}/readyz`)).status, 200);
    await pgAdmin(`alter database ${dbName} with allow_connections false`);
    await pgAdmin(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${dbName}'`);
    try {
      const res = await fetch(`${t.url}/readyz`);
      assert.equal(res.status, 503);
      const body = (await res.json()) as { database: { state: string } };
      assert.equal(body.database.state, 'down');
      const error = failure(await gql(t.url, MeDocument, {}, t.adminToken));
      assert.equal(error.extensions.code, 'BACKEND_UNAVAILABLE');
      assert.equal(error.extensions.backend, 'database');
    } finally {
      await pgAdmin(`alter database ${dbName} with allow_connections true`);
    }
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      status = (await fetch(`${t.url}/readyz`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(status, 200);
    assert.equal(ok(await gql(t.url, MeDocument, {}, t.adminToken)).me.name, 'admin');
  });
});
