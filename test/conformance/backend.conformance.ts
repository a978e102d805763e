import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { canCheckPasswords, canSync, canWrite } from '../../backends/capabilities';
import type { BackendContext } from '../../backends/types';
import {
  BackendsDocument,
  CreateGroupDocument,
  CreateUserDocument,
  DeleteGroupDocument,
  DeleteUserDocument,
  GetGroupDocument,
  GetUserDocument,
  ListGroupsDocument,
  ListUsersDocument,
  LoginDocument,
  MeDocument,
  SetUserGroupsDocument,
  SyncUsersDocument,
  UpdateUserDocument,
} from '../generated/graphql';
import { failure, ok, type GqlResult } from '../helpers/client';
import type { TestServer } from '../helpers/server';

/** A user the fixture guarantees to exist in the backend under test. */
export interface SeedUser {
  name: string;
  password: string;
  email: string;
  groups: string[];
}

/**
 * What a backend provides to run the conformance suite: a started server whose default domain has
 * the backend, seeded (by the backend's own means) with `users` and `groups`, and a way to read the
 * backend's own store to prove that refused changes left it untouched.
 */
export interface BackendFixture {
  label: string;
  backendId: string;
  writable: boolean;
  users: SeedUser[];
  /** Group names; every group named in `users[].groups` is among them. */
  groups: string[];
  start(): Promise<TestServer>;
  /** The backend's own data as text (rows, or directory entries). */
  directorySnapshot(t: TestServer): Promise<string>;
}

