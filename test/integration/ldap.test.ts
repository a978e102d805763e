import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  ChangeMyPasswordDocument,
  CreateGroupDocument,
  CreateUserDocument,
  DeleteUserDocument,
  DisableUserDocument,
  GetGroupDocument,
  GetUserDocument,
  ListGroupsDocument,
  ListUsersDocument,
  LoginDocument,
  MeDocument,
  ResetPasswordDocument,
  SendEmailVerificationDocument,
  SetRequiredActionsDocument,
  SetUserGroupsDocument,
  SyncUsersDocument,
  UpdateMyProfileDocument,
  UpdateMySettingsDocument,
  UpdateUserDocument,
  UpdateUserProfileDocument,
} from '../generated/graphql';
import { failure, gql, ok, type GqlResult } from '../helpers/client';
import { startServerWithLdap, type LdapTestEnv } from '../helpers/ldap-env';
import type { TestServer } from '../helpers/server';
import { ldapBackendConfig } from '../helpers/slapd';
import { assertSameSnapshot, snapshot } from '../helpers/snapshot';

const ALICE = { name: 'alice', password: 'alice-Password-1' };

describe('LDAP backend, read-only, 2,000-user directory', () => {
  let env: LdapTestEnv;
  const call: TestServer['call'] = (doc, vars, token) => env.server.call(doc, vars, token);

  before(async () => {
    env = await startServerWithLdap({ readOnly: true, users: 2000, groups: 100 });
  });
  after(async () => {
    await env?.server.close();
  });

  it('lists a page of 100 users with their groups in 3 directory searches, 2 while its key list is kept', async () => {
    const page = (first: number) =>
      env.countSearches(() => call(ListUsersDocument, { filter: { backend: 'ldap' }, first }));
    const hundred = await page(100);
    // The same listing again within listCacheSeconds: its key list is reused, the page read anew.
    const ten = await page(10);
    const users = ok(hundred.result).users;
    assert.equal(users.totalCount, 2003); // the generated users and three fixtures
    assert.equal(users.edges.length, 100);
    assert.ok(
      users.edges.filter((e) => e.node.name.startsWith('user')).every((e) => e.node.groups.length === 2),
    );
    assert.equal(hundred.searches.length, 3, hundred.searches.join('\n'));
    assert.equal(ten.searches.length, 2, ten.searches.join('\n'));
    assert.ok(!ten.searches.includes(hundred.searches[0]!), 'the key scan is not sent again');
    const next = ok(
      await call(ListUsersDocument, {
        filter: { backend: 'ldap' },
        first: 100,
        after: users.pageInfo.endCursor,
      }),
    ).users;
    assert.equal(next.edges[0]!.node.name > users.edges[99]!.node.name, true);
  });

  it('resolves federation entities of directory users in one directory search', async () => {
    const page = ok(
      await call(ListUsersDocument, { filter: { backend: 'ldap', keyword: 'user00' }, first: 5 }),
    ).users;
    const ids = page.edges.map((e) => e.node.id);
    const query =
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id name groups { name } } } }';
    const { result, searches } = await env.countSearches(() =>
      gql<{ _entities: { id: string; name: string; groups: { name: string }[] }[] }, unknown>(
        env.server.url,
        query,
        { r: ids.map((id) => ({ __typename: 'User', id })) },
        env.server.adminToken,
      ),
    );
    const entities = ok(result)._entities;
    assert.deepEqual(
      entities.map((e) => e.id),
      ids,
    );
    assert.ok(entities.every((e) => e.groups.length === 2));
    assert.equal(searches.length, 2, searches.join('\n')); // the users, then their groups
  });

  it('pushes the keyword and group into the LDAP filter, and ANDs gateway-owned parts', async () => {
    const names = async (filter: object, first = 50) =>
      ok(await call(ListUsersDocument, { filter: { backend: 'ldap', ...filter }, first })).users;
    const kw = await env.countSearches(() => names({ keyword: 'user012' }));
    assert.equal(kw.result.totalCount, 10); // user0120..user0129
    assert.match(kw.searches[0]!, /\(uid=\*user012\*\)/);
    const group = await names({ group: 'group001' });
    assert.equal(group.totalCount, 40);
    const both = await names({ group: 'group001', keyword: 'user01' });
    assert.ok(both.edges.every((e) => e.node.name.startsWith('user01')));
    ok(
      await call(UpdateUserDocument, {
        name: 'user0042',
        input: { tags: [{ key: 'vip', value: 'yes' }], isAdmin: true },
      }),
    );
    assert.deepEqual(
      (await names({ tag: { key: 'vip', value: 'yes' } })).edges.map((e) => e.node.name),
      ['user0042'],
    );
    assert.deepEqual(
      (await names({ isAdmin: true })).edges.map((e) => e.node.name),
      ['user0042'],
    );
    assert.equal((await names({ isAdmin: false, keyword: 'user004' })).totalCount, 9);
    ok(await call(DisableUserDocument, { name: 'user0043' }));
    assert.deepEqual(
      (await names({ state: 'DISABLED' })).edges.map((e) => e.node.name),
      ['user0043'],
    );
    assert.equal((await names({ state: 'ENABLED', keyword: 'user004' })).totalCount, 9);
    assert.equal((await names({ userType: 'SERVICE_ACCOUNT' })).totalCount, 0);
    // A local group may hold directory users: matched from the gateway's membership table.
    ok(await call(CreateGroupDocument, { name: 'local-crew', backend: 'local' }));
    ok(await call(SetUserGroupsDocument, { name: 'user0044', input: { add: ['local-crew'] } }));
    assert.deepEqual(
      (await names({ group: 'local-crew' })).edges.map((e) => e.node.name),
      ['user0044'],
    );
    assert.deepEqual(
      ok(await call(ListUsersDocument, { filter: { group: 'local-crew' } })).users.edges.map(
        (e) => e.node.name,
      ),
      ['user0044'],
    );
    assert.equal((await names({ group: 'no-such-group' })).totalCount, 0);
    const desc = await names({ keyword: 'user199' }, 3);
    const ordered = ok(
      await call(ListUsersDocument, {
        filter: { backend: 'ldap', keyword: 'user199' },
        orderBy: { field: 'NAME', descending: true },
        first: 3,
      }),
    ).users;
    assert.deepEqual(
      ordered.edges.map((e) => e.node.name),
      ['user1999', 'user1998', 'user1997'],
    );
    assert.equal(desc.totalCount, 10);
  });

  it('reads users and groups with stable ids and the DN as external id', async () => {
    const alice = ok(await call(GetUserDocument, { name: 'ALICE' })).user!;
    assert.equal(alice.name, 'alice');
    assert.deepEqual(alice.externalIds, [{ type: 'ldap-dn', id: `uid=alice,ou=people,${env.slapd.suffix}` }]);
    assert.deepEqual(alice.profile, { fullName: 'Alice Archer', firstName: 'Alice', lastName: 'Archer' });
    assert.deepEqual(alice.attributes, { departmentNumber: 'fixtures' });
    assert.equal(ok(await call(GetUserDocument, { id: alice.id })).user!.name, 'alice');
    const again = ok(await call(GetUserDocument, { name: 'alice' })).user!;
    assert.equal(again.id, alice.id);
    const group = ok(await call(GetGroupDocument, { name: 'group007', first: 5 })).group!;
    assert.equal(group.memberCount, 40);
    assert.equal(group.members.edges.length, 5);
    const groups = ok(await call(ListGroupsDocument, { keyword: 'group01', first: 5 })).groups;
    assert.equal(groups.totalCount, 10);
    assert.ok(groups.edges.every((e) => e.node.memberCount === 40));
  });

  it('logs in by binding as the user; refuses an empty password before any bind', async () => {
    const token = ok(await call(LoginDocument, ALICE, null)).login.token;
    assert.equal(ok(await call(MeDocument, undefined, token)).me.name, 'alice');
    const binds: string[] = [];
    const stop = env.backend.onBind((dn) => binds.push(dn));
    try {
      const empty = failure(await call(LoginDocument, { name: 'alice', password: '' }, null));
      assert.equal(empty.extensions.code, 'UNAUTHENTICATED');
      assert.deepEqual(binds, []);
      const wrong = failure(await call(LoginDocument, { name: 'alice', password: 'not-it-at-all' }, null));
      const unknown = failure(
        await call(LoginDocument, { name: 'nobody-here', password: 'not-it-at-all' }, null),
      );
      assert.deepEqual(wrong, unknown);
      assert.equal(binds.length, 2, 'one bind for the wrong password, one for the unknown user');
      // A local user's wrong password in this mixed domain costs a directory bind too: the time of
      // the answer does not tell which backend holds a name.
      const local = failure(await call(LoginDocument, { name: 'admin', password: 'not-it-at-all' }, null));
      assert.deepEqual(local, unknown);
      assert.equal(binds.length, 3);
    } finally {
      stop();
    }
  });

  it('keeps injection attempts inert: they find nothing they should not and never error', async () => {
    for (const text of [
      '*',
      ')(uid=*',
      '*)(|(uid=*',
      '\\',
      '\\2a',
      '\u0000',
      'alice)(objectClass=*',
      '(',
      'ü*',
    ]) {
      const list = await call(ListUsersDocument, { filter: { backend: 'ldap', keyword: text } });
      assert.equal(ok(list).users.totalCount, 0, `keyword ${JSON.stringify(text)}`);
      assert.equal(
        ok(await call(GetUserDocument, { name: text })).user,
        null,
        `name ${JSON.stringify(text)}`,
      );
      assert.equal(
        ok(await call(ListUsersDocument, { filter: { backend: 'ldap', group: text } })).users.totalCount,
        0,
      );
      const login = failure(await call(LoginDocument, { name: text, password: 'whatever-1' }, null));
      assert.equal(login.extensions.code, 'UNAUTHENTICATED');
    }
    const accented = ok(
      await call(ListUsersDocument, { filter: { backend: 'ldap', keyword: 'Côté' } }),
    ).users;
    assert.deepEqual(
      accented.edges.map((e) => e.node.name),
      ['chloé'],
    );
    assert.equal(ok(await call(GetUserDocument, { name: 'CHLOÉ' })).user?.name, 'chloé');
  });

  it('refuses every change to directory-owned data and leaves the directory untouched', async () => {
    const before = env.slapd.dump();
    const aliceToken = ok(await call(LoginDocument, ALICE, null)).login.token;
    const attempts: GqlResult<unknown>[] = [
      await call(CreateUserDocument, { input: { name: 'newbie', backend: 'ldap' } }),
      await call(UpdateUserDocument, {
        name: 'alice',
        input: { displayName: 'A', email: 'a@example.org', mobile: '+1 555 0123', attributes: { x: 1 } },
      }),
      await call(UpdateUserProfileDocument, { name: 'alice', input: { firstName: 'Al' } }),
      await call(UpdateMyProfileDocument, { input: { lastName: 'Other' } }, aliceToken),
      await call(ResetPasswordDocument, { name: 'alice' }),
      await call(
        ChangeMyPasswordDocument,
        { oldPassword: ALICE.password, newPassword: 'another-Pass-9' },
        aliceToken,
      ),
      await call(SetUserGroupsDocument, { name: 'alice', input: { add: ['group001'] } }),
      await call(SetUserGroupsDocument, { name: 'alice', input: { remove: ['staff'] } }),
      await call(SendEmailVerificationDocument, { name: 'alice', email: 'other@idgate.test' }),
      await call(DeleteUserDocument, { name: 'alice' }),
      await call(CreateGroupDocument, { name: 'newgroup', backend: 'ldap' }),
    ];
    for (const result of attempts) {
      const error = failure(result);
      assert.equal(error.extensions.code, 'FORBIDDEN', JSON.stringify(error));
      assert.equal(error.extensions.reason, 'READ_ONLY_BACKEND');
      assert.equal(error.extensions.backend, 'ldap');
    }
    assert.equal(env.slapd.dump(), before);
  });

  it('keeps gateway-owned data writable for directory users', async () => {
    const before = env.slapd.dump();
    ok(await call(SetRequiredActionsDocument, { name: 'bob', actions: ['ACCEPT_TERMS'] }));
    const updated = ok(
      await call(UpdateUserDocument, {
        name: 'bob',
        input: { tags: [{ key: 'k', value: 'v' }], validity: { end: '2999-01-01T00:00:00Z' } },
      }),
    ).updateUser;
    assert.deepEqual(updated.requiredActions, ['ACCEPT_TERMS']);
    const token = ok(await call(LoginDocument, { name: 'bob', password: 'bob-Password-1' }, null)).login
      .token;
    assert.equal(
      ok(await call(UpdateMySettingsDocument, { input: { timezone: 'Europe/Paris' } }, token))
        .updateMySettings.timezone,
      'Europe/Paris',
    );
    assert.ok(!ok(await call(MeDocument, undefined, token)).me.editableFields.includes('profile'));
    assert.equal(env.slapd.dump(), before);
  });

  it('answers BACKEND_UNAVAILABLE within the timeout while slapd is down, and recovers without a restart', async () => {
    await env.slapd.stop();
    try {
      const started = Date.now();
      const error = failure(await call(ListUsersDocument, { filter: { backend: 'ldap' } }));
      const elapsed = Date.now() - started;
      assert.equal(error.extensions.code, 'BACKEND_UNAVAILABLE');
      assert.equal(error.extensions.backend, 'ldap');
      assert.ok(elapsed < 5000, `took ${elapsed} ms`);
      assert.equal(failure(await call(LoginDocument, ALICE, null)).extensions.code, 'BACKEND_UNAVAILABLE');
      const ready = await fetch(`${env.server.url}/readyz`);
      assert.equal(ready.status, 503);
      const body = (await ready.json()) as { backends: { id: string; state: string }[] };
      assert.equal(body.backends.find((b) => b.id === 'ldap')?.state, 'down');
      assert.equal(body.backends.find((b) => b.id === 'local')?.state, 'up');
    } finally {
      await env.slapd.start();
    }
    assert.equal(
      ok(await call(ListUsersDocument, { filter: { backend: 'ldap' }, first: 1 })).users.edges.length,
      1,
    );
    assert.equal((await fetch(`${env.server.url}/readyz`)).status, 200);
    ok(await call(LoginDocument, ALICE, null));
  });
});

