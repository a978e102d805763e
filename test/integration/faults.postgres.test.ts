import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import {
  CreateUserDocument,
  ListUsersDocument,
  LoginDocument,
  MeDocument,
  UpdateMyProfileDocument,
} from '../generated/graphql';
import { failure, gql, ok } from '../helpers/client';
import { PG_ADMIN_URL, pgAdmin } from '../helpers/databases';
import { ADMIN_PASSWORD } from '../helpers/server';
import {
  assertFollowsStatusRule,
  readyz,
  startFaultServer,
  timedCall,
  waitUntilReady,
  type Answer,
  type FaultServer,
} from './faults.shared';

/** The bounds: every request within 5 s, /readyz within 2 s (measured over real HTTP). */
const REQUEST_BOUND_MS = 5000;
const READYZ_BOUND_MS = 2000;

/** An admin connection to one test database, for locks that make idgate's statements wait. */
async function connectTo(databaseUrl: string): Promise<Client> {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = new URL(databaseUrl).pathname;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

/**
 * Runs `total` calls of `work`, `concurrency` at a time (`worker` says which of the concurrent
 * loops makes the call); `onProgress` sees how many have finished.
 */
async function runLoad<T>(
  total: number,
  concurrency: number,
  work: (i: number, worker: number) => Promise<T>,
  onProgress: (done: number) => void = () => undefined,
): Promise<T[]> {
  const results: T[] = new Array(total);
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < total) {
        const i = next++;
        results[i] = await work(i, worker);
        onProgress(++done);
      }
    }),
  );
  return results;
}

