import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import { afterEach, describe, it } from 'node:test';
import { defaultRegistry } from '../../backends/registry';
import { BACKEND_CALLS } from '../../src/observability/backend-calls';
import { LATENCY_BUCKETS } from '../../src/observability/prometheus';
import { gql, ok, type GqlResult } from '../helpers/client';
import type { Driver } from '../helpers/databases';
import { downBackendFactory, hangingBackendFactory, WITH_DOWN_DIRECTORY } from '../helpers/down-backend';
import { fetchMetrics, scrape, type Scrape } from '../helpers/prometheus';
import { DRIVERS, startTestServer, type TestServer } from '../helpers/server';

const PASSWORD = 'metrics-Pass-1';

/** Lockout after 3 failures; of the rate limits, the per-account login limit is small (4 a window). */
const WORKLOAD_CONFIG = {
  lockout: { maxFailures: 3, windowSeconds: 900, lockSeconds: 900 },
  rateLimits: {
    login: {
      attemptsPerAddress: false,
      failuresPerAddress: false,
      failuresPerAccount: { limit: 4, windowSeconds: 3600, blockSeconds: 0 },
    },
  },
};

/** The limits WORKLOAD_CONFIG leaves on (the defaults of the other operations among them). */
const LIMITS_ON = [
  'login.failuresPerAccount',
  'confirmEmail.failuresPerAddress',
  'confirmEmail.failuresPerAccount',
  'sendEmailVerification.attemptsPerAddress',
  'sendEmailVerification.attemptsPerAccount',
  'resetPassword.attemptsPerAddress',
  'resetPassword.attemptsPerAccount',
];

const LOGIN =
  'mutation Login($name: String!, $password: String!) { login(name: $name, password: $password) { token } }';
const CREATE_USER = 'mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { id } }';
const ME = 'query Me { me { id name } }';

function codeOf(result: GqlResult<unknown>): string {
  return result.errors?.length ? result.errors[0]!.extensions.code : 'OK';
}

async function login(t: TestServer, name: string, password: string): Promise<string> {
  return codeOf(await gql(t.url, LOGIN, { name, password }));
}

