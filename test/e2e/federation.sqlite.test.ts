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
import { parse } from 'graphql';
import { CreateGroupDocument, CreateUserDocument, LoginDocument } from '../generated/graphql';
import { gql, ok } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';

const PASSWORD = 'correct-horse-9';

/** A second subgraph, as another team would write it: orders that reference idgate's users by id. */
const ORDERS_SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

  type Query {
    orders: [Order!]!
  }

  type Order {
    id: ID!
    "Null when the caller may not see the buyer (another domain)."
    buyer: User
  }

  type User @key(fields: "id", resolvable: false) {
    id: ID!
  }
`);

interface Order {
  id: string;
  buyerId: string;
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

    const ORDERS: Order[] = [
      { id: 'o1', buyerId: ids.ann! },
      { id: 'o2', buyerId: ids.bob! },
      { id: 'o3', buyerId: ids.ann! },
      { id: 'o4', buyerId: ids.cy! },
      { id: 'o5', buyerId: ids.zed! },
    ];
    orders = new ApolloServer({
      schema: buildSubgraphSchema({
        typeDefs: ORDERS_SDL,
        resolvers: {
          Query: { orders: () => ORDERS },
          Order: { buyer: (order: Order) => ({ __typename: 'User', id: order.buyerId }) },
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
    const idgateUrl = `${t.url}/graphql`;
    gateway = new ApolloServer<GatewayRequestContext>({
      gateway: new ApolloGateway({
        supergraphSdl: composed.supergraphSdl!,
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
    assert.match(
      sdl,
      /@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+", import: \["@key"\]\)/,
    );
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
});
