import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  Kind,
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  parse,
  print,
  type GraphQLInputType,
} from 'graphql';
import { inaccessible, printSubgraphSdl, subgraphTypeDefs, tag } from '../../src/federation/subgraph';
import { buildAppSchema } from '../../src/schema';
import { CreateGroupDocument, CreateUserDocument, LoginDocument } from '../generated/graphql';
import { gql, ok } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';

const PASSWORD = 'correct-horse-9';

/**
 * The parts of a second subgraph as most teams write one: its own Relay connection (with its own
 * PageInfo, Federation 2 style: marked @shareable, as every subgraph that defines a shared value type
 * must), the common scalars, a Node interface and tags; orders reference idgate's users by id.
 * Nothing in it is renamed to suit idgate.
 */
const ORDERS_TYPES = `
  type Query {
    orders: [Order!]!
    ordersConnection(first: Int, after: String): OrderConnection!
    node(id: ID!): Node
  }

  scalar DateTime
  scalar JSONObject

  interface Node {
    id: ID!
  }

  type Order implements Node {
    id: ID!
    placedAt: DateTime!
    details: JSONObject
    tags: [Tag!]!
    "Null when the caller may not see the buyer (another domain)."
    buyer: User
  }

  type OrderConnection {
    edges: [OrderEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type OrderEdge {
    cursor: String!
    node: Order!
  }
`;

