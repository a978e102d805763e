import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { after, afterEach, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { CreateUserDocument } from '../generated/graphql';
import { ok } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';
import { burstOfUnknownNames, codeOf, login, retryAfter } from './rate-limits.suite';

const REDIS_URL = process.env.IDGATE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PASSWORD = 'replica-Pass-1';

/** Two idgate servers (replicas) on one PostgreSQL database, with the same config and environment. */
async function startPair(config: object, env: NodeJS.ProcessEnv = {}): Promise<[TestServer, TestServer]> {
  const a = await startTestServer('postgres', config, { env });
  try {
    const b = await startTestServer('postgres', config, { env, databaseUrl: a.database.url });
    return [a, b];
  } catch (error) {
    await a.close();
    throw error;
  }
}

async function rows(t: TestServer, prefix: string): Promise<number> {
  const [row] = await t.server.db.orm.em
    .fork()
    .getConnection()
    .execute(`select count(*) as n from rate_limits where key like '${prefix}:%'`);
  return Number((row as { n: number | string }).n);
}

/** The shared limits, whichever store holds them (PostgreSQL, or Redis when REDIS_URL is set). */
function defineReplicaCases(
  store: 'postgresql' | 'redis',
  env: () => NodeJS.ProcessEnv,
  prefix: () => string,
) {
  let pair: [TestServer, TestServer] | undefined;
  afterEach(async () => {
    await pair?.[1].close();
    await pair?.[0].close();
    pair = undefined;
  });

  it(`keeps the limits of two replicas in ${store}: 200 logins spread over both pass no more than one server alone would`, async () => {
    pair = await startPair({ rateLimits: { keyPrefix: prefix() } }, env());
    const burst = await burstOfUnknownNames(pair, store);
    // One shared count of 10 failures per address and minute; kept apart, each would let 10 pass.
    assert.ok(burst.unauthenticated >= 1 && burst.unauthenticated <= 10, JSON.stringify(burst));
    assert.equal(burst.lookups, burst.unauthenticated);
    // Where the counters are: rows in PostgreSQL for that store, none there for Redis.
    const inTable = await rows(pair[0], prefix());
    if (store === 'postgresql') assert.ok(inTable > 0);
    else assert.equal(inTable, 0);
  });

  it(`shares per-account limits, blocks and resets between replicas (${store})`, async () => {
    pair = await startPair(
      {
        rateLimits: {
          keyPrefix: prefix(),
          login: { attemptsPerAddress: false, failuresPerAddress: false, failuresPerAccount: { limit: 3 } },
        },
      },
      env(),
    );
    const [a, b] = pair;
    ok(await a.call(CreateUserDocument, { input: { name: 'rep', password: PASSWORD } }));
    // Two failures on A, a success on B starts the account over for both.
    assert.equal(codeOf(await login(a, 'rep', 'wrong-password')), 'UNAUTHENTICATED');
    assert.equal(codeOf(await login(a, 'rep', 'wrong-password')), 'UNAUTHENTICATED');
    assert.equal(codeOf(await login(b, 'rep', PASSWORD)), 'OK');
    // Three failures alternating between A and B; the fourth attempt is refused on either.
    assert.equal(codeOf(await login(a, 'rep', 'wrong-password')), 'UNAUTHENTICATED');
    assert.equal(codeOf(await login(b, 'rep', 'wrong-password')), 'UNAUTHENTICATED');
    assert.equal(codeOf(await login(a, 'REP', 'wrong-password')), 'UNAUTHENTICATED');
    assert.equal(retryAfter(await login(b, 'rep', PASSWORD)), 900);
    assert.ok(retryAfter(await login(a, 'rep', PASSWORD)) <= 900);
  });
}

describe('rate limits shared by replicas', () => {
  describe('PostgreSQL store (two servers on one database)', () => {
    let prefix = '';
    before(() => {
      prefix = `t${randomBytes(4).toString('hex')}`;
    });
    defineReplicaCases(
      'postgresql',
      () => ({}),
      () => prefix,
    );
  });

  describe('Redis store (REDIS_URL set)', () => {
    let redis: Redis;
    let prefix = '';
    before(async () => {
      redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
      await redis.connect();
      prefix = `idgate-test-${randomBytes(4).toString('hex')}`;
    });
    const keysMatching = async (pattern: string): Promise<string[]> => {
      const found: string[] = [];
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
        found.push(...keys);
        cursor = next;
      } while (cursor !== '0');
      return found;
    };
    after(async () => {
      // Leave nothing behind in the machine's Redis.
      const keys = await keysMatching(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    });
    defineReplicaCases(
      'redis',
      () => ({ REDIS_URL }),
      () => prefix,
    );

    it('keeps its counters under the configured key prefix', async () => {
      const keys = await keysMatching(`${prefix}:login.*`);
      assert.ok(
        keys.some((k) => k.startsWith(`${prefix}:login.failuresPerAddress:`)),
        `no login counters in Redis: ${keys.join(', ')}`,
      );
      assert.ok(
        keys.every((k) => !k.includes('rep')),
        'an account name was stored in the clear',
      );
    });
  });

  describe('Redis unreachable', () => {
    let t: TestServer | undefined;
    after(async () => {
      await t?.close();
    });

    it('starts, warns, and still limits in each process until Redis answers', async () => {
      const log = new PassThrough();
      const lines: string[] = [];
      log.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
      t = await startTestServer(
        'sqlite',
        { rateLimits: { login: { attemptsPerAddress: false, failuresPerAccount: false } } },
        // Nothing listens on port 1.
        { env: { REDIS_URL: 'redis://127.0.0.1:1' }, logStream: log },
      );
      const started = Date.now();
      const codes: string[] = [];
      for (let i = 0; i < 11; i++) codes.push(codeOf(await login(t, `away-${i}`, 'wrong-password')));
      assert.deepEqual(codes, [...Array(10).fill('UNAUTHENTICATED'), 'RATE_LIMITED']);
      assert.ok(Date.now() - started < 15_000, 'a login waited for the missing Redis');
      assert.ok(
        lines.some((l) => l.includes('counted in this process only')),
        'no warning about the missing store',
      );
      assert.ok(!lines.some((l) => l.includes('redis://')), 'the Redis URL was logged');
    });
  });
});