describe('LDAP backend, writable', () => {
  let env: LdapTestEnv;
  const call: TestServer['call'] = (doc, vars, token) => env.server.call(doc, vars, token);
  const members = (group: string) =>
    env.slapd
      .ldapsearch(`cn=${group},ou=groups,${env.slapd.suffix}`, '(objectClass=*)', ['member'])
      .split('\n')
      .filter((l) => l.startsWith('member: '))
      .map((l) => l.slice(8))
      .sort();

  before(async () => {
    env = await startServerWithLdap({ readOnly: false, users: 50, groups: 6 });
  });
  after(async () => {
    await env?.server.close();
  });

  it('creates, changes, regroups and deletes users in the directory', async () => {
    const created = ok(
      await call(CreateUserDocument, {
        input: {
          name: 'dora',
          email: 'dora@idgate.test',
          password: 'dora-Password-1',
          profile: { firstName: 'Dora', lastName: 'Dunn' },
          backend: 'ldap',
          groups: ['group001'],
          attributes: { departmentNumber: 'D9' },
        },
      }),
    ).createUser;
    const dn = `uid=dora,ou=people,${env.slapd.suffix}`;
    assert.deepEqual(created.externalIds, [{ type: 'ldap-dn', id: dn }]);
    const entry = env.slapd.ldapsearch(dn, '(objectClass=*)', [
      'mail',
      'givenName',
      'sn',
      'departmentNumber',
      'userPassword',
    ]);
    assert.match(entry, /mail: dora@idgate.test/);
    assert.match(entry, /departmentNumber: D9/);
    assert.match(entry, /userPassword:: e1NTSEF9/); // stored hashed ({SSHA}) by slapd, never in clear
    assert.ok(members('group001').includes(dn));
    const token = ok(await call(LoginDocument, { name: 'dora', password: 'dora-Password-1' }, null)).login
      .token;
    ok(
      await call(
        ChangeMyPasswordDocument,
        { oldPassword: 'dora-Password-1', newPassword: 'dora-New-Pass-2' },
        token,
      ),
    );
    ok(await call(LoginDocument, { name: 'dora', password: 'dora-New-Pass-2' }, null));
    ok(
      await call(UpdateUserDocument, {
        name: 'dora',
        input: { displayName: 'Dora D', mobile: '+44 20 7946 0000' },
      }),
    );
    assert.match(
      env.slapd.ldapsearch(dn, '(objectClass=*)', ['displayName', 'mobile']),
      /displayName: Dora D\nmobile: \+44 20 7946 0000/,
    );
    ok(
      await call(SetUserGroupsDocument, { name: 'dora', input: { add: ['group002'], remove: ['group001'] } }),
    );
    assert.ok(!members('group001').includes(dn));
    assert.ok(members('group002').includes(dn));
    ok(await call(CreateGroupDocument, { name: 'fresh', displayName: 'Fresh group', backend: 'ldap' }));
    const set = ok(
      await call(SetUserGroupsDocument, { name: 'dora', input: { set: ['fresh'] } }),
    ).setUserGroups;
    assert.deepEqual(
      set.groups.map((g) => g.name),
      ['fresh'],
    );
    assert.ok(members('fresh').includes(dn));
    assert.ok(!members('group002').includes(dn));
    ok(await call(DeleteUserDocument, { name: 'dora' }));
    assert.equal(env.slapd.ldapsearch(dn, '(objectClass=*)', ['uid']).trim(), '');
    assert.ok(!members('fresh').includes(dn));
    assert.equal(ok(await call(GetUserDocument, { name: 'dora' })).user, null);
  });

  it('writes to the directory only for the winner of parallel updates with one expectedVersion', async () => {
    const before = ok(await call(GetUserDocument, { name: 'user0011' })).user!;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call(UpdateUserDocument, {
          name: 'user0011',
          input: { displayName: `Racer ${i}` },
          expectedVersion: before.version,
        }),
      ),
    );
    const wins = results.filter((r) => !r.errors);
    assert.equal(wins.length, 1);
    const winner = wins[0]!.data!.updateUser.displayName;
    const entry = env.slapd.ldapsearch(`uid=user0011,ou=people,${env.slapd.suffix}`, '(objectClass=*)', [
      'displayName',
    ]);
    assert.match(entry, new RegExp(`displayName: ${winner}\n`));
  });

  it('refuses to create a user whose name the directory already has, even unseen by idgate', async () => {
    const before = env.slapd.dump();
    const error = failure(await call(CreateUserDocument, { input: { name: 'user0033', backend: 'ldap' } }));
    assert.equal(error.extensions.code, 'CONFLICT');
    assert.equal(error.extensions.reason, 'NAME_TAKEN');
    assert.equal(env.slapd.dump(), before);
  });

  it('undoes a half-done change: the directory and the database are as before', async () => {
    // Reads leave mirror rows behind: read what the calls below touch first.
    ok(await call(GetUserDocument, { name: 'alice' }));
    ok(await call(ListGroupsDocument, { first: 100 }));
    // Undone changes still leave new change stamps (entryCSN): compare the content.
    const dirBefore = env.slapd.dump(false);
    const dbBefore = await snapshot(env.server.server);
    // Adding to group003 succeeds, then removing from `locked` is refused by the directory's ACL: a
    // refusal of the directory (not an outage) is FORBIDDEN / NOT_ALLOWED naming the backend.
    const error = failure(
      await call(SetUserGroupsDocument, { name: 'alice', input: { add: ['group003'], remove: ['locked'] } }),
    );
    assert.equal(error.extensions.code, 'FORBIDDEN');
    assert.equal(error.extensions.reason, 'NOT_ALLOWED');
    assert.equal(error.extensions.backend, 'ldap');
    assert.equal(env.slapd.dump(false), dirBefore);
    // Creating a user in `locked` fails after the entry was added: the entry goes again.
    const created = failure(
      await call(CreateUserDocument, { input: { name: 'eve', backend: 'ldap', groups: ['locked'] } }),
    );
    assert.equal(created.extensions.code, 'FORBIDDEN');
    // The directory is up all along, and /readyz says so.
    assert.equal((await fetch(`${env.server.url}/readyz`)).status, 200);
    assert.equal(env.slapd.dump(false), dirBefore);
    assertSameSnapshot(await snapshot(env.server.server), dbBefore);
  });

  it('syncs the mirror: creates, updates, disables those gone, re-enables those back, and stops at the guard', async () => {
    const full = ok(await call(SyncUsersDocument, { backend: 'ldap', mode: 'FULL' })).syncUsers;
    assert.equal(full.aborted, false);
    assert.ok(full.created > 0);
    const again = ok(await call(SyncUsersDocument, { backend: 'ldap', mode: 'FULL' })).syncUsers;
    assert.deepEqual([again.created, again.updated, again.disabled], [0, 0, 0]);
    const bobToken = ok(await call(LoginDocument, { name: 'bob', password: 'bob-Password-1' }, null)).login
      .token;
    env.slapd.ldapmodify(
      `dn: uid=user0001,ou=people,${env.slapd.suffix}\nchangetype: modify\nreplace: displayName\ndisplayName: Renamed One\n`,
    );
    env.slapd.ldapmodify(`dn: uid=bob,ou=people,${env.slapd.suffix}\nchangetype: delete\n`);
    const changed = ok(await call(SyncUsersDocument, { backend: 'ldap', mode: 'CHANGED' })).syncUsers;
    assert.equal(changed.mode, 'CHANGED');
    assert.equal(changed.updated, 1);
    assert.equal(changed.disabled, 1);
    assert.equal(failure(await call(MeDocument, undefined, bobToken)).extensions.code, 'UNAUTHENTICATED');
    const user1 = ok(await call(ListUsersDocument, { filter: { keyword: 'Renamed One' } })).users;
    assert.deepEqual(
      user1.edges.map((e) => e.node.name),
      ['user0001'],
    );
    // The directory hands a local user's address to a directory user: mirrored, not a failed write.
    ok(
      await call(CreateUserDocument, {
        input: { name: 'clash', email: 'clash@idgate.test', backend: 'local' },
      }),
    );
    env.slapd.ldapmodify(
      `dn: uid=user0002,ou=people,${env.slapd.suffix}\nchangetype: modify\nreplace: mail\nmail: clash@idgate.test\n`,
    );
    const clashing = ok(await call(SyncUsersDocument, { backend: 'ldap', mode: 'CHANGED' })).syncUsers;
    assert.equal(clashing.failed, 0);
    assert.equal(ok(await call(GetUserDocument, { name: 'user0002' })).user!.email, 'clash@idgate.test');
    const disabled = ok(
      await call(ListUsersDocument, { filter: { state: 'DISABLED', keyword: 'bob' } }),
    ).users;
    assert.deepEqual(
      disabled.edges.map((e) => e.node.name),
      ['bob'],
    );
    // Half the directory vanishes: the sync refuses to disable them.
    const dbBefore = await snapshot(env.server.server);
    const gone = Array.from(
      { length: 30 },
      (_, i) =>
        `dn: uid=user${String(i + 10).padStart(4, '0')},ou=people,${env.slapd.suffix}\nchangetype: delete\n`,
    );
    env.slapd.ldapmodify(gone.join('\n'));
    const guarded = ok(await call(SyncUsersDocument, { backend: 'ldap', mode: 'FULL' })).syncUsers;
    assert.equal(guarded.aborted, true);
    assert.equal(guarded.failed, 30);
    assert.match(guarded.message!, /30 of \d+ mirrored users/);
    assert.equal(await snapshot(env.server.server), dbBefore);
    const local = failure(await call(SyncUsersDocument, { backend: 'local' }));
    assert.equal(local.extensions.code, 'BAD_USER_INPUT');
    assert.equal(failure(await call(SyncUsersDocument, { backend: 'nope' })).extensions.code, 'NOT_FOUND');
  });
});