describe('faults on PostgreSQL', () => {
  describe('a silent database (packets dropped, connections left open)', () => {
    let t: FaultServer;
    before(async () => {
      t = await startFaultServer('postgres');
    });
    after(async () => {
      await t?.close();
    });

    it('answers every request BACKEND_UNAVAILABLE within 5 s, /readyz 503 within 2 s, /healthz 200; recovers by itself', async (tc) => {
      // Warm the pool so that some connections are idle in it when the database goes silent.
      await Promise.all(Array.from({ length: 6 }, () => gql(t.url, MeDocument, {}, t.adminToken)));
      t.proxy!.drop();
      try {
        const calls: Promise<Answer>[] = [];
        for (let i = 0; i < 4; i++) {
          calls.push(timedCall(t.url, MeDocument, {}, t.adminToken)); // refused while the token is checked
          calls.push(timedCall(t.url, ListUsersDocument, { first: 5 }, t.adminToken));
          calls.push(timedCall(t.url, LoginDocument, { name: 'admin', password: ADMIN_PASSWORD }, null)); // executed
          calls.push(timedCall(t.url, '{ __typename }', undefined, null)); // needs no database at all
        }
        const ready = readyz(t.url);
        const health = fetch(`${t.url}/healthz`);
        const answers = await Promise.all(calls);
        const slowest = Math.max(...answers.map((a) => a.ms));
        answers.forEach((answer, i) => {
          const context = `call ${i}: ${JSON.stringify(answer)}`;
          assert.ok(answer.ms < REQUEST_BOUND_MS, context);
          assertFollowsStatusRule(answer, context);
          if (i % 4 === 3) {
            assert.equal(answer.status, 200, context);
            assert.equal(answer.errors.length, 0, context);
            return;
          }
          assert.equal(answer.errors.length, 1, context);
          assert.equal(answer.errors[0]!.extensions.code, 'BACKEND_UNAVAILABLE', context);
          assert.equal(answer.errors[0]!.extensions.backend, 'database', context);
          // The token check runs before execution: refused with 503; an anonymous login executes: 200.
          assert.equal(answer.status, i % 4 === 2 ? 200 : 503, context);
        });
        const r = await ready;
        assert.equal(r.status, 503);
        assert.ok(r.ms < READYZ_BOUND_MS, `readyz took ${r.ms} ms`);
        assert.deepEqual(r.body.database, { kind: 'postgresql', state: 'down' });
        assert.equal((await health).status, 200);
        // A second round, once every pooled connection has been given up: still bounded.
        const again = await timedCall(t.url, MeDocument, {}, t.adminToken);
        assert.ok(again.ms < REQUEST_BOUND_MS, JSON.stringify(again));
        assert.equal(again.errors[0]?.extensions.code, 'BACKEND_UNAVAILABLE');
        const readyAgain = await readyz(t.url);
        assert.ok(readyAgain.ms < READYZ_BOUND_MS && readyAgain.status === 503, JSON.stringify(readyAgain));
        tc.diagnostic(`silent database: slowest answer ${slowest} ms, readyz ${r.ms} ms`);
      } finally {
        t.proxy!.resume();
      }
      const recoveredIn = await waitUntilReady(t.url, 15_000);
      assert.equal(ok(await gql(t.url, MeDocument, {}, t.adminToken)).me!.name, 'admin');
      ok(await gql(t.url, LoginDocument, { name: 'admin', password: ADMIN_PASSWORD }));
      tc.diagnostic(`silent database: ready again ${recoveredIn} ms after it answered again`);
    });
  });

  describe('connections cut in the middle of a load', () => {
    const WORKERS = 8;
    let t: FaultServer;
    /** One user (and token) per concurrent worker: parallel changes of one user are another matter. */
    const tokens: string[] = [];
    before(async () => {
      t = await startFaultServer('postgres');
      for (let w = 0; w < WORKERS; w++) {
        const name = `worker-${w}`;
        ok(
          await gql(
            t.url,
            CreateUserDocument,
            { input: { name, password: 'worker-Password-1' } },
            t.adminToken,
          ),
        );
        tokens.push(ok(await gql(t.url, LoginDocument, { name, password: 'worker-Password-1' })).login.token);
      }
    });
    after(async () => {
      await t?.close();
    });

    /** 200 requests (reads, transactions, logins), 8 at a time; `fault` runs once half are done. */
    async function loadWithFault(fault: () => Promise<void> | void): Promise<Answer[]> {
      let faulted: Promise<void> | null = null;
      const answers = await runLoad(
        200,
        WORKERS,
        (i, worker) => {
          switch (i % 4) {
            case 0:
              return timedCall(t.url, MeDocument, {}, tokens[worker]);
            case 1:
              return timedCall(
                t.url,
                UpdateMyProfileDocument,
                { input: { fullName: `Worker ${i}` } },
                tokens[worker],
              );
            case 2:
              return timedCall(t.url, ListUsersDocument, { first: 20 }, t.adminToken);
            default:
              return timedCall(
                t.url,
                CreateUserDocument,
                { input: { name: `load-${Date.now()}-${i}`, password: 'load-Password-1' } },
                t.adminToken,
              );
          }
        },
        (done) => {
          if (done === 100 && !faulted) faulted = Promise.resolve(fault());
        },
      );
      await faulted;
      return answers;
    }

    function check(answers: Answer[]): { failed: number } {
      let failed = 0;
      answers.forEach((answer, i) => {
        const context = `request ${i}: ${JSON.stringify(answer)}`;
        assertFollowsStatusRule(answer, context);
        for (const error of answer.errors) {
          assert.equal(error.extensions.code, 'BACKEND_UNAVAILABLE', context);
          assert.equal(error.extensions.backend, 'database', context);
        }
        if (answer.errors.length) failed++;
      });
      return { failed };
    }

    it('proxy reset of every connection: data or BACKEND_UNAVAILABLE, never 500 or INTERNAL_SERVER_ERROR; serves again', async (tc) => {
      const answers = await loadWithFault(() => t.proxy!.cut());
      const { failed } = check(answers);
      tc.diagnostic(`cut mid-load: ${failed} of ${answers.length} answers BACKEND_UNAVAILABLE`);
      assert.ok(failed < answers.length);
      assert.equal(ok(await gql(t.url, MeDocument, {}, t.adminToken)).me!.name, 'admin');
    });

    it("the server ends idgate's sessions (57P01, admin shutdown): the same", async (tc) => {
      const dbName = new URL(t.database.url).pathname.slice(1);
      const answers = await loadWithFault(() =>
        pgAdmin(
          `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${dbName}' and pid <> pg_backend_pid()`,
        ),
      );
      const { failed } = check(answers);
      tc.diagnostic(`terminated mid-load: ${failed} of ${answers.length} answers BACKEND_UNAVAILABLE`);
      assert.equal(ok(await gql(t.url, MeDocument, {}, tokens[0])).me!.name, 'worker-0');
    });
  });

  describe('statement and pool timeouts', () => {
    let t: FaultServer;
    let locker: Client;
    before(async () => {
      t = await startFaultServer('postgres', {
        database: { statementTimeoutMs: 800, poolSize: 2, acquireTimeoutMs: 300 },
      });
      locker = await connectTo(t.database.url);
    });
    after(async () => {
      await locker?.end();
      await t?.close();
    });

    it('a statement held by a lock is cancelled by the server (57014): BACKEND_UNAVAILABLE, and the connection is reused', async () => {
      await locker.query('begin');
      await locker.query('lock table sessions in access exclusive mode');
      try {
        const answer = await timedCall(t.url, MeDocument, {}, t.adminToken);
        assertFollowsStatusRule(answer, JSON.stringify(answer));
        assert.equal(answer.status, 503);
        assert.equal(answer.errors[0]!.extensions.code, 'BACKEND_UNAVAILABLE');
        assert.ok(answer.ms >= 700 && answer.ms < 3000, `${answer.ms} ms`);
      } finally {
        await locker.query('rollback');
      }
      assert.equal(ok(await gql(t.url, MeDocument, {}, t.adminToken)).me!.name, 'admin');
    });

    it('a request that finds the pool busy past acquireTimeoutMs: BACKEND_UNAVAILABLE (KnexTimeoutError)', async () => {
      await locker.query('begin');
      await locker.query('lock table sessions in access exclusive mode');
      let answers: Answer[];
      try {
        // Two requests hold both pool connections (waiting for the lock); the others wait for one.
        answers = await Promise.all(
          Array.from({ length: 6 }, () => timedCall(t.url, MeDocument, {}, t.adminToken)),
        );
      } finally {
        await locker.query('rollback');
      }
      for (const answer of answers) {
        assertFollowsStatusRule(answer, JSON.stringify(answer));
        assert.equal(answer.errors[0]?.extensions.code, 'BACKEND_UNAVAILABLE', JSON.stringify(answer));
      }
      // Some gave up waiting for the pool long before the statement timeout.
      assert.ok(
        answers.some((a) => a.ms < 700),
        JSON.stringify(answers.map((a) => a.ms)),
      );
      assert.equal(ok(await gql(t.url, MeDocument, {}, t.adminToken)).me!.name, 'admin');
    });

    it('an executed mutation that meets the lock: 200 with BACKEND_UNAVAILABLE, nothing changed', async () => {
      const token = ok(await gql(t.url, LoginDocument, { name: 'admin', password: ADMIN_PASSWORD })).login
        .token;
      await locker.query('begin');
      // EXCLUSIVE lets reads through (the token check) and holds every write.
      await locker.query('lock table users in exclusive mode');
      let answer: Answer;
      try {
        // The token check reads sessions (not locked); the mutation then waits for users.
        answer = await timedCall(
          t.url,
          UpdateMyProfileDocument,
          { input: { fullName: 'Locked Out' } },
          token,
        );
      } finally {
        await locker.query('rollback');
      }
      assertFollowsStatusRule(answer, JSON.stringify(answer));
      assert.equal(answer.status, 200);
      assert.equal(answer.errors[0]!.extensions.code, 'BACKEND_UNAVAILABLE');
      const me = ok(await gql(t.url, MeDocument, {}, token)).me!;
      assert.notEqual(me.profile.fullName, 'Locked Out');
      assert.equal(
        failure(await gql(t.url, MeDocument, {}, 'not-a-token')).extensions.code,
        'UNAUTHENTICATED',
      );
    });
  });
});
