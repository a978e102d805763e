import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildSchema, parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { ConfigError, loadConfig } from '../../src/config';
import { withPageSizes } from '../../src/graphql/cost';
import { credentialFieldsRule } from '../../src/graphql/credential-fields.rule';
import { applyJsonInputLimits } from '../../src/graphql/json-input';
import { costRefusal, DEFAULT_GRAPHQL_LIMITS, limitValidationRules } from '../../src/graphql/limits';
import { JSONObjectScalar } from '../../src/types/scalars';

function configFile(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'idgate-config-')), 'idgate.yaml');
  writeFileSync(path, content);
  return path;
}

function configError(content: string): string {
  try {
    loadConfig({ IDGATE_CONFIG: configFile(content) });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message;
  }
  assert.fail('expected a ConfigError');
}

/** A small schema shaped like idgate's: paginated members, a JSON input, the credential mutations. */
const SCHEMA: GraphQLSchema = buildSchema(`
  scalar JSONObject
  type User { name: String! groups: [Group!]! }
  type Group { name: String! members(first: Int = 50): [User!]! }
  type Query { me: User users(first: Int = 50): [User!]! }
  input SettingsInput { preferences: JSONObject }
  type Mutation {
    login(name: String!, password: String!): String
    confirmEmail(name: String!, code: String!): String
    resetPassword(name: String!): String
    changeMyPassword(oldPassword: String!, newPassword: String!): String
    updateMySettings(input: SettingsInput!): String
    logout: Boolean
  }
`);
applyJsonInputLimits(SCHEMA, { depth: 32, bytes: 64 * 1024 });

function errorsOf(document: string) {
  return validate(SCHEMA, parse(document), [
    ...specifiedRules,
    ...limitValidationRules(DEFAULT_GRAPHQL_LIMITS),
  ]).map((e) => ({
    message: e.message,
    detail: e.extensions.detail,
  }));
}

