import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateGroupDocument,
  CreateServiceAccountDocument,
  CreateUserDocument,
  DeleteGroupDocument,
  DeleteUserDocument,
  DomainsDocument,
  BackendsDocument,
  GetGroupDocument,
  GetUserDocument,
  ListGroupsDocument,
  ListUsersDocument,
  LoginDocument,
  LogoutDocument,
  MeDocument,
  RotateServiceAccountTokenDocument,
  SetUserGroupsDocument,
  SyncUsersDocument,
  UpdateUserDocument,
  type CreateUserInput,
} from '../generated/graphql';
import { failure, gql, ok } from '../helpers/client';
import type { Driver } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';
import { snapshot } from '../helpers/snapshot';

const PASSWORD = 'correct-horse-9';

/** The whole core API over HTTP against a real server on `driver`. */
export function defineApiSuite(driver: Driver): void {
  describe(`core API on ${driver}`, () => {
    let t: TestServer;
    const call: TestServer['call'] = (doc, vars, token) => t.call(doc, vars, token);
    const createUser = async (input: CreateUserInput) =>
      ok(await call(CreateUserDocument, { input })).createUser;
    const loginAs = async (name: string, password = PASSWORD, domain?: string) =>
      ok(await call(LoginDocument, { name, password, domain }, null)).login.token;

    /** Runs a mutation that must fail and proves the directory tables did not change. */
    async function failsUnchanged<T, V>(doc: TypedDocumentNode<T, V>, vars: V, token = t.adminToken) {
      const before = await snapshot(t.server);
      const error = failure(await call(doc, vars, token));
      assert.equal(
        await snapshot(t.server),
        before,
        `database changed after failed call (${error.extensions.code})`,
      );
      return error;
    }

    before(async () => {
      t = await startTestServer(driver, {
        domains: [
          { name: 'default', backends: [{ id: 'local', kind: 'local', displayName: 'Local users' }] },
          { name: 'acme', backends: [{ id: 'acme-local', kind: 'local' }] },
        ],
      });
      ok(await call(CreateGroupDocument, { name: 'devs', displayName: 'Developers' }));
      ok(await call(CreateGroupDocument, { name: 'ops' }));
      await createUser({ name: 'ann', email: 'ann@example.org', password: PASSWORD, groups: ['devs'] });
      await createUser({ name: 'bob', email: 'bob@example.org', password: PASSWORD });
    });
    after(async () => {
      await t?.close();
    });

    describe('authentication', () => {
      it('logs in, reads me and logs out; the token dies with the session', async () => {
        const token = await loginAs('ann');
        const me = ok(await call(MeDocument, undefined, token)).me;
        assert.equal(me.name, 'ann');
        assert.deepEqual(
          me.groups.map((g) => g.name),
          ['devs'],
        );
        assert.equal(me.sessions.filter((s) => s.current).length, 1);
        assert.ok(me.lastLoginAt);
        assert.equal(ok(await call(LogoutDocument, undefined, token)).logout, true);
        assert.equal(failure(await call(MeDocument, undefined, token)).extensions.code, 'UNAUTHENTICATED');
      });

      it('answers an unknown user and a wrong password the same way', async () => {
        const unknown = failure(await call(LoginDocument, { name: 'nobody', password: PASSWORD }, null));
        const wrong = failure(await call(LoginDocument, { name: 'ann', password: 'wrong-password' }, null));
        assert.equal(unknown.extensions.code, 'UNAUTHENTICATED');
        assert.deepEqual(unknown, wrong);
      });

      it('counts failed logins and resets the count on success', async () => {
        await createUser({ name: 'counter', password: PASSWORD });
        failure(await call(LoginDocument, { name: 'counter', password: 'nope-nope-1' }, null));
        failure(await call(LoginDocument, { name: 'counter', password: 'nope-nope-2' }, null));
        let u = ok(await call(GetUserDocument, { name: 'counter' })).user!;
        assert.equal(u.failedLoginCount, 2);
        await loginAs('counter');
        u = ok(await call(GetUserDocument, { name: 'counter' })).user!;
        assert.equal(u.failedLoginCount, 0);
      });

      it('refuses missing, malformed and unknown tokens', async () => {
        for (const token of [null, 'not-a-real-token', 'x'.repeat(43)]) {
          const error = failure(await call(MeDocument, undefined, token));
          assert.equal(error.extensions.code, 'UNAUTHENTICATED', `token ${token}`);
        }
        const res = await fetch(`${t.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Basic abc' },
          body: JSON.stringify({ query: '{ me { name } }' }),
        });
        const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
        assert.equal(body.errors[0]!.extensions.code, 'UNAUTHENTICATED');
      });

      it('stores no token in clear', async () => {
        const token = await loginAs('bob');
        const rows: { token_hash: string }[] = await t.server.db.orm.em
          .fork()
          .getConnection()
          .execute('select token_hash from sessions');
        assert.ok(rows.length > 0);
        assert.ok(rows.every((r) => r.token_hash !== token && /^[0-9a-f]{64}$/.test(r.token_hash)));
      });
    });

    describe('users', () => {
      it('creates a user with every field and reads it back by name and by id', async () => {
        const created = await createUser({
          name: 'carol',
          displayName: 'Carol C',
          email: 'Carol@Example.org',
          mobile: '+49 30 1234567',
          password: PASSWORD,
          profile: { firstName: 'Carol', lastName: 'C', fullName: 'Carol C' },
          tags: [{ key: 'team', value: 'red' }],
          groups: ['devs', 'ops'],
          requiredActions: ['VERIFY_EMAIL'],
          validity: { begin: '2020-01-01T00:00:00.000Z', end: '2099-01-01T00:00:00.000Z' },
          attributes: { costCenter: 42 },
        });
        assert.equal(created.displayName, 'Carol C');
        assert.equal(created.state, 'ENABLED');
        assert.equal(created.version, 1);
        assert.equal(created.backend.id, 'local');
        assert.equal(created.domain.name, 'default');
        assert.deepEqual(created.attributes, { costCenter: 42 });
        assert.deepEqual(
          created.groups.map((g) => g.name),
          ['devs', 'ops'],
        );
        assert.deepEqual(created.requiredActions, ['VERIFY_EMAIL']);
        assert.equal(created.validity?.end, '2099-01-01T00:00:00.000Z');
        const byName = ok(await call(GetUserDocument, { name: 'CAROL' })).user;
        const byId = ok(await call(GetUserDocument, { id: created.id })).user;
        assert.equal(byName?.id, created.id);
        assert.deepEqual(byId, byName);
        assert.ok(created.editableFields.includes('email'));
      });

      it('defaults displayName to the name, and a user without password is PENDING and cannot log in', async () => {
        const u = await createUser({ name: 'dave' });
        assert.equal(u.displayName, 'dave');
        assert.equal(u.state, 'PENDING');
        const error = failure(await call(LoginDocument, { name: 'dave', password: 'anything-at-all' }, null));
        assert.equal(error.extensions.code, 'UNAUTHENTICATED');
      });

      it('returns null for a user that does not exist and needs exactly one of name and id', async () => {
        assert.equal(ok(await call(GetUserDocument, { name: 'ghost' })).user, null);
        assert.equal(failure(await call(GetUserDocument, {})).extensions.code, 'BAD_USER_INPUT');
        assert.equal(
          failure(await call(GetUserDocument, { name: 'ann', id: 'x' })).extensions.code,
          'BAD_USER_INPUT',
        );
      });

      const badInputs: [string, CreateUserInput, string][] = [
        ['empty name', { name: '' }, 'name'],
        ['101-character name', { name: 'a'.repeat(101) }, 'name'],
        ['name with a space', { name: 'a b' }, 'name'],
        ['151-character display name', { name: 'okname', displayName: 'd'.repeat(151) }, 'displayName'],
        ['malformed email', { name: 'okname', email: 'not-an-email' }, 'email'],
        ['malformed mobile', { name: 'okname', mobile: 'call me' }, 'mobile'],
        ['short password', { name: 'okname', password: 'short' }, 'password'],
        ['password equal to the name', { name: 'okname12', password: 'okname12' }, 'password'],
        [
          'validity that ends before it begins',
          { name: 'okname', validity: { begin: '2030-01-01T00:00:00Z', end: '2020-01-01T00:00:00Z' } },
          'validity',
        ],
        [
          'duplicate tag keys',
          {
            name: 'okname',
            tags: [
              { key: 'a', value: '1' },
              { key: 'a', value: '2' },
            ],
          },
          'tags[1].key',
        ],
        ['unknown group', { name: 'okname', groups: ['devs', 'no-such-group'] }, 'groups'],
      ];
      for (const [label, input, field] of badInputs) {
        it(`refuses ${label} with BAD_USER_INPUT naming ${field}, changing nothing`, async () => {
          const error = await failsUnchanged(CreateUserDocument, { input });
          assert.equal(error.extensions.code, 'BAD_USER_INPUT');
          const fields = error.extensions.fields as { field: string; message: string }[];
          assert.ok(
            fields.some((f) => f.field === field),
            `fields ${JSON.stringify(fields)}`,
          );
          if (label === 'unknown group') assert.match(fields[0]!.message, /no-such-group/);
        });
      }

      it('refuses a taken name (whatever its case) with CONFLICT NAME_TAKEN', async () => {
        const error = await failsUnchanged(CreateUserDocument, { input: { name: 'ANN' } });
        assert.equal(error.extensions.code, 'CONFLICT');
        assert.equal(error.extensions.reason, 'NAME_TAKEN');
      });

      it('refuses a taken email with CONFLICT EMAIL_TAKEN', async () => {
        const error = await failsUnchanged(CreateUserDocument, {
          input: { name: 'ann2', email: 'ANN@example.org' },
        });
        assert.equal(error.extensions.code, 'CONFLICT');
        assert.equal(error.extensions.reason, 'EMAIL_TAKEN');
      });

      it('updates only the given fields and bumps the version', async () => {
        const before = await createUser({
          name: 'erin',
          email: 'erin@example.org',
          mobile: '+1 555 0100',
          tags: [{ key: 'k', value: 'v' }],
        });
        const updated = ok(
          await call(UpdateUserDocument, {
            name: 'erin',
            input: { displayName: 'Erin E' },
            expectedVersion: before.version,
          }),
        ).updateUser;
        assert.equal(updated.displayName, 'Erin E');
        assert.equal(updated.email, 'erin@example.org');
        assert.equal(updated.mobile, '+1 555 0100');
        assert.deepEqual(updated.tags, [{ key: 'k', value: 'v' }]);
        assert.equal(updated.version, before.version + 1);
        const tagged = ok(
          await call(UpdateUserDocument, {
            name: 'erin',
            input: { tags: [{ key: 'x', value: 'y' }], mobile: null },
          }),
        ).updateUser;
        assert.deepEqual(tagged.tags, [{ key: 'x', value: 'y' }]);
        assert.equal(tagged.mobile, null);
        assert.equal(tagged.displayName, 'Erin E');
        assert.equal(tagged.version, before.version + 2);
      });

      it('refuses a stale expectedVersion with VERSION_MISMATCH and the current version', async () => {
        const u = await createUser({ name: 'frank' });
        ok(await call(UpdateUserDocument, { name: 'frank', input: { displayName: 'F1' } }));
        const error = await failsUnchanged(UpdateUserDocument, {
          name: 'frank',
          input: { displayName: 'F2' },
          expectedVersion: u.version,
        });
        assert.equal(error.extensions.code, 'CONFLICT');
        assert.equal(error.extensions.reason, 'VERSION_MISMATCH');
        assert.equal(error.extensions.currentVersion, u.version + 1);
      });

      it('refuses an update to a taken email and bad update values, changing nothing', async () => {
        const taken = await failsUnchanged(UpdateUserDocument, {
          name: 'bob',
          input: { email: 'ann@example.org' },
        });
        assert.equal(taken.extensions.reason, 'EMAIL_TAKEN');
        const bad = await failsUnchanged(UpdateUserDocument, { name: 'bob', input: { email: 'nope' } });
        assert.equal(bad.extensions.code, 'BAD_USER_INPUT');
        const missing = await failsUnchanged(UpdateUserDocument, {
          name: 'nobody',
          input: { displayName: 'x' },
        });
        assert.equal(missing.extensions.code, 'NOT_FOUND');
        assert.equal(missing.extensions.resource, 'user');
      });

      it('marks a changed email unverified', async () => {
        await createUser({ name: 'gina', email: 'gina@example.org' });
        await t.server.db.orm.em
          .fork()
          .getConnection()
          .execute(
            `update users set email_verified = ${driver === 'sqlite' ? 1 : 'true'} where name = 'gina'`,
          );
        assert.equal(ok(await call(GetUserDocument, { name: 'gina' })).user?.emailVerified, true);
        const u = ok(
          await call(UpdateUserDocument, { name: 'gina', input: { email: 'gina2@example.org' } }),
        ).updateUser;
        assert.equal(u.emailVerified, false);
      });

      it('deletes a user with its sessions and memberships', async () => {
        await createUser({ name: 'hank', password: PASSWORD, groups: ['ops'] });
        const token = await loginAs('hank');
        assert.equal(ok(await call(DeleteUserDocument, { name: 'hank' })).deleteUser, true);
        assert.equal(ok(await call(GetUserDocument, { name: 'hank' })).user, null);
        assert.equal(failure(await call(MeDocument, undefined, token)).extensions.code, 'UNAUTHENTICATED');
        const group = ok(await call(GetGroupDocument, { name: 'ops' })).group!;
        assert.ok(!group.members.edges.some((e) => e.node.name === 'hank'));
        assert.equal(
          (await failsUnchanged(DeleteUserDocument, { name: 'hank' })).extensions.code,
          'NOT_FOUND',
        );
      });

      it('lists users with every filter part ANDed, ordering and opaque cursors', async () => {
        for (let i = 0; i < 7; i++) {
          await createUser({
            name: `list${i}`,
            email: `list${i}@corp.test`,
            tags: [{ key: 'batch', value: i % 2 ? 'odd' : 'even' }],
            groups: i < 3 ? ['ops'] : [],
            isAdmin: i === 6,
            password: i === 5 ? null : PASSWORD,
          });
        }
        const all = ok(await call(ListUsersDocument, { filter: { keyword: 'list' }, first: 3 })).users;
        assert.equal(all.totalCount, 7);
        assert.deepEqual(
          all.edges.map((e) => e.node.name),
          ['list0', 'list1', 'list2'],
        );
        assert.equal(all.pageInfo.hasNextPage, true);
        const next = ok(
          await call(ListUsersDocument, {
            filter: { keyword: 'list' },
            first: 3,
            after: all.pageInfo.endCursor,
          }),
        ).users;
        assert.deepEqual(
          next.edges.map((e) => e.node.name),
          ['list3', 'list4', 'list5'],
        );
        const last = ok(
          await call(ListUsersDocument, {
            filter: { keyword: 'list' },
            first: 3,
            after: next.pageInfo.endCursor,
          }),
        ).users;
        assert.deepEqual(
          last.edges.map((e) => e.node.name),
          ['list6'],
        );
        assert.equal(last.pageInfo.hasNextPage, false);
        const desc = ok(
          await call(ListUsersDocument, {
            filter: { keyword: 'list' },
            first: 2,
            orderBy: { field: 'NAME', descending: true },
          }),
        ).users;
        assert.deepEqual(
          desc.edges.map((e) => e.node.name),
          ['list6', 'list5'],
        );
        const byCreated = ok(
          await call(ListUsersDocument, {
            filter: { keyword: 'list' },
            first: 1,
            orderBy: { field: 'CREATED_AT', descending: true },
          }),
        ).users;
        assert.equal(byCreated.edges[0]!.node.name, 'list6');
        const names = async (filter: object) =>
          ok(await call(ListUsersDocument, { filter: { keyword: 'list', ...filter } })).users.edges.map(
            (e) => e.node.name,
          );
        assert.deepEqual(await names({ group: 'ops' }), ['list0', 'list1', 'list2']);
        assert.deepEqual(await names({ group: 'ops', tag: { key: 'batch', value: 'odd' } }), ['list1']);
        assert.deepEqual(await names({ isAdmin: true }), ['list6']);
        assert.deepEqual(await names({ state: 'PENDING' }), ['list5']);
        assert.deepEqual(await names({ state: 'ENABLED', tag: { key: 'batch', value: 'odd' } }), [
          'list1',
          'list3',
        ]);
        assert.deepEqual(await names({ backend: 'local', userType: 'USER', keyword: 'list4@corp' }), [
          'list4',
        ]);
        assert.deepEqual(await names({ backend: 'acme-local' }), []);
        assert.deepEqual(await names({ keyword: '%' }), []);
        assert.deepEqual(await names({ keyword: '_' }), []);
        const bad = failure(await call(ListUsersDocument, { after: 'garbage!' }));
        assert.equal(bad.extensions.code, 'BAD_USER_INPUT');
        const tooMany = failure(await call(ListUsersDocument, { first: 100000 }));
        assert.equal(tooMany.extensions.code, 'BAD_USER_INPUT');
      });

      it('lists users ordered by last login, never-logged-in last', async () => {
        await createUser({ name: 'zlogin1', password: PASSWORD, tags: [{ key: 'll', value: '1' }] });
        await createUser({ name: 'zlogin2', password: PASSWORD, tags: [{ key: 'll', value: '1' }] });
        await createUser({ name: 'zlogin3', tags: [{ key: 'll', value: '1' }] });
        await loginAs('zlogin2');
        await new Promise((r) => setTimeout(r, 5));
        await loginAs('zlogin1');
        const page = ok(
          await call(ListUsersDocument, {
            filter: { tag: { key: 'll', value: '1' } },
            orderBy: { field: 'LAST_LOGIN_AT', descending: true },
          }),
        ).users;
        assert.deepEqual(
          page.edges.map((e) => e.node.name),
          ['zlogin1', 'zlogin2', 'zlogin3'],
        );
      });

      it('costs the same number of SQL statements for a page of 10 and of 100 users with groups', async () => {
        for (let i = 0; i < 100; i++) {
          await createUser({
            name: `bulk${String(i).padStart(3, '0')}`,
            groups: i % 2 ? ['devs'] : ['ops', 'devs'],
            tags: [{ key: 'bulk', value: String(i) }],
          });
        }
        const page = (first: number) =>
          t.countQueries(() => call(ListUsersDocument, { filter: { keyword: 'bulk' }, first }));
        const ten = await page(10);
        const hundred = await page(100);
        assert.equal(ok(ten.result).users.edges.length, 10);
        const edges = ok(hundred.result).users.edges;
        assert.equal(edges.length, 100);
        assert.ok(edges.every((e) => e.node.groups.length >= 1 && e.node.tags.length === 1));
        assert.equal(
          hundred.count,
          ten.count,
          `10 users: ${ten.count} statements, 100 users: ${hundred.count}`,
        );
        assert.ok(
          hundred.count <= 6,
          `a page costs ${hundred.count} statements:\n${hundred.statements.join('\n')}`,
        );
      });
    });

    describe('groups', () => {
      it('creates, reads, lists and deletes groups', async () => {
        const g = ok(await call(CreateGroupDocument, { name: 'qa', displayName: 'Quality' })).createGroup;
        assert.equal(g.displayName, 'Quality');
        assert.equal(g.backend.id, 'local');
        assert.equal(g.memberCount, 0);
        const dup = await failsUnchanged(CreateGroupDocument, { name: 'QA' });
        assert.equal(dup.extensions.reason, 'NAME_TAKEN');
        const badName = await failsUnchanged(CreateGroupDocument, { name: 'has space' });
        assert.equal(badName.extensions.code, 'BAD_USER_INPUT');
        const list = ok(await call(ListGroupsDocument, { keyword: 'q' })).groups;
        assert.deepEqual(
          list.edges.map((e) => e.node.name),
          ['qa'],
        );
        const page1 = ok(await call(ListGroupsDocument, { first: 1 })).groups;
        const page2 = ok(
          await call(ListGroupsDocument, { first: 1, after: page1.pageInfo.endCursor }),
        ).groups;
        assert.notEqual(page1.edges[0]!.node.name, page2.edges[0]!.node.name);
        assert.equal(ok(await call(DeleteGroupDocument, { name: 'qa' })).deleteGroup, true);
        assert.equal(ok(await call(GetGroupDocument, { name: 'qa' })).group, null);
        assert.equal(
          (await failsUnchanged(DeleteGroupDocument, { name: 'qa' })).extensions.code,
          'NOT_FOUND',
        );
      });

      it('pages through group members with a member count', async () => {
        ok(await call(CreateGroupDocument, { name: 'paged' }));
        for (const n of ['pm1', 'pm2', 'pm3']) await createUser({ name: n, groups: ['paged'] });
        const g = ok(await call(GetGroupDocument, { name: 'paged', first: 2 })).group!;
        assert.equal(g.memberCount, 3);
        assert.equal(g.members.totalCount, 3);
        assert.deepEqual(
          g.members.edges.map((e) => e.node.name),
          ['pm1', 'pm2'],
        );
        const rest = ok(
          await call(GetGroupDocument, { name: 'paged', first: 2, after: g.members.pageInfo.endCursor }),
        ).group!;
        assert.deepEqual(
          rest.members.edges.map((e) => e.node.name),
          ['pm3'],
        );
      });

      it('adds, removes (removal wins) and sets memberships', async () => {
        ok(await call(CreateGroupDocument, { name: 'g1' }));
        ok(await call(CreateGroupDocument, { name: 'g2' }));
        ok(await call(CreateGroupDocument, { name: 'g3' }));
        await createUser({ name: 'ivy' });
        const names = (u: { groups: { name: string }[] }) => u.groups.map((g) => g.name);
        let u = ok(
          await call(SetUserGroupsDocument, { name: 'ivy', input: { add: ['g1', 'g2'] } }),
        ).setUserGroups;
        assert.deepEqual(names(u), ['g1', 'g2']);
        u = ok(
          await call(SetUserGroupsDocument, { name: 'ivy', input: { add: ['g3'], remove: ['g3', 'g1'] } }),
        ).setUserGroups;
        assert.deepEqual(names(u), ['g2']);
        u = ok(
          await call(SetUserGroupsDocument, { name: 'ivy', input: { set: ['g3', 'g1'] } }),
        ).setUserGroups;
        assert.deepEqual(names(u), ['g1', 'g3']);
        u = ok(await call(SetUserGroupsDocument, { name: 'ivy', input: { set: [] } })).setUserGroups;
        assert.deepEqual(names(u), []);
      });

      it('refuses set with add/remove and unknown groups, all or nothing', async () => {
        await createUser({ name: 'jack', groups: ['g1'] });
        const mixed = await failsUnchanged(SetUserGroupsDocument, {
          name: 'jack',
          input: { set: ['g2'], add: ['g3'] },
        });
        assert.equal(mixed.extensions.code, 'BAD_USER_INPUT');
        assert.equal((mixed.extensions.fields as { field: string }[])[0]!.field, 'set');
        const unknown = await failsUnchanged(SetUserGroupsDocument, {
          name: 'jack',
          input: { add: ['g2', 'nope1'], remove: ['g1'] },
        });
        assert.equal(unknown.extensions.code, 'BAD_USER_INPUT');
        assert.match(JSON.stringify(unknown.extensions.fields), /nope1/);
        assert.doesNotMatch(JSON.stringify(unknown.extensions.fields), /"g2"/);
        const u = ok(await call(GetUserDocument, { name: 'jack' })).user!;
        assert.deepEqual(
          u.groups.map((g) => g.name),
          ['g1'],
        );
      });
    });

    describe('authorization', () => {
      it('lets a non-admin read only itself and refuses admin operations with FORBIDDEN', async () => {
        const token = await loginAs('bob');
        assert.equal(ok(await call(MeDocument, undefined, token)).me.name, 'bob');
        assert.equal(ok(await call(GetUserDocument, { name: 'bob' }, token)).user?.name, 'bob');
        const refusals = [
          await failsUnchanged(GetUserDocument, { name: 'ann' }, token),
          await failsUnchanged(ListUsersDocument, {}, token),
          await failsUnchanged(CreateUserDocument, { input: { name: 'sneaky' } }, token),
          await failsUnchanged(UpdateUserDocument, { name: 'bob', input: { isAdmin: true } }, token),
          await failsUnchanged(DeleteUserDocument, { name: 'ann' }, token),
          await failsUnchanged(SetUserGroupsDocument, { name: 'bob', input: { add: ['devs'] } }, token),
          await failsUnchanged(CreateGroupDocument, { name: 'mine' }, token),
          await failsUnchanged(DeleteGroupDocument, { name: 'devs' }, token),
          await failsUnchanged(CreateServiceAccountDocument, { name: 'robot' }, token),
        ];
        for (const error of refusals) {
          assert.equal(error.extensions.code, 'FORBIDDEN');
          assert.equal(error.extensions.reason, 'NOT_ALLOWED');
        }
        const me = ok(await call(GetUserDocument, { name: 'bob' }, token)).user!;
        assert.ok(!me.editableFields.includes('isAdmin'));
      });

      it('keeps domains apart: another domain is NOT_FOUND except for admins of the default domain', async () => {
        const acmeAdmin = await createUser({
          name: 'acme-admin',
          password: PASSWORD,
          isAdmin: true,
          domain: 'acme',
        });
        assert.equal(acmeAdmin.domain.name, 'acme');
        assert.equal(acmeAdmin.backend.id, 'acme-local');
        const token = await loginAs('acme-admin', PASSWORD, 'acme');
        assert.equal(
          failure(await call(LoginDocument, { name: 'acme-admin', password: PASSWORD }, null)).extensions
            .code,
          'UNAUTHENTICATED',
        );
        const annId = ok(await call(GetUserDocument, { name: 'ann' })).user!.id;
        assert.equal(ok(await call(GetUserDocument, { name: 'ann' }, token)).user, null);
        assert.equal(ok(await call(GetUserDocument, { id: annId }, token)).user, null);
        assert.equal(
          (await failsUnchanged(UpdateUserDocument, { name: 'ann', input: { displayName: 'x' } }, token))
            .extensions.code,
          'NOT_FOUND',
        );
        assert.equal(
          (await failsUnchanged(DeleteUserDocument, { name: 'ann' }, token)).extensions.code,
          'NOT_FOUND',
        );
        // Another domain's backend looks exactly like one that does not exist.
        const otherBackend = failure(await call(SyncUsersDocument, { backend: 'local' }, token));
        const noBackend = failure(await call(SyncUsersDocument, { backend: 'no-such-backend' }, token));
        assert.equal(otherBackend.extensions.code, 'NOT_FOUND');
        assert.deepEqual(otherBackend.extensions, noBackend.extensions);
        const other = failure(await call(ListUsersDocument, { domain: 'default' }, token));
        assert.equal(other.extensions.code, 'NOT_FOUND');
        assert.equal(other.extensions.resource, 'domain');
        assert.equal(
          (await failsUnchanged(CreateUserDocument, { input: { name: 'x1', domain: 'default' } }, token))
            .extensions.code,
          'NOT_FOUND',
        );
        const acmeUsers = ok(await call(ListUsersDocument, {}, token)).users;
        assert.deepEqual(
          acmeUsers.edges.map((e) => e.node.name),
          ['acme-admin'],
        );
        const fromSystem = ok(await call(ListUsersDocument, { domain: 'acme' })).users;
        assert.equal(fromSystem.totalCount, 1);
        assert.equal(
          failure(await call(ListUsersDocument, { domain: 'nowhere' })).extensions.code,
          'NOT_FOUND',
        );
        const domains = ok(await call(DomainsDocument, undefined, token)).domains;
        assert.deepEqual(
          domains.map((d) => d.name),
          ['acme'],
        );
        const all = ok(await call(DomainsDocument)).domains;
        assert.deepEqual(
          all.map((d) => d.name),
          ['default', 'acme'],
        );
        const backends = ok(await call(BackendsDocument, undefined, token)).backends;
        assert.deepEqual(
          backends.map((b) => [b.id, b.kind, b.readOnly]),
          [['acme-local', 'LOCAL', false]],
        );
      });
    });

    describe('service accounts', () => {
      it('creates a service account whose token works once rotated away', async () => {
        const created = ok(
          await call(CreateServiceAccountDocument, { name: 'robot', isAdmin: true }),
        ).createServiceAccount;
        assert.equal(created.user.userType, 'SERVICE_ACCOUNT');
        assert.equal(created.user.state, 'ENABLED');
        const me = ok(await call(MeDocument, undefined, created.token)).me;
        assert.equal(me.name, 'robot');
        assert.equal(me.sessions[0]!.method, 'SERVICE_TOKEN');
        assert.ok(ok(await call(ListUsersDocument, {}, created.token)).users.totalCount > 0);
        const rotated = ok(
          await call(RotateServiceAccountTokenDocument, { name: 'robot' }),
        ).rotateServiceAccountToken;
        assert.notEqual(rotated.token, created.token);
        assert.equal(
          failure(await call(MeDocument, undefined, created.token)).extensions.code,
          'UNAUTHENTICATED',
        );
        assert.equal(ok(await call(MeDocument, undefined, rotated.token)).me.name, 'robot');
        assert.equal(
          failure(await call(LoginDocument, { name: 'robot', password: rotated.token }, null)).extensions
            .code,
          'UNAUTHENTICATED',
        );
        const notSa = await failsUnchanged(RotateServiceAccountTokenDocument, { name: 'ann' });
        assert.equal(notSa.extensions.code, 'NOT_FOUND');
        const dup = await failsUnchanged(CreateServiceAccountDocument, { name: 'robot' });
        assert.equal(dup.extensions.reason, 'NAME_TAKEN');
      });
    });

    describe('errors', () => {
      it('never shows a stack trace, SQL or driver text', async () => {
        const responses = [
          await call(ListUsersDocument, { after: 'b28xOjE=' + "'; drop table users; --" }),
          await call(CreateUserDocument, { input: { name: "x'); drop table users; --" } }),
          await gql(t.url, '{ users(first: "x") { totalCount } }', undefined, t.adminToken),
          await gql(t.url, '{ nope }', undefined, t.adminToken),
          await gql(t.url, '{ users { ', undefined, t.adminToken),
        ];
        for (const res of responses) {
          const text = JSON.stringify(res.errors);
          assert.ok(res.errors?.length, 'an error');
          assert.ok(res.errors!.every((e) => typeof e.extensions.code === 'string'));
          assert.doesNotMatch(text, /stacktrace|\bat .*\.js:\d+|select |insert |sqlite|postgres|knex|mikro/i);
        }
        assert.ok(ok(await call(ListUsersDocument, {})).users.totalCount > 0);
      });

      it('answers names, ids and keywords holding NUL or other control characters as "nothing", never an error', async () => {
        for (const text of ['\u0000', 'ann\u0000', '\u001b[2J', 'a\nb']) {
          assert.equal(ok(await call(GetUserDocument, { name: text })).user, null);
          assert.equal(ok(await call(GetUserDocument, { id: text })).user, null);
          assert.equal(ok(await call(ListUsersDocument, { filter: { keyword: text } })).users.totalCount, 0);
          assert.equal(
            ok(await call(ListUsersDocument, { filter: { group: text, tag: { key: text, value: text } } }))
              .users.totalCount,
            0,
          );
          assert.equal(ok(await call(GetGroupDocument, { name: text })).group, null);
          assert.equal(ok(await call(ListGroupsDocument, { keyword: text })).groups.totalCount, 0);
          assert.equal(
            failure(await call(LoginDocument, { name: text, password: 'whatever-1' }, null)).extensions.code,
            'UNAUTHENTICATED',
          );
          assert.equal(
            (await failsUnchanged(UpdateUserDocument, { name: text, input: { displayName: 'x' } })).extensions
              .code,
            'NOT_FOUND',
          );
          assert.equal(
            (await failsUnchanged(CreateUserDocument, { input: { name: text } })).extensions.code,
            'BAD_USER_INPUT',
          );
          assert.equal(
            (
              await failsUnchanged(CreateUserDocument, {
                input: { name: 'okname', tags: [{ key: 'k', value: text }] },
              })
            ).extensions.code,
            'BAD_USER_INPUT',
          );
          assert.equal(
            (await failsUnchanged(SetUserGroupsDocument, { name: 'ann', input: { add: [text] } })).extensions
              .code,
            'BAD_USER_INPUT',
          );
        }
      });
    });
  });
}
