import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Client } from 'pg';
import {
  CreateUserDocument,
  DisableUserDocument,
  GetUserDocument,
  LoginDocument,
  LogoutDocument,
  MeDocument,
  ResetPasswordDocument,
  UnlockUserDocument,
} from '../generated/graphql';
import { failure, gql, ok, type GqlResult } from '../helpers/client';
import { freshDatabase, type TestDatabase } from '../helpers/databases';

/**
 * Several replicas (issue 9, point 14): two real idgate processes (`node dist/src/index.js`, as in
 * production) on one PostgreSQL database act as one. Every check makes a change through one process
 * and observes it through the other at the very next request.
 */

const ENTRY = join(__dirname, '..', '..', 'src', 'index.js');
const ADMIN_PASSWORD = 'replica-Admin-Pass-1';
const PASSWORD = 'replica-User-Pass-1';

/**
 * Both processes read this file. The rate limits are on (the default) with a small per-address
 * failure limit, so that the shared count shows after a few logins. idgate trusts X-Forwarded-For
 * from loopback, as it would from a load balancer, so each test speaks from its own client address
 * and the counts of one test do not touch another's.
 */
const CONFIG = {
  http: { trustProxy: ['loopback'] },
  lockout: { maxFailures: 3, windowSeconds: 900, lockSeconds: 900 },
  rateLimits: {
    keyPrefix: 'replicas',
    login: {
      failuresPerAddress: { limit: 6, windowSeconds: 600, blockSeconds: 600 },
      failuresPerAccount: { limit: 50 },
    },
  },
};

interface Replica {
  name: string;
  child: ChildProcess;
  url: string;
  /** Everything the process wrote, for the message of a failing assertion. */
  output: string[];
}

/** Starts one idgate process and waits for its "listening" line (30 s at most). */
function startReplica(name: string, env: NodeJS.ProcessEnv): Promise<Replica> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENTRY], {
      env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    let buffer = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`replica ${name} did not start in 30 s:\n${output.join('\n')}`));
    }, 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let i: number;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        output.push(line);
        const match = /"url":"(http:[^"]+)\/graphql"/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve({ name, child, url: match[1]!, output });
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`replica ${name} exited (${code ?? signal}):\n${output.join('\n')}`));
    });
  });
}

