import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { CreateUserDocument, LoginDocument } from '../generated/graphql';
import { gql, ok, type GqlResult } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';

const PASSWORD = 'correct-horse-9';
const SCHEMA = '{ __schema { queryType { name } } }';
const TYPE = '{ __type(name: "User") { name } }';
const SERVICE = '{ _service { sdl } }';
const HIDDEN_IN_FRAGMENT = 'query { ...Q } fragment Q on Query { __schema { types { name } } }';
const TYPO = '{ me { nam } }';

async function run(t: TestServer, query: string, token: string | null): Promise<GqlResult<unknown>> {
  return gql(t.url, query, undefined, token);
}

describe('introspection policy', () => {
  describe('graphql.introspection: on (the default)', () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer('sqlite');
    });
    after(async () => {
      await t?.close();
    });

    it('answers the full introspection query that GraphiQL, Playground, Altair and Insomnia send', async () => {
      const query = getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
      });
      const result = await gql<IntrospectionQuery, undefined>(t.url, query, undefined, null);
      const schema = buildClientSchema(ok(result));
      assert.ok(schema.getQueryType()?.getFields().me);
      assert.ok(schema.getMutationType()?.getFields().login);
      assert.ok(schema.getType('User'));
    });

    it('lets anyone introspect, and suggests field names', async () => {
      for (const query of [SCHEMA, TYPE, SERVICE]) ok(await run(t, query, null));
      const typo = await run(t, TYPO, null);
      assert.match(typo.errors![0]!.message, /Did you mean "name"/);
    });
  });

  describe('graphql.introspection: admins', () => {
    let t: TestServer;
    let userToken: string;
    before(async () => {
      t = await startTestServer('sqlite', { graphql: { introspection: 'admins' } });
      ok(await t.call(CreateUserDocument, { input: { name: 'ann', password: PASSWORD } }));
      userToken = ok(await t.call(LoginDocument, { name: 'ann', password: PASSWORD }, null)).login.token;
    });
    after(async () => {
      await t?.close();
    });

    it('refuses anonymous callers (401 UNAUTHENTICATED), also through fragments and _service', async () => {
      for (const query of [SCHEMA, TYPE, SERVICE, HIDDEN_IN_FRAGMENT]) {
        const result = await run(t, query, null);
        assert.equal(result.status, 401, query);
        assert.equal(result.data, undefined);
        assert.equal(result.errors![0]!.extensions.code, 'UNAUTHENTICATED', query);
      }
      assert.equal(
        (await run(t, SCHEMA, 'not-a-valid-token')).errors![0]!.extensions.code,
        'UNAUTHENTICATED',
      );
    });

    it('refuses users who are not admins (403 FORBIDDEN)', async () => {
      for (const query of [SCHEMA, TYPE, SERVICE]) {
        const result = await run(t, query, userToken);
        assert.equal(result.status, 403, query);
        assert.equal(result.errors![0]!.extensions.code, 'FORBIDDEN', query);
        assert.equal(result.errors![0]!.extensions.reason, 'NOT_ALLOWED');
      }
    });

    it('lets admins introspect', async () => {
      for (const query of [SCHEMA, TYPE, SERVICE, HIDDEN_IN_FRAGMENT]) ok(await run(t, query, t.adminToken));
    });

    it('still answers __typename and ordinary queries to everyone', async () => {
      assert.deepEqual(ok(await run(t, '{ __typename }', null)), { __typename: 'Query' });
      assert.deepEqual(ok(await run(t, '{ me { name } }', userToken)), { me: { name: 'ann' } });
    });

    it('hides "Did you mean" suggestions from everyone but admins', async () => {
      const expected = 'Cannot query field "nam" on type "User".';
      for (const token of [null, userToken]) {
        const result = await run(t, TYPO, token);
        assert.equal(result.status, 400);
        assert.equal(result.errors![0]!.message, expected);
        assert.equal(result.errors![0]!.extensions.code, 'BAD_USER_INPUT');
      }
      const badEnum = '{ users(filter: { state: ENABLE }) { totalCount } }';
      assert.doesNotMatch((await run(t, badEnum, userToken)).errors![0]!.message, /Did you mean/);
      assert.match((await run(t, TYPO, t.adminToken)).errors![0]!.message, /Did you mean "name"/);
      assert.match((await run(t, badEnum, t.adminToken)).errors![0]!.message, /Did you mean/);
    });
  });
});