describe('LDAP backend, failover and a directory that never answers', () => {
  let env: LdapTestEnv;
  let silent: Server;
  let silentPort = 0;
  let closedPort = 0;
  const call: TestServer['call'] = (doc, vars, token) => env.server.call(doc, vars, token);

  before(async () => {
    // A server that accepts connections and never says a word: every operation must time out.
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
    // A port nobody listens on: connections are refused at once.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    env = await startServerWithLdap({
      readOnly: true,
      users: 20,
      groups: 2,
      ldap: { timeoutMs: 500, connectTimeoutMs: 500 },
      extraBackends: (slapd) => [
        ldapBackendConfig(slapd, 'failover', true, {
          urls: [`ldap://127.0.0.1:${closedPort}`, slapd.url],
          connectTimeoutMs: 500,
          timeoutMs: 500,
        }),
        ldapBackendConfig(slapd, 'silent', true, {
          urls: [`ldap://127.0.0.1:${silentPort}`],
          connectTimeoutMs: 500,
          timeoutMs: 500,
        }),
      ],
    });
  });
  after(async () => {
    await env?.server.close();
    silent?.close();
  });

  it('fails over to the next URL when the first refuses connections', async () => {
    const page = ok(await call(ListUsersDocument, { filter: { backend: 'failover' }, first: 3 })).users;
    assert.equal(page.totalCount, 23);
  });

  it('answers BACKEND_UNAVAILABLE within the timeout when the directory never answers', async () => {
    const started = Date.now();
    const error = failure(await call(ListUsersDocument, { filter: { backend: 'silent' } }));
    const elapsed = Date.now() - started;
    assert.equal(error.extensions.code, 'BACKEND_UNAVAILABLE');
    assert.equal(error.extensions.backend, 'silent');
    assert.ok(elapsed < 2500, `took ${elapsed} ms`);
    const ready = (await (await fetch(`${env.server.url}/readyz`)).json()) as {
      backends: { id: string; state: string }[];
    };
    assert.deepEqual(
      ready.backends.map((b) => [b.id, b.state]),
      [
        ['local', 'up'],
        ['ldap', 'up'],
        ['failover', 'up'],
        ['silent', 'down'],
      ],
    );
  });
});