/** The orders subgraph in Federation 2 style: @link, and @shareable on the value types it shares. */
const ORDERS_SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@shareable"])
  ${ORDERS_TYPES}
  type PageInfo @shareable {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  type Tag @shareable {
    key: String!
    value: String!
  }

  type User @key(fields: "id", resolvable: false) {
    id: ID!
  }
`);

/** The same subgraph in Federation 1 style (no @link): composition treats its value types as shareable. */
const ORDERS_FED1_SDL = parse(`
  ${ORDERS_TYPES}
  type PageInfo {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  type Tag {
    key: String!
    value: String!
  }

  extend type User @key(fields: "id") {
    id: ID! @external
  }
`);

interface Order {
  id: string;
  buyerId: string;
  placedAt: string;
}

interface GatewayRequestContext {
  authorization?: string;
}

/** Runs one operation against the gateway (or any GraphQL endpoint) with a bearer token. */
async function post<T>(
  url: string,
  query: string,
  token?: string,
  variables?: Record<string, unknown>,
): Promise<{ status: number; data?: T; errors?: { message: string; extensions?: { code?: string } }[] }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as object) };
}

describe('federation: idgate as an Apollo Federation 2 subgraph behind @apollo/gateway', () => {
  let t: TestServer;
  let orders: ApolloServer;
  let gateway: ApolloServer<GatewayRequestContext>;
  let gatewayUrl: string;
  const ids: Record<string, string> = {};
  let acmeAdminToken: string;
  /** How many requests the gateway sent to idgate. */
  let idgateFetches = 0;
  let idgateSubgraphSdl: string;
  let supergraphSdl: string;

  before(async () => {
    t = await startTestServer('sqlite', {
      domains: [
        { name: 'default', backends: [{ id: 'local', kind: 'local' }] },
        { name: 'acme', backends: [{ id: 'acme-local', kind: 'local' }] },
      ],
    });
    ok(await t.call(CreateGroupDocument, { name: 'devs' }));
    ok(await t.call(CreateGroupDocument, { name: 'ops' }));
    const create = async (name: string, extra: Record<string, unknown> = {}) =>
      ok(await t.call(CreateUserDocument, { input: { name, password: PASSWORD, ...extra } })).createUser.id;
    ids.ann = await create('ann', { groups: ['devs', 'ops'] });
    ids.bob = await create('bob', { groups: ['devs'] });
    ids.cy = await create('cy');
    ids.zed = await create('zed', { domain: 'acme' });
    await create('acme-admin', { domain: 'acme', isAdmin: true });
    acmeAdminToken = ok(
      await t.call(LoginDocument, { name: 'acme-admin', password: PASSWORD, domain: 'acme' }, null),
    ).login.token;

    const ORDERS: Order[] = [ids.ann!, ids.bob!, ids.ann!, ids.cy!, ids.zed!].map((buyerId, i) => ({
      id: `o${i + 1}`,
      buyerId,
      placedAt: `2026-01-0${i + 1}T10:00:00.000Z`,
    }));
    const edge = (order: Order) => ({ cursor: order.id, node: order });
    orders = new ApolloServer({
      schema: buildSubgraphSchema({
        typeDefs: ORDERS_SDL,
        resolvers: {
          Query: {
            orders: () => ORDERS,
            ordersConnection: (_: unknown, args: { first?: number; after?: string }) => {
              const start = args.after ? ORDERS.findIndex((o) => o.id === args.after) + 1 : 0;
              const page = ORDERS.slice(start, start + (args.first ?? 10));
              return {
                edges: page.map(edge),
                totalCount: ORDERS.length,
                pageInfo: {
                  hasNextPage: start + page.length < ORDERS.length,
                  hasPreviousPage: start > 0,
                  startCursor: page[0]?.id ?? null,
                  endCursor: page.at(-1)?.id ?? null,
                },
              };
            },
            node: (_: unknown, args: { id: string }) => ORDERS.find((o) => o.id === args.id) ?? null,
          },
          Node: { __resolveType: () => 'Order' },
          Order: {
            buyer: (order: Order) => ({ __typename: 'User', id: order.buyerId }),
            details: (order: Order) => ({ channel: 'web', items: Number(order.id.slice(1)) }),
            tags: () => [{ key: 'source', value: 'shop' }],
          },
        },
      }),
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    });
    const ordersUrl = (await startStandaloneServer(orders, { listen: { port: 0, host: '127.0.0.1' } })).url;

    // Compose the way `rover supergraph compose` does: from each subgraph's own `_service { sdl }`.
    const service = await post<{ _service: { sdl: string } }>(`${t.url}/graphql`, '{ _service { sdl } }');
    const idgateSdl = service.data!._service.sdl;
    const composed = composeServices([
      { name: 'idgate', typeDefs: parse(idgateSdl), url: `${t.url}/graphql` },
      { name: 'orders', typeDefs: ORDERS_SDL, url: ordersUrl },
    ]);
    assert.deepEqual(composed.errors ?? [], [], 'composition succeeds');
    idgateSubgraphSdl = idgateSdl;
    supergraphSdl = composed.supergraphSdl!;
    // @apollo/gateway refuses a supergraph with authorization directives (it cannot enforce them):
    // it gets idgate's SDL as `graphql.federation.authorizationDirectives: false` publishes it.
    const forGateway = composeServices([
      {
        name: 'idgate',
        typeDefs: parse(await printSubgraphSdl({ authorizationDirectives: false })),
        url: `${t.url}/graphql`,
      },
      { name: 'orders', typeDefs: ORDERS_SDL, url: ordersUrl },
    ]);
    assert.deepEqual(forGateway.errors ?? [], [], 'composition succeeds');
    const idgateUrl = `${t.url}/graphql`;
    gateway = new ApolloServer<GatewayRequestContext>({
      gateway: new ApolloGateway({
        supergraphSdl: forGateway.supergraphSdl!,
        buildService: ({ url }) =>
          new RemoteGraphQLDataSource<GatewayRequestContext>({
            url,
            willSendRequest({ request, context }) {
              if (url === idgateUrl) idgateFetches += 1;
              // The gateway passes the caller's token on: idgate applies its own rules to it.
              if (context.authorization) request.http?.headers.set('authorization', context.authorization);
            },
          }),
      }),
    });
    gatewayUrl = (
      await startStandaloneServer(gateway, {
        listen: { port: 0, host: '127.0.0.1' },
        context: async ({ req }) => ({ authorization: req.headers.authorization }),
      })
    ).url;
  });

  after(async () => {
    await gateway?.stop();
    await orders?.stop();
    await t?.close();
  });

  it('publishes its subgraph SDL: @link to federation v2, User and Group keyed by id, as committed', async () => {
    const res = await post<{ _service: { sdl: string } }>(`${t.url}/graphql`, '{ _service { sdl } }');
    const sdl = res.data!._service.sdl;
    const link =
      /@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.(\d+)", import: \[([^\]]*)\]\)/.exec(sdl);
    assert.ok(link && Number(link[1]) >= 5, 'links federation v2.5 or later');
    for (const directive of [
      '@key',
      '@shareable',
      '@authenticated',
      '@requiresScopes',
      '@tag',
      '@inaccessible',
    ]) {
      assert.ok(link[2]!.includes(`"${directive}"`), `imports ${directive}`);
    }
    assert.match(sdl, /type User\s+@key\(fields: "id"\)/);
    assert.match(sdl, /type Group\s+@key\(fields: "id"\)/);
    const committed = readFileSync(join(__dirname, '..', '..', '..', 'schema', 'subgraph.graphql'), 'utf8');
    assert.equal(`${sdl.trimEnd()}\n`, committed, 'schema/subgraph.graphql is what the server publishes');
  });

  it('resolves orders with their buyers names and groups through the gateway, all buyers in one batch', async () => {
    idgateFetches = 0;
    const query = '{ orders { id buyer { id name groups { name } } } }';
    const { result, statements } = await t.countQueries(() =>
      post<{ orders: { id: string; buyer: { name: string; groups: { name: string }[] } | null }[] }>(
        gatewayUrl,
        query,
        t.adminToken,
      ),
    );
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.deepEqual(
      result.data!.orders.map((o) => [o.id, o.buyer?.name, o.buyer?.groups.map((g) => g.name)]),
      [
        ['o1', 'ann', ['devs', 'ops']],
        ['o2', 'bob', ['devs']],
        ['o3', 'ann', ['devs', 'ops']],
        ['o4', 'cy', []],
        // The system domain's admin sees every domain.
        ['o5', 'zed', []],
      ],
    );
    // One `_entities` request for all five orders, and in idgate one statement for all the buyers
    // (the userById loader: four distinct buyers) and one for all their groups (groupsByUser).
    assert.equal(idgateFetches, 1);
    const userReads = statements.filter((s) => /from [`"]?users[`"]?/i.test(s) && /\bin \(/i.test(s));
    const groupReads = statements.filter((s) => /join [`"]?group_members[`"]?/i.test(s));
    assert.equal(userReads.length, 1, `user statements:\n${userReads.join('\n')}`);
    assert.match(userReads[0]!, /in \(\?, \?, \?, \?\)/, 'the four distinct buyers in one statement');
    assert.equal(groupReads.length, 1, `group statements:\n${groupReads.join('\n')}`);
  });

  it('keeps domains apart: another domain’s admin gets null for buyers it may not see', async () => {
    const res = await post<{ orders: { id: string; buyer: { name: string } | null }[] }>(
      gatewayUrl,
      '{ orders { id buyer { name } } }',
      acmeAdminToken,
    );
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    assert.deepEqual(
      res.data!.orders.map((o) => [o.id, o.buyer?.name ?? null]),
      [
        ['o1', null],
        ['o2', null],
        ['o3', null],
        ['o4', null],
        ['o5', 'zed'],
      ],
    );
  });

  it('needs a token for entities, like every other read', async () => {
    const res = await post<unknown>(gatewayUrl, '{ orders { id buyer { name } } }');
    assert.ok(
      res.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED'),
      JSON.stringify(res.errors),
    );
  });

  it('resolves Group entities for admins, in one statement', async () => {
    const groups = await post<{ groups: { edges: { node: { id: string; name: string } }[] } }>(
      `${t.url}/graphql`,
      '{ groups { edges { node { id name } } } }',
      t.adminToken,
    );
    const representations = groups.data!.groups.edges.map((e) => ({ __typename: 'Group', id: e.node.id }));
    const { result, statements } = await t.countQueries(() =>
      post<{ _entities: ({ name: string; memberCount: number } | null)[] }>(
        `${t.url}/graphql`,
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Group { name memberCount } } }',
        t.adminToken,
        { r: [...representations, { __typename: 'Group', id: 'no-such-group' }] },
      ),
    );
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.deepEqual(result.data!._entities, [
      { name: 'devs', memberCount: 2 },
      { name: 'ops', memberCount: 1 },
      null,
    ]);
    assert.equal(statements.filter((s) => /from [`"]?groups[`"]?/i.test(s)).length, 1, statements.join('\n'));
    const asUser = await post<unknown>(
      `${t.url}/graphql`,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Group { name } } }',
      ok(await gql(t.url, LoginDocument, { name: 'ann', password: PASSWORD })).login.token,
      { r: representations },
    );
    assert.ok(
      asUser.errors?.every((e) => e.extensions?.code === 'FORBIDDEN'),
      JSON.stringify(asUser.errors),
    );
  });

  it('composes with a typical second subgraph: shared PageInfo, Tag, DateTime, JSONObject, its own Node; also in Federation 1 style', () => {
    const idgate = { name: 'idgate', typeDefs: parse(idgateSubgraphSdl), url: `${t.url}/graphql` };
    // Federation 1 style (no @link): composition marks every value type shareable by itself.
    const fed1 = composeServices([
      idgate,
      { name: 'orders', typeDefs: ORDERS_FED1_SDL, url: 'http://orders' },
    ]);
    assert.deepEqual(fed1.errors ?? [], []);
    // Federation 2 wants @shareable in every subgraph that defines a shared field: without it in the
    // other subgraph, composition blames that subgraph only (idgate's side is marked).
    const unmarked = print(ORDERS_SDL).replace(/ @shareable/g, '');
    const refused = composeServices([
      idgate,
      { name: 'orders', typeDefs: parse(unmarked), url: 'http://orders' },
    ]);
    const messages = (refused.errors ?? []).map((e) => e.message);
    assert.ok(messages.length > 0);
    for (const message of messages) {
      assert.match(message, /defined as non-shareable in subgraph "orders"$/, message);
    }
    // The supergraph keeps the authorization directives for a router to enforce.
    assert.deepEqual(fieldDirectives(supergraphSdl, 'Query', 'users'), ['join__field', 'authenticated']);
    assert.deepEqual(fieldDirectives(supergraphSdl, 'Mutation', 'login'), ['tag']);
    assert.match(
      supergraphSdl,
      /type PageInfo\s+@join__type\(graph: IDGATE\)\s+@join__type\(graph: ORDERS\)/,
    );
  });

  it('publishes the SDL without authorization directives for @apollo/gateway when configured so', async () => {
    // With them, @apollo/gateway refuses the supergraph: it cannot enforce them (a router can).
    await assert.rejects(
      new ApolloGateway({ supergraphSdl }).load(),
      /authenticated\/v0\.1 is for: SECURITY but is unsupported/,
    );
    const plain = await startTestServer('sqlite', {
      graphql: { federation: { authorizationDirectives: false } },
    });
    try {
      const res = await post<{ _service: { sdl: string } }>(`${plain.url}/graphql`, '{ _service { sdl } }');
      const sdl = res.data!._service.sdl;
      assert.doesNotMatch(sdl, /\) @authenticated|: \w+!? @authenticated/);
      assert.match(sdl, /type PageInfo\s+@shareable/);
      assert.equal(sdl.trimEnd(), (await printSubgraphSdl({ authorizationDirectives: false })).trimEnd());
    } finally {
      await plain.close();
    }
  });

  it('lets the code add @tag and @inaccessible by schema coordinate; an unknown coordinate fails', async () => {
    const appSchema = await buildAppSchema();
    const typeDefs = subgraphTypeDefs(appSchema, {
      'Query.outbox': [inaccessible()],
      'Query.groups(keyword:)': [tag('internal')],
      'Query.users': [tag('directory')],
    });
    const composed = composeServices([
      { name: 'idgate', typeDefs, url: 'http://idgate' },
      { name: 'orders', typeDefs: ORDERS_SDL, url: 'http://orders' },
    ]);
    assert.deepEqual(composed.errors ?? [], []);
    const api = composed.schema!.toAPISchema().toGraphQLJSSchema();
    assert.equal(
      api.getQueryType()!.getFields().outbox,
      undefined,
      '@inaccessible hides outbox from the API',
    );
    assert.ok(api.getQueryType()!.getFields().users);
    assert.deepEqual(fieldDirectives(print(typeDefs), 'Query', 'users'), ['authenticated', 'tag']);
    assert.match(print(typeDefs), /\n\s+keyword: String @tag\(name: "internal"\)\n/);
    assert.throws(
      () => subgraphTypeDefs(appSchema, { 'Query.nope': [tag('x')] }),
      /unknown schema coordinates: Query\.nope/,
    );
  });

  it('serves a query that crosses both subgraphs, each with its own PageInfo, through the gateway', async () => {
    const res = await post<{
      ordersConnection: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string };
        edges: {
          node: {
            id: string;
            placedAt: string;
            details: { items: number };
            tags: { key: string }[];
            buyer: { name: string; tags: unknown[] } | null;
          };
        }[];
      };
      users: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string };
      };
      node: { id: string } | null;
    }>(
      gatewayUrl,
      `{
        ordersConnection(first: 2, after: "o1") {
          totalCount
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          edges { node { id placedAt details tags { key value } buyer { name tags { key value } } } }
        }
        users(first: 2, orderBy: { field: NAME }) {
          totalCount
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        }
        node(id: "o4") { id }
      }`,
      t.adminToken,
    );
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const orders = res.data!.ordersConnection;
    assert.deepEqual(orders.pageInfo, {
      hasNextPage: true,
      hasPreviousPage: true,
      startCursor: 'o2',
      endCursor: 'o3',
    });
    assert.deepEqual(
      orders.edges.map((e) => [e.node.id, e.node.placedAt, e.node.details.items, e.node.buyer?.name]),
      [
        ['o2', '2026-01-02T10:00:00.000Z', 2, 'bob'],
        ['o3', '2026-01-03T10:00:00.000Z', 3, 'ann'],
      ],
    );
    const users = res.data!.users;
    assert.equal(users.pageInfo.hasNextPage, true);
    assert.equal(users.pageInfo.hasPreviousPage, false);
    assert.equal(typeof users.pageInfo.startCursor, 'string');
    assert.equal(typeof users.pageInfo.endCursor, 'string');
    assert.deepEqual(res.data!.node, { id: 'o4' });
  });

  it('answers null for representations of unknown types, never INTERNAL_SERVER_ERROR', async () => {
    const res = await post<{ _entities: ({ name?: string } | null)[] }>(
      `${t.url}/graphql`,
      'query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on User { name } } }',
      t.adminToken,
      {
        r: [
          { __typename: 'Order', id: 'o1' },
          { __typename: 'User', id: ids.ann },
          { __typename: 'Tag', id: 'x' },
          { __typename: 'User' },
          { __typename: 'User', id: 42 },
          { __typename: 'User', id: 'no-such-user' },
        ],
      },
    );
    assert.equal(res.status, 200);
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    assert.deepEqual(res.data!._entities, [
      null,
      { __typename: 'User', name: 'ann' },
      null,
      null,
      null,
      null,
    ]);
    const onlyUnknown = await post<{ _entities: unknown[] }>(
      `${t.url}/graphql`,
      'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
      t.adminToken,
      { r: [{ __typename: 'Nope', id: '1' }] },
    );
    assert.deepEqual(onlyUnknown, { status: 200, data: { _entities: [null] } });
  });

  it('marks @authenticated exactly the root fields that answer "Authentication required" without a token', async () => {
    const api = buildSchema(
      readFileSync(join(__dirname, '..', '..', '..', 'schema', 'schema.graphql'), 'utf8'),
    );
    const sdl = parse(idgateSubgraphSdl);
    const marked = new Set<string>();
    for (const definition of sdl.definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
      for (const field of definition.fields ?? []) {
        if (field.directives?.some((d) => d.name.value === 'authenticated')) {
          marked.add(`${definition.name.value}.${field.name.value}`);
        }
      }
    }
    const checked: string[] = [];
    for (const root of [api.getQueryType()!, api.getMutationType()!]) {
      const keyword = root === api.getQueryType() ? 'query' : 'mutation';
      for (const field of Object.values(root.getFields())) {
        const args = field.args
          .filter((a) => isNonNullType(a.type) && a.defaultValue === undefined)
          .map((a) => `${a.name}: ${sampleLiteral(a.type)}`);
        const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
        const argumentText = SAMPLE_ARGUMENTS[`${root.name}.${field.name}`] ?? args.join(', ');
        const document = `${keyword} { ${field.name}${argumentText ? `(${argumentText})` : ''}${selection} }`;
        const res = await post<unknown>(`${t.url}/graphql`, document);
        const refused = (res.errors ?? []).some(
          (e) => e.message === 'Authentication required' && e.extensions?.code === 'UNAUTHENTICATED',
        );
        const coordinate = `${root.name}.${field.name}`;
        assert.equal(refused, marked.has(coordinate), `${coordinate}: ${document} -> ${JSON.stringify(res)}`);
        checked.push(coordinate);
      }
    }
    assert.ok(checked.length > 30, `${checked.length} root fields checked`);
    assert.deepEqual(checked.filter((c) => !marked.has(c)).sort(), [
      'Mutation.confirmEmail',
      'Mutation.login',
    ]);
  });
});

