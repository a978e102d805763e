import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config';
import { DEFAULT_GRAPHQL_LIMITS } from '../../src/graphql/limits';
import { createServer, type IdgateServer } from '../../src/server';
import { CreateGroupDocument, LoginDocument, SetUserGroupsDocument } from '../generated/graphql';
import { ok } from '../helpers/client';
import { freshDatabase, type Driver, type TestDatabase } from '../helpers/databases';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server';

/** What came back from one raw POST to /graphql. */
interface Answer {
  status: number;
  body: {
    data?: unknown;
    errors?: Array<{ message: string; extensions: { code: string; detail?: string; fields?: unknown } }>;
  };
  /** Milliseconds from sending to the whole body read. */
  ms: number;
}

/** Posts a raw body (any text) to /graphql, as a client under no one's control would. */
async function post(url: string, body: string, token?: string | null): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const text = await res.text();
  let parsed: Answer['body'];
  try {
    parsed = JSON.parse(text) as Answer['body'];
  } catch {
    throw new Error(`HTTP ${res.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  return { status: res.status, body: parsed, ms: performance.now() - started };
}

function query(url: string, document: string, variables?: unknown, token?: string | null): Promise<Answer> {
  return post(url, JSON.stringify({ query: document, variables }), token);
}

/**
 * The answer is a refusal by a limit: BAD_USER_INPUT with `detail`, no data (nothing ran), and quick
 * (a generous bound: a refusal that hung or parsed for seconds would fail it).
 */
function assertRefused(answer: Answer, detail: string, status = 400): string {
  const error = answer.body.errors?.[0];
  assert.ok(error, `expected a refusal, got ${JSON.stringify(answer.body).slice(0, 300)}`);
  assert.equal(error.extensions.code, 'BAD_USER_INPUT', error.message);
  assert.equal(error.extensions.detail, detail, error.message);
  assert.equal(answer.body.data, undefined, 'nothing was executed');
  assert.equal(answer.status, status);
  assert.ok(answer.ms < 5000, `answered in ${answer.ms.toFixed(0)} ms`);
  return error.message;
}

// --- Bombs, generated -------------------------------------------------------------------------

/** `{ me { groups { members(first: 2) { edges { node { groups { … } } } } } } }`: exactly `depth` levels of fields. */
export function depthBomb(depth: number): string {
  const cycle = ['groups', 'members', 'edges', 'node'];
  const leaf: Record<string, string> = {
    groups: 'name',
    members: 'totalCount',
    edges: 'cursor',
    node: 'name',
  };
  let open = 'me {';
  let last = 'node';
  for (let level = 2; level < depth; level += 1) {
    last = cycle[(level - 2) % cycle.length]!;
    // Small pages keep the cost low: this bomb is about depth.
    open += last === 'members' ? ' members(first: 2) {' : ` ${last} {`;
  }
  return `{ ${open} ${leaf[last]}${' }'.repeat(depth - 1)} }`;
}

/** The same depth spread over fragments, one per hop from User to User. */
function fragmentDepthBomb(hops: number): string {
  const fragments = Array.from(
    { length: hops },
    (_, i) =>
      `fragment F${i} on User { groups { members { edges { node { ${i + 1 < hops ? `...F${i + 1}` : 'name'} } } } } }`,
  );
  return `{ me { ...F0 } } ${fragments.join(' ')}`;
}

function aliasBomb(count: number): string {
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
}

/** About `tokens` lexical tokens in little more than as many bytes: `@a` is two tokens. */
function tokenBomb(tokens: number): string {
  return `{me{name${'@a'.repeat(Math.ceil(tokens / 2))}}}`;
}

function directiveBomb(count: number): string {
  return `{ me { ${'name @include(if: true) '.repeat(count)}} }`;
}

/** A JSON value made of `depth` nested arrays inside an object: `{"a": [[[…]]]}`. */
function deepJsonText(depth: number): string {
  return `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
}

/** A GraphQL object literal `depth` levels deep: `{a: {a: … 1}}`. */
function deepLiteral(depth: number): string {
  return `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`;
}

function deepValue(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let level = 1; level < depth; level += 1) value = { a: value };
  return value;
}

const NESTED_PAGES =
  '{ users(first: 500) { edges { node { groups { members(first: 500) { edges { node { name } } } } } } } }';

// ----------------------------------------------------------------------------------------------

/** A server started the way an operator would start one, with NODE_ENV and a config file of our choosing. */
async function startWithEnv(driver: Driver, env: NodeJS.ProcessEnv, configFile?: object) {
  const database: TestDatabase = await freshDatabase(driver);
  const full: NodeJS.ProcessEnv = {
    DATABASE_URL: database.url,
    PORT: '0',
    IDGATE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    ...env,
  };
  if (configFile) {
    const path = join(mkdtempSync(join(tmpdir(), 'idgate-config-')), 'idgate.json');
    writeFileSync(path, JSON.stringify(configFile));
    full.IDGATE_CONFIG = path;
  }
  let server: IdgateServer;
  try {
    server = await createServer(loadConfig(full), { logger: false });
  } catch (error) {
    await database.drop();
    throw error;
  }
  const url = await server.listen(0, '127.0.0.1');
  return {
    url,
    async close() {
      await server.close();
      await database.drop();
    },
  };
}

/** The GraphQL surface attacked over HTTP: every bomb refused before it runs, the server fine after. */
export function defineGraphqlAttackSuite(driver: Driver): void {
  describe(`GraphQL attacks on ${driver}`, () => {
    let t: TestServer;
    const me = async () => {
      const answer = await query(t.url, '{ me { name } }', undefined, t.adminToken);
      assert.deepEqual(
        answer.body,
        { data: { me: { name: 'admin' } } },
        'a normal request works right after',
      );
    };
    /** Sends anonymously and proves no SQL ran for it: refused before execution. */
    const refusedBeforeExecution = async (send: () => Promise<Answer>, detail: string, status = 400) => {
      const { result, count, statements } = await t.countQueries(send);
      const message = assertRefused(result, detail, status);
      assert.equal(count, 0, `no SQL for a refused request: ${statements.join('; ')}`);
      await me();
      return message;
    };

    /** Runs `work` with 10 GET /healthz beside it, which must all be answered 200 meanwhile. */
    const withHealthChecks = async <T>(work: () => Promise<T>): Promise<T> => {
      const [result, health] = await Promise.all([
        work(),
        Promise.all(
          Array.from({ length: 10 }, async () => {
            const res = await fetch(`${t.url}/healthz`);
            await res.arrayBuffer();
            return res.status;
          }),
        ),
      ]);
      assert.deepEqual(health, Array(10).fill(200), '/healthz answers meanwhile');
      return result;
    };

    before(async () => {
      t = await startTestServer(driver);
      ok(await t.call(CreateGroupDocument, { name: 'ops', displayName: 'Operations' }));
      ok(await t.call(SetUserGroupsDocument, { name: 'admin', input: { add: ['ops'] } }));
    });
    after(async () => {
      await t?.close();
    });

    describe('depth (default 10)', () => {
      it('refuses a 31-level query through users and groups', async () => {
        const message = await refusedBeforeExecution(() => query(t.url, depthBomb(31)), 'MAX_DEPTH');
        assert.match(message, /depth limit of 10 exceeded, found 31/);
      });

      it('refuses the same depth spread over fragments', async () => {
        await refusedBeforeExecution(() => query(t.url, fragmentDepthBomb(8)), 'MAX_DEPTH');
      });

      it('runs a query at the limit', async () => {
        const answer = await query(t.url, depthBomb(10), undefined, t.adminToken);
        assert.equal(answer.body.errors, undefined, JSON.stringify(answer.body.errors));
      });
    });

    describe('aliases (default 20)', () => {
      it('refuses 1,000 aliases of me: at 6,000 tokens the parser stops first', async () => {
        await refusedBeforeExecution(() => query(t.url, aliasBomb(1000)), 'MAX_TOKENS');
      });

      it('refuses 100 aliases of me, and 30 spread over two fragments', async () => {
        const message = await refusedBeforeExecution(() => query(t.url, aliasBomb(100)), 'MAX_ALIASES');
        assert.match(message, /Aliases limit of 20 exceeded, found 100/);
        const fields = (from: number) => Array.from({ length: 15 }, (_, i) => `x${from + i}: name`).join(' ');
        const spread = `{ me { ...A ...B } } fragment A on User { ${fields(0)} } fragment B on User { ${fields(15)} }`;
        await refusedBeforeExecution(() => query(t.url, spread), 'MAX_ALIASES');
      });

      it('runs 20 aliases', async () => {
        const answer = await query(t.url, aliasBomb(20), undefined, t.adminToken);
        assert.equal(answer.body.errors, undefined);
      });
    });

    describe('tokens (default 2,000)', () => {
      it('stops parsing a 100,000-token document at once, and the event loop never blocks', async (ctx) => {
        const bomb = JSON.stringify({ query: tokenBomb(100_000) });
        assert.ok(bomb.length < DEFAULT_GRAPHQL_LIMITS.bodyBytes, 'the bomb fits in a request body');
        // Ten at once, with health checks beside them: every bomb refused, every check answered.
        const burst = await withHealthChecks(() =>
          Promise.all(Array.from({ length: 10 }, () => post(t.url, bomb))),
        );
        for (const answer of burst)
          assert.match(assertRefused(answer, 'MAX_TOKENS'), /more than 2000 tokens/);

        // Then one at a time, measuring the event loop of this process (which runs the server) and the
        // CPU spent. Parsing the whole document held the loop ~1.5 s every time. The median of eleven
        // runs is what is bounded: on a shared machine the OS may deschedule the process for a while
        // during any one run, which the loop's delay counts too.
        const runs: Array<{ maxDelayMs: number; cpuMs: number }> = [];
        for (let run = 0; run < 11; run += 1) {
          const delay = monitorEventLoopDelay({ resolution: 2 });
          const cpu = process.cpuUsage();
          delay.enable();
          const [answer] = await withHealthChecks(() => Promise.all([post(t.url, bomb)]));
          delay.disable();
          const used = process.cpuUsage(cpu);
          assertRefused(answer!, 'MAX_TOKENS');
          runs.push({ maxDelayMs: delay.max / 1e6, cpuMs: (used.user + used.system) / 1000 });
        }
        const median = (values: number[]) =>
          [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
        const delayMs = median(runs.map((r) => r.maxDelayMs));
        const cpuMs = median(runs.map((r) => r.cpuMs));
        ctx.diagnostic(
          `per bomb: event loop max delay median ${delayMs.toFixed(1)} ms ` +
            `(worst ${Math.max(...runs.map((r) => r.maxDelayMs)).toFixed(1)} ms), CPU median ${cpuMs.toFixed(1)} ms`,
        );
        assert.ok(delayMs < 200, `event loop blocked for ${delayMs.toFixed(1)} ms (median)`);
        assert.ok(cpuMs < 100, `CPU per bomb: ${cpuMs.toFixed(1)} ms (median)`);
        await me();
      });

      it('counts comments against the same bound', async () => {
        const comments = `{ me { name } }${'\n#'.repeat(3000)}`;
        await refusedBeforeExecution(() => query(t.url, comments), 'MAX_TOKENS');
      });
    });

    describe('directives (default 20)', () => {
      it('refuses 30 directives', async () => {
        const message = await refusedBeforeExecution(() => query(t.url, directiveBomb(30)), 'MAX_DIRECTIVES');
        assert.match(message, /Directives limit of 20 exceeded, found 30/);
      });

      it('runs 20', async () => {
        const answer = await query(t.url, directiveBomb(20), undefined, t.adminToken);
        assert.deepEqual(answer.body, { data: { me: { name: 'admin' } } });
      });
    });

    describe('cost (default 50,000)', () => {
      it('refuses nested pages, whether `first` is written, a variable or left to its default', async () => {
        await refusedBeforeExecution(() => query(t.url, NESTED_PAGES), 'MAX_COST');
        const viaVariables = NESTED_PAGES.replace(/first: 500/g, 'first: $n').replace(
          /^\{/,
          'query ($n: Int) {',
        );
        await refusedBeforeExecution(() => query(t.url, viaVariables, { n: 500 }), 'MAX_COST');
        const defaults = NESTED_PAGES.replace(/\(first: 500\)/g, '');
        await refusedBeforeExecution(() => query(t.url, defaults), 'MAX_COST');
      });

      it('runs the frontend operations at the largest page, and small nested pages', async () => {
        const page = await query(
          t.url,
          'query ($n: Int) { users(first: $n) { totalCount edges { cursor node { id name email groups { id name } backend { id } } } } }',
          { n: 500 },
          t.adminToken,
        );
        assert.equal(page.body.errors, undefined, JSON.stringify(page.body.errors));
        const small = await query(
          t.url,
          NESTED_PAGES.replace(/first: 500/g, 'first: 10'),
          undefined,
          t.adminToken,
        );
        assert.equal(small.body.errors, undefined, JSON.stringify(small.body.errors));
      });
    });

    describe('request body (default 100 kB)', () => {
      it('refuses a body over the limit with 413 before parsing it', async () => {
        const body = JSON.stringify({ query: '{ me { name } }', variables: { pad: 'x'.repeat(150_000) } });
        const message = await refusedBeforeExecution(() => post(t.url, body), 'BODY_TOO_LARGE', 413);
        assert.match(message, /larger than 102400 bytes/);
      });

      it('answers a body that is not JSON with BAD_USER_INPUT', async () => {
        assertRefused(await post(t.url, '{"query": '), 'BAD_REQUEST');
        await me();
      });
    });

    describe('one credential field per document', () => {
      it('refuses two logins, also through a fragment and mixed with resetPassword', async () => {
        const login = (alias: string) =>
          `${alias}: login(name: "admin", password: "guess-${alias}") { token }`;
        const documents = [
          `mutation { ${login('a')} ${login('b')} }`,
          `mutation { ...L ${login('a')} } fragment L on Mutation { ${login('b')} }`,
          `mutation { ${login('a')} r: resetPassword(name: "admin") { temporaryPassword } }`,
          `mutation { c1: confirmEmail(name: "admin", code: "1") { id } c2: confirmEmail(name: "admin", code: "2") { id } }`,
        ];
        for (const document of documents) {
          const message = await refusedBeforeExecution(() => query(t.url, document), 'MAX_CREDENTIAL_FIELDS');
          assert.match(message, /may hold one of login/);
        }
        // The admin was not locked out by guesses: none of them ran.
        ok(await t.call(LoginDocument, { name: 'admin', password: ADMIN_PASSWORD }, null));
      });
    });

    describe('JSON input (default 32 levels, 64 kB)', () => {
      const settings =
        'mutation ($input: SettingsInput!) { updateMySettings(input: $input) { preferences } }';

      it('refuses 50,000 nested arrays in preferences as a variable, naming the field', async () => {
        const body = `{"query":${JSON.stringify(settings)},"variables":{"input":{"preferences":${deepJsonText(50_000)}}}}`;
        const answer = await post(t.url, body, t.adminToken);
        assert.match(
          assertRefused(answer, 'JSON_TOO_DEEP'),
          /"input\.preferences"; JSON nested deeper than 32 levels/,
        );
        await me();
      });

      it('refuses a deep value inline in the document, naming the field', async () => {
        const inline = `mutation { updateMySettings(input: { preferences: ${deepLiteral(40)} }) { language } }`;
        const answer = await query(t.url, inline, undefined, t.adminToken);
        assert.match(
          assertRefused(answer, 'JSON_TOO_DEEP'),
          /Argument "input\.preferences" of "updateMySettings": JSON nested deeper than 32 levels/,
        );
        await me();
      });

      it('refuses deep attributes at createUser (variable) and updateUser (inline)', async () => {
        const create = await query(
          t.url,
          'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }',
          { input: { name: 'deep-json', attributes: deepValue(33) } },
          t.adminToken,
        );
        assert.match(assertRefused(create, 'JSON_TOO_DEEP'), /input\.attributes/);
        const update = await query(
          t.url,
          `mutation { updateUser(name: "admin", input: { attributes: ${deepLiteral(33)} }) { id } }`,
          undefined,
          t.adminToken,
        );
        assert.match(assertRefused(update, 'JSON_TOO_DEEP'), /"input\.attributes" of "updateUser"/);
        await me();
      });

      it('refuses a value over 64 kB, and stores one at the limits', async () => {
        const big = await query(
          t.url,
          settings,
          { input: { preferences: { blob: 'x'.repeat(70_000) } } },
          t.adminToken,
        );
        assertRefused(big, 'JSON_TOO_LARGE');
        const fits = await query(t.url, settings, { input: { preferences: deepValue(32) } }, t.adminToken);
        assert.equal(fits.body.errors, undefined, JSON.stringify(fits.body.errors));
        assert.deepEqual(
          (fits.body.data as { updateMySettings: { preferences: unknown } }).updateMySettings.preferences,
          deepValue(32),
        );
      });

      it('answers 50,000 nested arrays anywhere in variables cleanly, never with a crash', async () => {
        const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
        // As a declared JSONObject variable: refused.
        const asJson = await post(
          t.url,
          `{"query":"mutation ($p: JSONObject) { updateMySettings(input: { preferences: $p }) { language } }","variables":{"p":{"a":${deep}}}}`,
          t.adminToken,
        );
        assertRefused(asJson, 'JSON_TOO_DEEP');
        // As a variable of another type: refused by coercion.
        const asString = await post(
          t.url,
          `{"query":"query ($s: String) { user(name: $s) { id } }","variables":{"s":${deep}}}`,
          t.adminToken,
        );
        assertRefused(asString, 'BAD_USER_INPUT');
        // Not declared by the operation: GraphQL ignores it, and so does idgate.
        const undeclared = await post(t.url, `{"query":"{ __typename }","variables":{"x":${deep}}}`);
        assert.deepEqual(undeclared.body, { data: { __typename: 'Query' } });
        await me();
      });
    });

    describe('kept from before', () => {
      it('refuses batches, GET mutations and cross-site simple requests', async () => {
        const batch = await post(
          t.url,
          JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
        );
        assertRefused(batch, 'BAD_REQUEST');
        const getMutation = await fetch(
          `${t.url}/graphql?query=${encodeURIComponent('mutation { logout }')}`,
          {
            headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${t.adminToken}` },
          },
        );
        assert.equal(getMutation.status, 405);
        const simple = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
        assert.equal(simple.status, 400);
        await me();
      });
    });

    describe('graphql.limits set in the config file', () => {
      let custom: TestServer;
      before(async () => {
        custom = await startTestServer(driver, {
          graphql: {
            limits: {
              depth: 4,
              aliases: 5,
              tokens: 20_000,
              directives: 2,
              cost: 100,
              bodyBytes: 60_000,
              jsonDepth: 3,
              jsonBytes: 64,
            },
          },
        });
      });
      after(async () => {
        await custom?.close();
      });

      it('applies every limit as configured', async () => {
        assertRefused(await query(custom.url, aliasBomb(1000)), 'MAX_ALIASES');
        assertRefused(await query(custom.url, depthBomb(5)), 'MAX_DEPTH');
        assertRefused(await query(custom.url, directiveBomb(3)), 'MAX_DIRECTIVES');
        assertRefused(
          await query(custom.url, '{ users(first: 20) { edges { node { name } } } }'),
          'MAX_COST',
        );
        assertRefused(await query(custom.url, tokenBomb(30_000)), 'MAX_TOKENS');
        assertRefused(
          await post(custom.url, JSON.stringify({ query: 'x'.repeat(61_000) })),
          'BODY_TOO_LARGE',
          413,
        );
        const settings = 'mutation ($input: SettingsInput!) { updateMySettings(input: $input) { language } }';
        const tooDeep = await query(
          custom.url,
          settings,
          { input: { preferences: deepValue(4) } },
          custom.adminToken,
        );
        assertRefused(tooDeep, 'JSON_TOO_DEEP');
        const tooBig = await query(
          custom.url,
          settings,
          { input: { preferences: { s: 'x'.repeat(64) } } },
          custom.adminToken,
        );
        assertRefused(tooBig, 'JSON_TOO_LARGE');
        const fine = await query(custom.url, '{ me { name } }', undefined, custom.adminToken);
        assert.deepEqual(fine.body, { data: { me: { name: 'admin' } } });
      });
    });

    describe('NODE_ENV=production', () => {
      const TYPO = '{ me { nam } }';
      let production: Awaited<ReturnType<typeof startWithEnv>>;
      let open: Awaited<ReturnType<typeof startWithEnv>>;
      let adminToken: string;
      let openAdminToken: string;
      const login = async (url: string) => {
        const answer = await query(
          url,
          'mutation ($p: String!) { login(name: "admin", password: $p) { token } }',
          { p: ADMIN_PASSWORD },
        );
        return (answer.body.data as { login: { token: string } }).login.token;
      };
      before(async () => {
        production = await startWithEnv(driver, { NODE_ENV: 'production' });
        open = await startWithEnv(driver, { NODE_ENV: 'production' }, { graphql: { introspection: 'on' } });
        adminToken = await login(production.url);
        openAdminToken = await login(open.url);
      });
      after(async () => {
        await production?.close();
        await open?.close();
      });

      it('restricts introspection to admins by default', async () => {
        const anonymous = await query(production.url, '{ __schema { queryType { name } } }');
        assert.equal(anonymous.status, 401);
        assert.equal(anonymous.body.errors?.[0]?.extensions.code, 'UNAUTHENTICATED');
        const admin = await query(
          production.url,
          '{ __schema { queryType { name } } }',
          undefined,
          adminToken,
        );
        assert.deepEqual(admin.body, { data: { __schema: { queryType: { name: 'Query' } } } });
      });

      it('strips "Did you mean" for everyone but admins, even with introspection on', async () => {
        for (const server of [production, open]) {
          const anonymous = await query(server.url, TYPO);
          assert.equal(anonymous.body.errors?.[0]?.message, 'Cannot query field "nam" on type "User".');
        }
        assert.match(
          (await query(production.url, TYPO, undefined, adminToken)).body.errors![0]!.message,
          /Did you mean "name"/,
        );
        assert.match(
          (await query(open.url, TYPO, undefined, openAdminToken)).body.errors![0]!.message,
          /Did you mean "name"/,
        );
        // With introspection on, the schema itself stays open to all.
        const schema = await query(open.url, '{ __schema { queryType { name } } }');
        assert.equal(schema.status, 200);
      });
    });
  });
}
