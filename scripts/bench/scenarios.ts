import type { DatasetInfo } from './dataset';
import type { RequestPlan } from './measure';
import { Random } from './names';

/** The scenarios measured against the SQL database (f, the LDAP one, lives in ldap.ts). */
export type SqlScenarioId = 'a' | 'b' | 'c' | 'd' | 'e' | 'g';
/** Every scenario, f included. */
export type ScenarioId = SqlScenarioId | 'f';
/** The scenarios in report order. */
export const ALL_SCENARIOS: ScenarioId[] = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

/** The GraphQL documents, as a client would send them; the baseline answers each by operationName. */
export const QUERIES = {
  Me: 'query Me { me { id name } }',
  UsersPage:
    'query UsersPage($first: Int!) { users(first: $first) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name displayName email state createdAt tags { key value } groups { id name } } } } }',
  Search:
    'query Search($keyword: String!, $first: Int!) { users(filter: { keyword: $keyword }, first: $first) { totalCount pageInfo { hasNextPage endCursor } edges { node { id name displayName email } } } }',
  UserByName:
    'query UserByName($name: String!) { user(name: $name) { id name displayName email state createdAt } }',
  Login:
    'mutation Login($name: String!, $password: String!) { login(name: $name, password: $password) { token } }',
  Entities: 'query Entities($r: [_Any!]!) { _entities(representations: $r) { ... on User { id name } } }',
  LdapPage:
    'query LdapPage { users(filter: { backend: "ldap" }, first: 100) { totalCount edges { node { name displayName email groups { name } } } } }',
};

/** The operations the bench sends (and the baseline answers). */
export type OperationName = keyof typeof QUERIES;

/** A request body for an operation. */
export function body(operationName: OperationName, variables: Record<string, unknown> = {}): string {
  return JSON.stringify({ operationName, query: QUERIES[operationName], variables });
}

/** A scenario against the SQL database, with what it sends. */
export interface SqlScenario {
  /** Scenario letter. */
  id: SqlScenarioId;
  /** What it sends, for the report. */
  title: string;
  /** What is sent; for e, the `me` requests (the logins are `logins`). */
  plan: RequestPlan;
  /** e only: the login stream run beside `plan`. */
  logins?: RequestPlan;
}

/** Bodies for `user(name)`: the sampled names in a seeded random order. */
function shuffled<T>(list: readonly T[], random: Random): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The request plans of the SQL scenarios for a generated data set. */
export function sqlScenarios(
  data: DatasetInfo,
  seed: number,
  keyword: string,
): Record<SqlScenarioId, SqlScenario> {
  const random = new Random(seed ^ 0x5eed);
  const me: RequestPlan = { bodies: [body('Me')], tokens: data.userTokens };
  const admin = data.adminTokens;
  const batches: string[] = [];
  for (let b = 0; b < 200; b++) {
    const ids = shuffled(data.sampleIds, random).slice(0, 100);
    batches.push(body('Entities', { r: ids.map((id) => ({ __typename: 'User', id })) }));
  }
  return {
    a: { id: 'a', title: '`me { id name }`', plan: me },
    b: {
      id: 'b',
      title: '`users(first: 100)` with groups and tags',
      plan: { bodies: [body('UsersPage', { first: 100 })], tokens: admin },
    },
    c: {
      id: 'c',
      title: `\`users(filter: { keyword: "${keyword}" }, first: 20)\``,
      plan: { bodies: [body('Search', { keyword, first: 20 })], tokens: admin },
    },
    d: {
      id: 'd',
      title: '`user(name)` for random names',
      plan: {
        bodies: shuffled(data.sampleNames, random).map((name) => body('UserByName', { name })),
        tokens: admin,
      },
    },
    e: {
      id: 'e',
      title: '`me` while 8 logins (argon2id) run',
      plan: me,
      logins: { bodies: shuffled(data.logins, random).map((l) => body('Login', l)), tokens: [] },
    },
    g: { id: 'g', title: '`_entities` batch of 100 users', plan: { bodies: batches, tokens: admin } },
  };
}