/** The suite every backend passes: the read side, login, gateway-owned writes, and writes or refusals. */
export function defineBackendConformance(fixture: BackendFixture): void {
  describe(`backend conformance: ${fixture.label}`, () => {
    let t: TestServer;
    const call: TestServer['call'] = (doc, vars, token) => t.call(doc, vars, token);
    const [alice, bob] = fixture.users;
    const memberGroup = alice!.groups[0]!;
    const backendCtx = (): BackendContext => ({
      em: t.server.db.orm.em.fork() as BackendContext['em'],
      log: { info() {}, warn() {}, error() {} },
    });

    before(async () => {
      assert.ok(
        fixture.users.length >= 2 && alice!.groups.length >= 1,
        'fixture needs two users, the first in a group',
      );
      t = await fixture.start();
    });
    after(async () => {
      await t?.close();
    });

    it('is listed with its kind, read-only flag and capabilities', async () => {
      const backend = ok(await call(BackendsDocument)).backends.find((b) => b.id === fixture.backendId);
      assert.ok(backend, 'listed');
      assert.equal(backend.readOnly, !fixture.writable);
      assert.equal(backend.capabilities.includes('write-users'), fixture.writable);
    });

    it('answers the batch read in key order, null for unknown keys', async () => {
      const backend = t.server.services.backends.get(fixture.backendId)!;
      const found = await backend.findUserByName(backendCtx(), 'default', alice!.name.toUpperCase());
      assert.equal(found?.name, alice!.name);
      // The backend's key: its own external id, or for the local backend the gateway id.
      const keys = await Promise.all(
        [bob!, alice!].map(async (u) => {
          const own = await backend.findUserByName(backendCtx(), 'default', u.name);
          return own?.externalId ?? ok(await call(GetUserDocument, { name: u.name })).user!.id;
        }),
      );
      const batch = await backend.getUsersByIds(backendCtx(), [keys[0]!, 'no-such-key', keys[1]!], 'default');
      assert.deepEqual(
        batch.map((u) => u?.name ?? null),
        [bob!.name, null, alice!.name],
      );
    });

    it('reads seeded users by name, with email and groups', async () => {
      for (const seed of fixture.users) {
        const user = ok(await call(GetUserDocument, { name: seed.name })).user;
        assert.ok(user, seed.name);
        assert.equal(user.email, seed.email);
        assert.equal(user.backend.id, fixture.backendId);
        assert.deepEqual(user.groups.map((g) => g.name).sort(), [...seed.groups].sort());
      }
    });

    it('lists its users with filters and counts', async () => {
      const page = ok(
        await call(ListUsersDocument, { filter: { backend: fixture.backendId }, first: 500 }),
      ).users;
      const names = page.edges.map((e) => e.node.name);
      for (const seed of fixture.users) assert.ok(names.includes(seed.name), seed.name);
      assert.equal(page.totalCount >= fixture.users.length, true);
      const byKeyword = ok(
        await call(ListUsersDocument, { filter: { backend: fixture.backendId, keyword: alice!.name } }),
      ).users;
      assert.ok(byKeyword.edges.some((e) => e.node.name === alice!.name));
      const byGroup = ok(await call(ListUsersDocument, { filter: { group: memberGroup } })).users;
      assert.ok(byGroup.edges.some((e) => e.node.name === alice!.name));
      assert.ok(!byGroup.edges.some((e) => e.node.name === bob!.name && !bob!.groups.includes(memberGroup)));
    });

    it('reads groups and their members', async () => {
      const group = ok(await call(GetGroupDocument, { name: memberGroup })).group;
      assert.ok(group);
      assert.ok(group.members.edges.some((e) => e.node.name === alice!.name));
      assert.equal(group.memberCount, group.members.totalCount);
      const listed = ok(await call(ListGroupsDocument, { keyword: memberGroup })).groups;
      assert.ok(listed.edges.some((e) => e.node.name === memberGroup));
    });

    it('logs its users in, and refuses a wrong password the same way as an unknown user', async () => {
      const backend = t.server.services.backends.get(fixture.backendId)!;
      if (!canCheckPasswords(backend)) return;
      const token = ok(await call(LoginDocument, { name: alice!.name, password: alice!.password }, null))
        .login.token;
      assert.equal(ok(await call(MeDocument, undefined, token)).me.name, alice!.name);
      const wrong = failure(
        await call(LoginDocument, { name: alice!.name, password: `${alice!.password}x` }, null),
      );
      const unknown = failure(
        await call(LoginDocument, { name: 'no-such-user-here', password: 'whatever1' }, null),
      );
      assert.equal(wrong.extensions.code, 'UNAUTHENTICATED');
      assert.deepEqual(wrong, unknown);
      const empty = failure(await call(LoginDocument, { name: alice!.name, password: '' }, null));
      assert.equal(empty.extensions.code, 'UNAUTHENTICATED');
    });

    it('keeps gateway-owned data writable', async () => {
      const updated = ok(
        await call(UpdateUserDocument, {
          name: bob!.name,
          input: { tags: [{ key: 'conformance', value: 'yes' }], validity: { end: '2999-01-01T00:00:00Z' } },
        }),
      ).updateUser;
      assert.deepEqual(updated.tags, [{ key: 'conformance', value: 'yes' }]);
      assert.equal(updated.validity?.end, '2999-01-01T00:00:00.000Z');
      assert.ok(updated.editableFields.includes('tags'));
      assert.equal(updated.editableFields.includes('email'), fixture.writable);
    });

    it('answers syncUsers with a report, or says why it cannot sync', async () => {
      const backend = t.server.services.backends.get(fixture.backendId)!;
      const result = await call(SyncUsersDocument, { backend: fixture.backendId, mode: 'CHANGED' });
      if (canSync(backend)) {
        const report = ok(result).syncUsers;
        assert.equal(report.backend.id, fixture.backendId);
        assert.equal(report.aborted, false);
      } else {
        const error = failure(result);
        assert.equal(error.extensions.code, 'BAD_USER_INPUT');
        assert.equal((error.extensions.fields as { field: string }[])[0]!.field, 'backend');
      }
    });

    if (fixture.writable) {
      it('writes directory data through', async () => {
        const backend = t.server.services.backends.get(fixture.backendId)!;
        assert.ok(canWrite(backend));
        const created = ok(
          await call(CreateUserDocument, {
            input: {
              name: 'conf-new',
              email: 'conf-new@example.org',
              password: 'conf-Password-1',
              backend: fixture.backendId,
              groups: [memberGroup],
            },
          }),
        ).createUser;
        assert.equal(created.backend.id, fixture.backendId);
        ok(await call(LoginDocument, { name: 'conf-new', password: 'conf-Password-1' }, null));
        const changed = ok(
          await call(UpdateUserDocument, {
            name: 'conf-new',
            input: { displayName: 'Conf New', email: 'conf-new2@example.org' },
          }),
        ).updateUser;
        assert.equal(changed.displayName, 'Conf New');
        ok(await call(CreateGroupDocument, { name: 'conf-extra', backend: fixture.backendId }));
        const grouped = ok(
          await call(SetUserGroupsDocument, { name: 'conf-new', input: { set: ['conf-extra'] } }),
        ).setUserGroups;
        assert.deepEqual(
          grouped.groups.map((g) => g.name),
          ['conf-extra'],
        );
        assert.equal(ok(await call(DeleteUserDocument, { name: 'conf-new' })).deleteUser, true);
        assert.equal(ok(await call(DeleteGroupDocument, { name: 'conf-extra' })).deleteGroup, true);
        assert.equal(ok(await call(GetUserDocument, { name: 'conf-new' })).user, null);
      });
    } else {
      it('refuses every change to directory-owned data with READ_ONLY_BACKEND, leaving the directory untouched', async () => {
        const before = await fixture.directorySnapshot(t);
        const attempts: GqlResult<unknown>[] = [
          await call(CreateUserDocument, { input: { name: 'conf-new', backend: fixture.backendId } }),
          await call(UpdateUserDocument, { name: alice!.name, input: { displayName: 'Changed' } }),
          await call(UpdateUserDocument, { name: alice!.name, input: { email: 'changed@example.org' } }),
          await call(UpdateUserDocument, { name: alice!.name, input: { mobile: '+1 555 0000' } }),
          await call(SetUserGroupsDocument, { name: alice!.name, input: { remove: [memberGroup] } }),
          await call(DeleteUserDocument, { name: alice!.name }),
          await call(CreateGroupDocument, { name: 'conf-extra', backend: fixture.backendId }),
          await call(DeleteGroupDocument, { name: memberGroup }),
        ];
        for (const result of attempts) {
          const error = failure(result);
          assert.equal(error.extensions.code, 'FORBIDDEN', JSON.stringify(error));
          assert.equal(error.extensions.reason, 'READ_ONLY_BACKEND');
          assert.equal(error.extensions.backend, fixture.backendId);
        }
        assert.equal(await fixture.directorySnapshot(t), before);
      });
    }
  });
}