/** Every series of a counter family, as "label=value,…" -> value, for exact comparison. */
function counterTable(s: Scrape, name: string): Record<string, number> {
  const table: Record<string, number> = {};
  for (const sample of s.samples(name)) {
    const key = Object.entries(sample.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    table[key] = sample.value;
  }
  return table;
}

/** A histogram series is whole: count equal to the +Inf bucket, cumulative, every fixed bucket present. */
function assertHistogramShape(s: Scrape, name: string): void {
  for (const h of s.histograms(name)) {
    assert.deepEqual(
      [...h.buckets.keys()],
      [...LATENCY_BUCKETS.map(String), '+Inf'],
      `${name} has the fixed buckets`,
    );
    assert.equal(h.buckets.get('+Inf'), h.count, `${name}${JSON.stringify(h.labels)}: +Inf bucket = count`);
    const counts = [...h.buckets.values()];
    assert.ok(
      counts.every((c, i) => i === 0 || c >= counts[i - 1]!),
      'buckets are cumulative',
    );
    assert.ok(h.count === 0 || h.sum > 0, 'a histogram with observations has a positive sum');
  }
}

function defineWorkloadSuite(driver: Driver): void {
  describe(`metrics on ${driver}`, () => {
    let t: TestServer | undefined;
    afterEach(async () => {
      await t?.close();
      t = undefined;
    });

    it('counts a known workload exactly: operations, codes, logins, lockouts, refusals, backend calls', async () => {
      t = await startTestServer(driver, WORKLOAD_CONFIG);
      const s = t;
      // startTestServer logged the admin in: one successful Login already.
      for (const name of ['ann', 'victim']) {
        ok(await gql(s.url, CREATE_USER, { input: { name, password: PASSWORD } }, s.adminToken));
      }
      const codes: string[] = [];
      for (let i = 0; i < 3; i++) codes.push(await login(s, 'ann', PASSWORD));
      for (let i = 0; i < 2; i++) codes.push(await login(s, 'ann', 'wrong-password-1'));
      codes.push(await login(s, 'ghost', 'wrong-password-1'));
      // victim: the third failure locks the account; the fourth fails on the lock; the fifth is
      // over the per-account limit (4) and refused before any password check.
      for (let i = 0; i < 5; i++) codes.push(await login(s, 'victim', 'wrong-password-1'));
      assert.deepEqual(codes, [
        'OK',
        'OK',
        'OK',
        'UNAUTHENTICATED',
        'UNAUTHENTICATED',
        'UNAUTHENTICATED',
        'UNAUTHENTICATED',
        'UNAUTHENTICATED',
        'UNAUTHENTICATED',
        'UNAUTHENTICATED',
        'RATE_LIMITED',
      ]);
      for (let i = 0; i < 2; i++) assert.equal(codeOf(await gql(s.url, ME, {}, s.adminToken)), 'OK');
      assert.equal(codeOf(await gql(s.url, ME, {}, null)), 'UNAUTHENTICATED');
      assert.equal(codeOf(await gql(s.url, '{ __typename }')), 'OK');
      const broken = await gql(s.url, 'query { me {');
      assert.equal(codeOf(broken), 'BAD_USER_INPUT');
      assert.equal((await fetch(`${s.url}/healthz`)).status, 200);
      assert.equal((await fetch(`${s.url}/healthz`)).status, 200);
      assert.equal((await fetch(`${s.url}/no-such-route/${randomBytes(4).toString('hex')}`)).status, 404);

      const before = await scrape(s.url);
      const operationsBefore = new Set(
        before.samples('idgate_graphql_requests_total').map((x) => x.labels.operation),
      );
      // 50 operations with names nobody knows: they share one label value.
      for (let i = 0; i < 50; i++) {
        const name = `Probe${randomBytes(6).toString('hex')}`;
        assert.equal(codeOf(await gql(s.url, `query ${name} { __typename }`)), 'OK');
      }
      const after = await scrape(s.url);

      const operationsAfter = new Set(
        after.samples('idgate_graphql_requests_total').map((x) => x.labels.operation),
      );
      assert.deepEqual(
        [...operationsAfter].filter((o) => !operationsBefore.has(o)),
        ['unknown'],
        '50 unknown names add one label value',
      );
      assert.deepEqual(counterTable(after, 'idgate_graphql_requests_total'), {
        'operation=Login,code=OK': 4,
        'operation=Login,code=UNAUTHENTICATED': 7,
        'operation=Login,code=RATE_LIMITED': 1,
        'operation=CreateUser,code=OK': 2,
        'operation=Me,code=OK': 2,
        'operation=Me,code=UNAUTHENTICATED': 1,
        'operation=anonymous,code=OK': 1,
        'operation=anonymous,code=BAD_USER_INPUT': 1,
        'operation=unknown,code=OK': 50,
      });
      // The latency histogram has one series per counter series, with the same counts.
      for (const sample of after.samples('idgate_graphql_requests_total')) {
        assert.equal(
          after.histogram('idgate_graphql_request_duration_seconds', sample.labels).count,
          sample.value,
          JSON.stringify(sample.labels),
        );
      }
      assertHistogramShape(after, 'idgate_graphql_request_duration_seconds');

      assert.deepEqual(counterTable(after, 'idgate_logins_total'), {
        'result=success': 4,
        'result=failure': 7,
      });
      assert.equal(after.value('idgate_login_lockouts_total'), 1);
      assert.deepEqual(
        counterTable(after, 'idgate_rate_limit_refusals_total'),
        Object.fromEntries(LIMITS_ON.map((l) => [`limit=${l}`, l === 'login.failuresPerAccount' ? 1 : 0])),
      );

      // Every login that got past the limits had its password checked once by the local backend
      // (an unknown name too, against no user): 4 successes and 7 failures; the refused one never.
      assert.equal(
        after.histogram('idgate_backend_call_duration_seconds', {
          backend: 'local',
          call: 'verifyPassword',
          outcome: 'ok',
        }).count,
        11,
      );
      for (const h of after.histograms('idgate_backend_call_duration_seconds')) {
        assert.equal(h.labels.backend, 'local');
        assert.ok((BACKEND_CALLS as readonly string[]).includes(h.labels.call!), h.labels.call);
      }
      // The first scrape's health probe called checkHealth once (its result was reused since).
      assert.equal(
        after.histogram('idgate_backend_call_duration_seconds', {
          backend: 'local',
          call: 'checkHealth',
          outcome: 'ok',
        }).count,
        1,
      );
      assertHistogramShape(after, 'idgate_backend_call_duration_seconds');

      // HTTP: 19 GraphQL requests before the 50 probes, the health checks, the 404, the first scrape.
      const graphqlPosts = after
        .samples('idgate_http_requests_total')
        .filter((x) => x.labels.route === '/graphql' && x.labels.method === 'POST')
        .reduce((sum, x) => sum + x.value, 0);
      assert.equal(graphqlPosts, 1 + 2 + 11 + 3 + 1 + 1 + 50);
      assert.equal(
        after.value('idgate_http_requests_total', { route: '/healthz', method: 'GET', status: '200' }),
        2,
      );
      assert.equal(
        after.value('idgate_http_requests_total', { route: 'unmatched', method: 'GET', status: '404' }),
        1,
      );
      assert.equal(
        after.value('idgate_http_requests_total', { route: '/metrics', method: 'GET', status: '200' }),
        1,
      );
      assert.equal(
        after.histogram('idgate_http_request_duration_seconds', { route: '/graphql', method: 'POST' }).count,
        graphqlPosts,
      );
      assertHistogramShape(after, 'idgate_http_request_duration_seconds');
      // No label anywhere carries a user name, a password or a token.
      for (const secret of ['ann', 'victim', 'ghost', PASSWORD, s.adminToken]) {
        assert.ok(!after.text.includes(`"${secret}"`), `no label value ${secret}`);
      }

      assert.equal(after.value('idgate_database_up'), 1);
      assert.equal(after.value('idgate_backend_up', { backend: 'local' }), 1);
      assert.equal(after.value('idgate_db_pool_max_connections'), driver === 'sqlite' ? 1 : 10);
      assert.equal(after.value('idgate_db_pool_pending_acquires'), 0);
      // Process and Node.js metrics, event-loop delay among them.
      for (const name of [
        'nodejs_eventloop_lag_seconds',
        'nodejs_eventloop_lag_p99_seconds',
        'process_cpu_seconds_total',
      ]) {
        assert.ok(after.has(name), name);
      }
    });

    if (driver === 'postgres') {
      it('reports the connection pool: connections in use and queries waiting for one', async () => {
        t = await startTestServer(driver, {});
        const orm = t.server.db.orm;
        // 12 slow statements on a pool of 10: 10 run, 2 wait.
        const sleepers = Array.from({ length: 12 }, () =>
          (orm.em.fork() as EntityManager).getConnection().execute('select pg_sleep(1.5)'),
        );
        // Wait until the pool is full, as the pool itself says (then scrape while it is).
        const deadline = Date.now() + 5000;
        while ((t.server.db.poolStats()?.used ?? 0) < 10 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const busy = await scrape(t.url);
        assert.equal(busy.value('idgate_db_pool_connections', { state: 'used' }), 10);
        assert.equal(busy.value('idgate_db_pool_connections', { state: 'free' }), 0);
        assert.equal(busy.value('idgate_db_pool_pending_acquires'), 2);
        // The health probe waited for a connection (within its 3 s bound) and found the database up.
        assert.equal(busy.value('idgate_database_up'), 1);
        await Promise.all(sleepers);
        const idle = await scrape(t.url);
        assert.equal(idle.value('idgate_db_pool_connections', { state: 'used' }), 0);
        assert.equal(idle.value('idgate_db_pool_pending_acquires'), 0);
        assert.ok((idle.value('idgate_db_pool_connections', { state: 'free' }) ?? 0) >= 10);
      });
    }
  });
}

for (const driver of DRIVERS) defineWorkloadSuite(driver);

describe('metrics access', () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('asks for the token of the config file when one is set: 401 without it or with another', async () => {
    const token = 'file-token-0123456789abcdef';
    t = await startTestServer('sqlite', { metrics: { token } });
    const none = await fetchMetrics(t.url);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="metrics"');
    assert.ok(!(await none.text()).includes('idgate_'), 'a refused scrape shows no metric');
    assert.equal((await fetchMetrics(t.url, 'another-token-0123456789')).status, 401);
    assert.equal(
      (await fetchMetrics(t.url, t.adminToken)).status,
      401,
      'a session token is not the metrics token',
    );
    const good = await scrape(t.url, token);
    assert.ok(good.has('idgate_graphql_requests_total'));
  });

  it('takes the token from IDGATE_METRICS_TOKEN over the file', async () => {
    const envToken = 'env-token-0123456789abcdef';
    t = await startTestServer(
      'sqlite',
      { metrics: { token: 'file-token-0123456789abcdef' } },
      {
        env: { IDGATE_METRICS_TOKEN: envToken },
      },
    );
    assert.equal((await fetchMetrics(t.url, 'file-token-0123456789abcdef')).status, 401);
    assert.equal((await fetchMetrics(t.url, envToken)).status, 200);
  });

  it('answers 404 at /metrics when metrics are off, and the API works as before', async () => {
    t = await startTestServer('sqlite', { metrics: { enabled: false } });
    assert.equal((await fetchMetrics(t.url)).status, 404);
    assert.equal(codeOf(await gql(t.url, ME, {}, t.adminToken)), 'OK');
  });

  it('serves /metrics on metrics.port only, with its token, when the port is set', async () => {
    const token = 'port-token-0123456789abcdef';
    t = await startTestServer('sqlite', { metrics: { port: 0, token } });
    const metricsUrl = t.server.metricsUrl();
    assert.ok(metricsUrl && metricsUrl !== t.url);
    assert.equal((await fetchMetrics(t.url, token)).status, 404, 'not on the API port');
    assert.equal((await fetchMetrics(metricsUrl)).status, 401);
    const s = await scrape(metricsUrl, token);
    // The admin's login (by the test helper) went through the API port and is counted.
    assert.equal(s.value('idgate_graphql_requests_total', { operation: 'Login', code: 'OK' }), 1);
    assert.equal((await fetch(`${metricsUrl}/graphql`)).status, 404, 'the metrics port serves nothing else');
  });

  it("counts operations named after root fields and the operator's operationNames, others as unknown", async () => {
    t = await startTestServer('sqlite', { metrics: { operationNames: ['DashboardUsers'] } });
    for (const name of ['me', 'Me', 'DashboardUsers', 'UsersPage', 'users', 'Users', 'SomethingElse']) {
      await gql(t.url, `query ${name} { __typename }`);
    }
    const s = await scrape(t.url);
    assert.deepEqual(counterTable(s, 'idgate_graphql_requests_total'), {
      'operation=Login,code=OK': 1,
      'operation=me,code=OK': 1,
      'operation=Me,code=OK': 1,
      'operation=DashboardUsers,code=OK': 1,
      'operation=UsersPage,code=OK': 1,
      'operation=users,code=OK': 1,
      'operation=Users,code=OK': 1,
      'operation=unknown,code=OK': 1,
    });
  });

  it('reports a backend that is down: health 0, its failed calls, the code its callers got', async () => {
    t = await startTestServer('sqlite', WITH_DOWN_DIRECTORY, {
      registry: defaultRegistry().with(downBackendFactory),
    });
    assert.equal(
      codeOf(await gql(t.url, LOGIN, { name: 'nobody', password: PASSWORD })),
      'BACKEND_UNAVAILABLE',
    );
    const s = await scrape(t.url);
    assert.equal(s.value('idgate_backend_up', { backend: 'local' }), 1);
    assert.equal(s.value('idgate_backend_up', { backend: 'dir' }), 0);
    assert.equal(s.value('idgate_database_up'), 1);
    assert.equal(
      s.histogram('idgate_backend_call_duration_seconds', {
        backend: 'dir',
        call: 'findUserByName',
        outcome: 'error',
      }).count,
      1,
    );
    assert.equal(
      s.value('idgate_graphql_requests_total', { operation: 'Login', code: 'BACKEND_UNAVAILABLE' }),
      1,
    );
    // Neither a success nor a failure: the login could not be decided.
    assert.deepEqual(counterTable(s, 'idgate_logins_total'), { 'result=success': 1, 'result=failure': 0 });
  });

  it('answers a scrape within its bound when a backend never answers its health check', async () => {
    t = await startTestServer(
      'sqlite',
      {
        domains: [
          {
            name: 'default',
            backends: [
              { id: 'local', kind: 'local' },
              { id: 'stuck', kind: 'hanging' },
            ],
          },
        ],
      },
      { registry: defaultRegistry().with(hangingBackendFactory) },
    );
    const started = performance.now();
    const s = await scrape(t.url);
    const seconds = (performance.now() - started) / 1000;
    assert.ok(seconds < 5, `the scrape took ${seconds.toFixed(1)} s`);
    assert.equal(s.value('idgate_backend_up', { backend: 'stuck' }), 0);
    assert.equal(s.value('idgate_backend_up', { backend: 'local' }), 1);
  });

  it('loads none of the OpenTelemetry SDK when OTEL_EXPORTER_OTLP_ENDPOINT is not set', async () => {
    t = await startTestServer('sqlite', {});
    ok(await gql(t.url, ME, {}, t.adminToken));
    const loaded = Object.keys(require.cache).filter((path) =>
      /@opentelemetry[\\/](sdk-|exporter-|resources)/.test(path),
    );
    assert.deepEqual(loaded, []);
  });
});