/** Stops a replica: SIGTERM, then SIGKILL if it is still there after 15 s. */
async function stopReplica(replica: Replica | undefined): Promise<void> {
  const child = replica?.child;
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

describe('two idgate processes on one PostgreSQL database', () => {
  let database: TestDatabase | undefined;
  let configDir: string | undefined;
  let a: Replica | undefined;
  let b: Replica | undefined;
  let adminA = '';
  let adminB = '';

  /** Sends one operation to a replica, from `address` (X-Forwarded-For) when given. */
  function call<T, V>(
    replica: Replica | undefined,
    document: TypedDocumentNode<T, V>,
    variables: V,
    token: string | null,
    address?: string,
  ): Promise<GqlResult<T>> {
    return gql(replica!.url, document, variables, token, address ? { 'x-forwarded-for': address } : {});
  }

  function codeOf(result: GqlResult<unknown>): string {
    return result.errors?.length ? result.errors[0]!.extensions.code : 'OK';
  }

  async function login(replica: Replica | undefined, name: string, password: string, address: string) {
    return call(replica, LoginDocument, { name, password }, null, address);
  }

  /** Logs a user in on a replica and returns the session token. */
  async function session(replica: Replica | undefined, name: string, password: string, address: string) {
    return ok(await login(replica, name, password, address)).login.token;
  }

  async function createUser(name: string): Promise<void> {
    ok(await call(a, CreateUserDocument, { input: { name, password: PASSWORD } }, adminA));
  }

  before(async () => {
    database = await freshDatabase('postgres');
    configDir = mkdtempSync(join(tmpdir(), 'idgate-replicas-'));
    const configPath = join(configDir, 'idgate.json');
    writeFileSync(configPath, JSON.stringify(CONFIG));
    const env = {
      DATABASE_URL: database.url,
      IDGATE_CONFIG: configPath,
      IDGATE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    };
    // One after the other: the first one migrates the new database and creates the admin.
    a = await startReplica('A', env);
    b = await startReplica('B', env);
    assert.notEqual(a.url, b.url);
    adminA = await session(a, 'admin', ADMIN_PASSWORD, '198.51.100.1');
    adminB = await session(b, 'admin', ADMIN_PASSWORD, '198.51.100.1');
  });

  after(async () => {
    await Promise.all([stopReplica(a), stopReplica(b)]);
    await database?.drop();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });

  it('a session made on A works on B, and logout on A ends it on B at the next request', async () => {
    await createUser('rep-session');
    const token = await session(a, 'rep-session', PASSWORD, '198.51.100.10');
    assert.equal(ok(await call(b, MeDocument, {}, token)).me.name, 'rep-session');
    assert.equal(ok(await call(a, MeDocument, {}, token)).me.name, 'rep-session');
    assert.equal(ok(await call(a, LogoutDocument, {}, token)).logout, true);
    assert.equal(failure(await call(b, MeDocument, {}, token)).extensions.code, 'UNAUTHENTICATED');
    assert.equal(failure(await call(a, MeDocument, {}, token)).extensions.code, 'UNAUTHENTICATED');
  });

  it('disableUser on A ends the sessions the user has on B', async () => {
    await createUser('rep-disable');
    const onB = await session(b, 'rep-disable', PASSWORD, '198.51.100.11');
    assert.equal(ok(await call(b, MeDocument, {}, onB)).me.name, 'rep-disable');
    assert.equal(
      ok(await call(a, DisableUserDocument, { name: 'rep-disable' }, adminA)).disableUser.state,
      'DISABLED',
    );
    assert.equal(failure(await call(b, MeDocument, {}, onB)).extensions.code, 'UNAUTHENTICATED');
    // Nor can the user log in again on B.
    assert.equal(codeOf(await login(b, 'rep-disable', PASSWORD, '198.51.100.11')), 'UNAUTHENTICATED');
  });

  it('resetPassword on A makes the old password and the old sessions fail on B', async () => {
    await createUser('rep-reset');
    const onA = await session(a, 'rep-reset', PASSWORD, '198.51.100.12');
    const onB = await session(b, 'rep-reset', PASSWORD, '198.51.100.12');
    assert.equal(ok(await call(b, MeDocument, {}, onA)).me.name, 'rep-reset');
    const reset = ok(await call(a, ResetPasswordDocument, { name: 'rep-reset' }, adminA)).resetPassword;
    assert.ok(reset.temporaryPassword);
    assert.equal(failure(await call(b, MeDocument, {}, onA)).extensions.code, 'UNAUTHENTICATED');
    assert.equal(failure(await call(b, MeDocument, {}, onB)).extensions.code, 'UNAUTHENTICATED');
    assert.equal(codeOf(await login(b, 'rep-reset', PASSWORD, '198.51.100.12')), 'UNAUTHENTICATED');
    // The new password works on B at once.
    ok(await login(b, 'rep-reset', reset.temporaryPassword!, '198.51.100.12'));
  });

  it('a lockout made by failed logins on A holds on B, and unlockUser on B lifts it for A', async () => {
    await createUser('rep-lock');
    const address = '198.51.100.13';
    for (let i = 0; i < CONFIG.lockout.maxFailures; i++) {
      assert.equal(codeOf(await login(a, 'rep-lock', 'wrong-password', address)), 'UNAUTHENTICATED');
    }
    // The right password on B is refused like a wrong one, and not by a rate limit: by the lock.
    assert.equal(codeOf(await login(b, 'rep-lock', PASSWORD, address)), 'UNAUTHENTICATED');
    const seenOnB = ok(await call(b, GetUserDocument, { name: 'rep-lock' }, adminB)).user!;
    assert.equal(seenOnB.state, 'LOCKED');
    assert.ok(seenOnB.failedLoginCount >= CONFIG.lockout.maxFailures);
    assert.equal(
      ok(await call(b, UnlockUserDocument, { name: 'rep-lock' }, adminB)).unlockUser.state,
      'ENABLED',
    );
    ok(await login(a, 'rep-lock', PASSWORD, address));
  });

  it('the rate limits are shared: failed logins from one address on A and on B add up to one count', async () => {
    const address = '203.0.113.60';
    const limit = CONFIG.rateLimits.login.failuresPerAddress.limit;
    // Unknown names, one per attempt: only the per-address count can refuse these.
    for (let i = 0; i < limit; i++) {
      const replica = i % 2 === 0 ? a : b;
      assert.equal(
        codeOf(await login(replica, `nobody-${i}`, 'wrong-password', address)),
        'UNAUTHENTICATED',
        `attempt ${i + 1}`,
      );
    }
    // Each process saw only half of the failures; the store holds all of them under one key.
    const pg = new Client({ connectionString: database!.url });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ points: number }>('select points from rate_limits where key = $1', [
        `${CONFIG.rateLimits.keyPrefix}:login.failuresPerAddress:${address}`,
      ]);
      assert.equal(rows.length, 1);
      assert.equal(Number(rows[0]!.points), limit);
    } finally {
      await pg.end();
    }
    // So the next failure-prone login is refused on both, with the block's wait.
    for (const replica of [a, b]) {
      const refused = failure(await login(replica, `nobody-${replica!.name}`, 'wrong-password', address));
      assert.equal(refused.extensions.code, 'RATE_LIMITED', replica!.name);
      const retryAfter = refused.extensions.retryAfterSeconds as number;
      assert.ok(retryAfter > 0 && retryAfter <= 600, String(retryAfter));
    }
    // Another address is not affected, on either replica.
    assert.equal(codeOf(await login(a, 'nobody-x', 'wrong-password', '203.0.113.61')), 'UNAUTHENTICATED');
    assert.equal(codeOf(await login(b, 'nobody-y', 'wrong-password', '203.0.113.61')), 'UNAUTHENTICATED');
  });
});