/** The names of the directives on one field of an SDL, in order (join__field counted once). */
function fieldDirectives(sdl: string, typeName: string, fieldName: string): string[] {
  for (const definition of parse(sdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION || definition.name.value !== typeName) continue;
    const field = definition.fields?.find((f) => f.name.value === fieldName);
    const names = (field?.directives ?? []).map((d) => d.name.value);
    return names.filter((n, i) => n !== 'join__field' || names.indexOf(n) === i);
  }
  return [];
}

/** Arguments that pass validation where the generic samples do not (the input's own rules). */
const SAMPLE_ARGUMENTS: Record<string, string> = {
  'Mutation.setUserGroups': 'name: "sample", input: { set: ["sample"] }',
};

/** A literal of the given input type that passes validation: for the root-field walk above. */
function sampleLiteral(type: GraphQLInputType): string {
  if (isNonNullType(type)) return sampleLiteral(type.ofType);
  if (isListType(type)) return '[]';
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields())
      .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
      .map((f) => `${f.name}: ${sampleLiteral(f.type)}`);
    return `{ ${fields.join(', ')} }`;
  }
  switch (type.name) {
    case 'Int':
    case 'Float':
      return '1';
    case 'Boolean':
      return 'false';
    case 'JSONObject':
      return '{}';
    case 'DateTime':
      return '"2030-01-01T00:00:00Z"';
    default:
      return '"sample"';
  }
}