describe('graphql.limits', () => {
  describe('configuration', () => {
    it('defaults', () => {
      assert.deepEqual(loadConfig({}).graphql.limits, {
        depth: 10,
        aliases: 20,
        tokens: 2000,
        directives: 20,
        cost: 50_000,
        bodyBytes: 102_400,
        jsonDepth: 32,
        jsonBytes: 65_536,
      });
    });

    it('reads each key, keeping the defaults of the others', () => {
      const limits = loadConfig({
        IDGATE_CONFIG: configFile(
          'graphql:\n  limits:\n    depth: 6\n    aliases: 0\n    tokens: 5000\n    directives: 3\n' +
            '    cost: 900\n    bodyBytes: 20000\n    jsonDepth: 4\n    jsonBytes: 512\n',
        ),
      }).graphql.limits;
      assert.deepEqual(limits, {
        depth: 6,
        aliases: 0,
        tokens: 5000,
        directives: 3,
        cost: 900,
        bodyBytes: 20000,
        jsonDepth: 4,
        jsonBytes: 512,
      });
      const one = loadConfig({ IDGATE_CONFIG: configFile('graphql:\n  limits:\n    cost: 10\n') }).graphql
        .limits;
      assert.deepEqual(one, { ...DEFAULT_GRAPHQL_LIMITS, cost: 10 });
    });

    it('refuses unknown keys and values out of range, naming the key', () => {
      assert.match(
        configError('graphql:\n  limits:\n    maxDepth: 5\n'),
        /graphql\.limits\.maxDepth: unknown key/,
      );
      assert.match(configError('graphql:\n  limits:\n    depth: 0\n'), /graphql\.limits\.depth:/);
      assert.match(configError('graphql:\n  limits:\n    tokens: 1000000\n'), /graphql\.limits\.tokens:/);
      assert.match(configError('graphql:\n  limits:\n    cost: 1.5\n'), /graphql\.limits\.cost:/);
      assert.match(configError('graphql:\n  limits:\n    bodyBytes: "1mb"\n'), /graphql\.limits\.bodyBytes:/);
      assert.match(configError('graphql:\n  limits: 5\n'), /graphql\.limits:/);
    });

    it('in production, defaults introspection to admins and always keeps suggestions for admins', () => {
      const production = loadConfig({ NODE_ENV: 'production' }).graphql;
      assert.equal(production.introspection, 'admins');
      assert.equal(production.suggestions, 'admins');
      const open = loadConfig({
        NODE_ENV: 'production',
        IDGATE_CONFIG: configFile('graphql:\n  introspection: on\n'),
      }).graphql;
      assert.equal(open.introspection, 'on');
      assert.equal(open.suggestions, 'admins');
      const development = loadConfig({ NODE_ENV: 'development' }).graphql;
      assert.equal(development.introspection, 'on');
      assert.equal(development.suggestions, 'on');
    });
  });

  describe('validation rules', () => {
    it('pass an ordinary operation', () => {
      assert.deepEqual(errorsOf('{ me { name groups { name members(first: 5) { name } } } }'), []);
    });

    it('count credential fields across aliases, fragments and operations', () => {
      const refused = [
        'mutation { a: login(name: "x", password: "1") b: login(name: "x", password: "2") }',
        'mutation { ...F login(name: "x", password: "1") } fragment F on Mutation { b: login(name: "x", password: "2") }',
        'mutation { login(name: "x", password: "1") resetPassword(name: "x") }',
        'mutation A { login(name: "x", password: "1") } mutation B { changeMyPassword(oldPassword: "a", newPassword: "b") }',
        'mutation { a: confirmEmail(name: "x", code: "1") b: confirmEmail(name: "x", code: "2") }',
      ];
      for (const document of refused) {
        const errors = validate(SCHEMA, parse(document), [credentialFieldsRule]);
        assert.equal(errors.length, 1, document);
        assert.equal(errors[0]!.extensions.detail, 'MAX_CREDENTIAL_FIELDS');
      }
      for (const document of [
        'mutation { login(name: "x", password: "1") logout }',
        'mutation { changeMyPassword(oldPassword: "a", newPassword: "b") }',
        '{ me { name } }',
      ]) {
        assert.deepEqual(validate(SCHEMA, parse(document), [credentialFieldsRule]), [], document);
      }
    });

    it('name the field of a JSONObject literal that is too deep', () => {
      const deep = `${'{a: '.repeat(33)}1${'}'.repeat(33)}`;
      const errors = errorsOf(`mutation { updateMySettings(input: { preferences: ${deep} }) }`);
      assert.deepEqual(errors, [
        {
          message: 'Argument "input.preferences" of "updateMySettings": JSON nested deeper than 32 levels',
          detail: 'JSON_TOO_DEEP',
        },
      ]);
      const fits = `${'{a: '.repeat(32)}1${'}'.repeat(32)}`;
      assert.deepEqual(errorsOf(`mutation { updateMySettings(input: { preferences: ${fits} }) }`), []);
    });
  });

  describe('JSONObject input', () => {
    it('refuses deep and large values without recursing into them', () => {
      let deep: unknown = {};
      for (let i = 0; i < 100_000; i += 1) deep = [deep];
      assert.throws(
        () => JSONObjectScalar.parseValue({ a: deep }),
        (e: Error & { extensions?: { detail?: string } }) => e.extensions?.detail === 'JSON_TOO_DEEP',
      );
      assert.throws(
        () => JSONObjectScalar.parseValue({ s: 'é'.repeat(40_000) }),
        (e: Error & { extensions?: { detail?: string } }) => e.extensions?.detail === 'JSON_TOO_LARGE',
      );
      assert.deepEqual(JSONObjectScalar.parseValue({ a: [1, { b: null }] }), { a: [1, { b: null }] });
      assert.throws(() => JSONObjectScalar.parseValue([1]), /non-object/);
    });
  });

  describe('cost', () => {
    const cost = (document: string, variables: Record<string, unknown> = {}, limit = 1e12) => {
      const ast = parse(document);
      const operation = ast.definitions.find((d) => d.kind === 'OperationDefinition')!;
      return costRefusal(SCHEMA, withPageSizes(SCHEMA, ast, operation as never, variables, 500), limit);
    };
    const found = (document: string, variables?: Record<string, unknown>) =>
      Number(/found ([\d.]+)/.exec(cost(document, variables, 0)!.message)![1]);

    it('multiplies a page by the size it will run with: literal, variable, variable default or schema default', () => {
      const page = (size: string) => `{ users${size} { name } }`;
      // (2 + 1.5 × 1) per user.
      assert.equal(found(page('(first: 10)')), 35);
      assert.equal(found(`query ($n: Int) ${page('(first: $n)')}`, { n: 10 }), 35);
      assert.equal(found(`query ($n: Int = 10) ${page('(first: $n)')}`), 35);
      assert.equal(found(page('')), 175);
      assert.equal(found(page('(first: 100000)')), 1750, 'capped at the largest page');
    });

    it('refuses nested pages over the limit and passes small ones', () => {
      const nested = '{ users(first: 500) { groups { members(first: 500) { name } } } }';
      assert.equal(cost(nested, {}, 50_000)?.extensions.detail, 'MAX_COST');
      assert.equal(cost(nested.replace(/500/g, '5'), {}, 50_000), null);
    });
  });
});
