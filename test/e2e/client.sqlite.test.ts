import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, fetchExchange, type AnyVariables, type TypedDocumentNode } from '@urql/core';
import {
  ChangeMyPasswordDocument,
  ChangeUserGroupsDocument,
  CreateUserDocument,
  DisableUserDocument,
  EnableUserDocument,
  GroupsPageDocument,
  LoginDocument,
  LogoutDocument,
  MeDocument,
  MySessionsDocument,
  MySettingsDocument,
  RevokeMyOtherSessionsDocument,
  RevokeSessionDocument,
  UpdateMyProfileDocument,
  UpdateMySettingsDocument,
  UpdateUserDocument,
  UserDetailDocument,
  UsersPageDocument,
  type CurrentUserFragment,
  type UserRowFragment,
  type UsersPageQuery,
} from '../../src/client/generated/graphql';
import { CreateGroupDocument } from '../generated/graphql';
import { ok } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';

const PASSWORD = 'correct-horse-9';

/**
 * A frontend's client: urql in Node, as a browser app would set it up for idgate. Queries go over
 * GET when they fit in a URL (urql's default), so every request carries `apollo-require-preflight`,
 * the header idgate's CSRF prevention asks of GET requests; mutations go over POST as JSON.
 */
function idgateClient(url: string, token: string | null, methods: string[] = []): Client {
  return new Client({
    url: `${url}/graphql`,
    exchanges: [fetchExchange],
    requestPolicy: 'network-only',
    fetch: (input, init) => {
      methods.push(init?.method ?? 'GET');
      return fetch(input, init);
    },
    fetchOptions: () => ({
      headers: {
        'apollo-require-preflight': 'true',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    }),
  });
}

/** The data of an operation that must succeed, typed by its document. */
async function data<T, V extends AnyVariables>(
  client: Client,
  document: TypedDocumentNode<T, V>,
  variables: V,
  kind: 'query' | 'mutation',
): Promise<T> {
  const result =
    kind === 'query'
      ? await client.query(document, variables).toPromise()
      : await client.mutation(document, variables).toPromise();
  if (result.error) throw new Error(`${kind} failed: ${result.error.message}`);
  assert.ok(result.data, 'data');
  return result.data;
}

describe('typed client: urql runs the ready operations of schema/operations against idgate', () => {
  let t: TestServer;
  const methods: string[] = [];
  let admin: Client;

  before(async () => {
    t = await startTestServer('sqlite');
    ok(await t.call(CreateGroupDocument, { name: 'devs', displayName: 'Developers' }));
    ok(await t.call(CreateGroupDocument, { name: 'ops', displayName: 'Operations' }));
    const anonymous = idgateClient(t.url, null);
    const login = await data(
      anonymous,
      LoginDocument,
      { name: 'admin', password: 'admin-Password-1' },
      'mutation',
    );
    admin = idgateClient(t.url, login.login.token, methods);
  });
  after(async () => {
    await t?.close();
  });

  it('logs in and reads me', async () => {
    const me: CurrentUserFragment & { lastLoginAt: string | null } = (
      await data(admin, MeDocument, {}, 'query')
    ).me;
    assert.equal(me.name, 'admin');
    assert.equal(me.isAdmin, true);
    assert.equal(me.domain.name, 'default');
    assert.equal(me.backend.kind, 'LOCAL');
    assert.ok(me.lastLoginAt);
  });

  it('administers users: create, page through, read in detail, update, change groups, disable', async () => {
    for (const name of ['ann', 'bob', 'cy']) {
      const created = await data(
        admin,
        CreateUserDocument,
        { input: { name, email: `${name}@example.org`, password: PASSWORD, groups: ['devs'] } },
        'mutation',
      );
      assert.equal(created.createUser.state, 'ENABLED');
    }

    const names: string[] = [];
    let after: string | null = null;
    do {
      const page: UsersPageQuery['users'] = (
        await data(
          admin,
          UsersPageDocument,
          { filter: { group: 'devs' }, first: 2, after, orderBy: { field: 'NAME' } },
          'query',
        )
      ).users;
      assert.equal(page.totalCount, 3);
      names.push(...page.edges.map((e) => e.node.name));
      const row: UserRowFragment = page.edges[0]!.node;
      assert.deepEqual(
        row.groups.map((g) => g.name),
        ['devs'],
      );
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    assert.deepEqual(names, ['ann', 'bob', 'cy']);

    const ann = (await data(admin, UserDetailDocument, { name: 'ann' }, 'query')).user;
    assert.ok(ann);
    assert.equal(ann.email, 'ann@example.org');
    assert.ok(ann.editableFields.includes('groups'));
    const byId = (await data(admin, UserDetailDocument, { id: ann.id }, 'query')).user;
    assert.equal(byId?.name, 'ann');

    const updated = (
      await data(
        admin,
        UpdateUserDocument,
        {
          name: 'ann',
          input: { displayName: 'Ann A', tags: [{ key: 'team', value: 'red' }] },
          expectedVersion: ann.version,
        },
        'mutation',
      )
    ).updateUser;
    assert.equal(updated.displayName, 'Ann A');
    assert.deepEqual(updated.tags, [{ key: 'team', value: 'red' }]);
    assert.equal(updated.version, ann.version + 1);

    const groups = (
      await data(
        admin,
        ChangeUserGroupsDocument,
        { name: 'ann', input: { add: ['ops'], remove: ['devs'] } },
        'mutation',
      )
    ).setUserGroups;
    assert.deepEqual(
      groups.groups.map((g) => g.name),
      ['ops'],
    );
    const picker = (await data(admin, GroupsPageDocument, { keyword: 'ops', first: 10 }, 'query')).groups;
    assert.deepEqual(
      picker.edges.map((e) => [e.node.name, e.node.memberCount]),
      [['ops', 1]],
    );

    assert.equal(
      (await data(admin, DisableUserDocument, { name: 'cy' }, 'mutation')).disableUser.state,
      'DISABLED',
    );
    assert.equal(
      (await data(admin, EnableUserDocument, { name: 'cy' }, 'mutation')).enableUser.state,
      'ENABLED',
    );
  });

  it('lets a user manage their settings, profile, password and sessions, and log out', async () => {
    const anonymous = idgateClient(t.url, null);
    const first = (await data(anonymous, LoginDocument, { name: 'bob', password: PASSWORD }, 'mutation'))
      .login;
    assert.equal(first.user.name, 'bob');
    const second = (await data(anonymous, LoginDocument, { name: 'bob', password: PASSWORD }, 'mutation'))
      .login;
    const bob = idgateClient(t.url, second.token);

    const settings = (await data(bob, MySettingsDocument, {}, 'query')).me.settings;
    assert.equal(settings.language, 'en');
    const changed = (
      await data(
        bob,
        UpdateMySettingsDocument,
        { input: { language: 'pt-br', timezone: 'Europe/Berlin', preferences: { density: 'compact' } } },
        'mutation',
      )
    ).updateMySettings;
    assert.deepEqual(
      { language: changed.language, timezone: changed.timezone, preferences: changed.preferences },
      { language: 'pt-BR', timezone: 'Europe/Berlin', preferences: { density: 'compact' } },
    );

    const profile = (await data(bob, UpdateMyProfileDocument, { input: { firstName: 'Bob' } }, 'mutation'))
      .updateMyProfile;
    assert.equal(profile.profile.firstName, 'Bob');

    const sessions = (await data(bob, MySessionsDocument, {}, 'query')).me.sessions;
    assert.equal(sessions.length, 2);
    const other = sessions.find((s) => !s.current)!;
    assert.equal(other.method, 'PASSWORD');
    assert.equal((await data(bob, RevokeSessionDocument, { id: other.id }, 'mutation')).revokeSession, true);
    const third = (await data(anonymous, LoginDocument, { name: 'bob', password: PASSWORD }, 'mutation'))
      .login;
    assert.equal((await data(bob, RevokeMyOtherSessionsDocument, {}, 'mutation')).revokeMySessions, 1);
    const revoked = await idgateClient(t.url, third.token).query(MeDocument, {}).toPromise();
    assert.equal(revoked.error?.graphQLErrors[0]?.extensions.code, 'UNAUTHENTICATED');

    const password = (
      await data(
        bob,
        ChangeMyPasswordDocument,
        { oldPassword: PASSWORD, newPassword: 'another-horse-7' },
        'mutation',
      )
    ).changeMyPassword;
    assert.deepEqual(password.requiredActions, []);

    assert.equal((await data(bob, LogoutDocument, {}, 'mutation')).logout, true);
    const gone = await bob.query(MeDocument, {}).toPromise();
    assert.equal(gone.error?.graphQLErrors[0]?.extensions.code, 'UNAUTHENTICATED');
  });

  it('sent queries over GET and mutations over POST', () => {
    assert.ok(methods.includes('GET'), methods.join(' '));
    assert.ok(methods.includes('POST'), methods.join(' '));
  });
});
