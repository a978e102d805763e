import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { describeCapabilities } from '../../backends/capabilities';
import { defaultRegistry, type BackendFactory } from '../../backends/registry';
import type { BackendContext, DirectoryUser, IdentityBackend } from '../../backends/types';
import {
  BackendsDocument,
  CreateGroupDocument,
  GetUserDocument,
  ListUsersDocument,
  LoginDocument,
  SetUserGroupsDocument,
  UpdateUserDocument,
  UpdateUserProfileDocument,
} from '../generated/graphql';
import { failure, ok } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * A backend written the way a new one would be: a folder's worth of code implementing the base
 * contract only (identity, health, batch read by key, find by name), registered with one line. Its
 * users are read live from it; everything else (read-only, no logins, capabilities) follows from
 * what it does not implement, with nothing in src/ knowing about it.
 */
const PEOPLE: DirectoryUser[] = ['zed', 'yara'].map((name, i) => ({
  externalId: `mem-${i + 1}`,
  name,
  displayName: name.toUpperCase(),
  email: `${name}@memory.test`,
  emailVerified: true,
  mobile: null,
  profile: { fullName: null, firstName: null, lastName: null },
  attributes: { origin: 'memory' },
  externalIds: [{ type: 'memory-key', id: `mem-${i + 1}` }],
}));

class MemoryBackend implements IdentityBackend {
  readonly kind = 'LDAP' as const; // the API's label for "a directory somewhere else"
  readonly displayName = 'In-memory people';
  constructor(readonly id: string) {}

  async checkHealth(_ctx: BackendContext): Promise<void> {}

  async getUsersByIds(_ctx: BackendContext, ids: readonly string[]): Promise<(DirectoryUser | null)[]> {
    return ids.map((id) => PEOPLE.find((p) => p.externalId === id) ?? null);
  }

  async findUserByName(_ctx: BackendContext, _domain: string, name: string): Promise<DirectoryUser | null> {
    return PEOPLE.find((p) => p.name === name.toLowerCase()) ?? null;
  }
}

const memoryConfig = z.object({ id: z.string(), kind: z.literal('memory') }).strict();
const memoryFactory: BackendFactory = {
  kind: 'memory',
  configSchema: memoryConfig,
  create: (config) => new MemoryBackend(memoryConfig.parse(config).id),
};

describe('a new backend with only the base contract, added through the registry', () => {
  let t: TestServer;

  before(async () => {
    t = await startTestServer(
      'sqlite',
      {
        domains: [
          {
            name: 'default',
            backends: [
              { id: 'local', kind: 'local' },
              { id: 'mem', kind: 'memory' },
            ],
          },
        ],
      },
      { registry: defaultRegistry().with(memoryFactory) },
    );
  });
  after(async () => {
    await t?.close();
  });

  it('is read-only with no capabilities, derived from what it implements', async () => {
    assert.deepEqual(describeCapabilities(new MemoryBackend('x')), { readOnly: true, capabilities: [] });
    const listed = ok(await t.call(BackendsDocument)).backends.find((b) => b.id === 'mem');
    assert.ok(listed);
    assert.equal(listed.readOnly, true);
    assert.deepEqual(listed.capabilities, []);
    const ready = (await (await fetch(`${t.url}/readyz`)).json()) as {
      backends: { id: string; state: string }[];
    };
    assert.deepEqual(
      ready.backends.find((b) => b.id === 'mem'),
      { id: 'mem', kind: 'LDAP', state: 'up' },
    );
  });

  it('finds its users by name (read live, then mirrored) and lists them once seen', async () => {
    const zed = ok(await t.call(GetUserDocument, { name: 'Zed' })).user;
    assert.ok(zed);
    assert.equal(zed.name, 'zed');
    assert.equal(zed.email, 'zed@memory.test');
    assert.equal(zed.backend.id, 'mem');
    assert.deepEqual(zed.externalIds, [{ type: 'memory-key', id: 'mem-1' }]);
    const listed = ok(await t.call(ListUsersDocument, { filter: { backend: 'mem' } })).users;
    assert.deepEqual(
      listed.edges.map((e) => e.node.name),
      ['zed'],
    );
    assert.equal(ok(await t.call(GetUserDocument, { name: 'nobody' })).user, null);
  });

  it('refuses changes to the data it owns with READ_ONLY_BACKEND, and keeps gateway-owned data writable', async () => {
    const profile = failure(
      await t.call(UpdateUserProfileDocument, { name: 'yara', input: { firstName: 'Y' } }),
    );
    assert.equal(profile.extensions.code, 'FORBIDDEN');
    assert.equal(profile.extensions.reason, 'READ_ONLY_BACKEND');
    assert.equal(profile.extensions.backend, 'mem');
    const tagged = ok(
      await t.call(UpdateUserDocument, { name: 'yara', input: { tags: [{ key: 'team', value: 'red' }] } }),
    ).updateUser;
    assert.deepEqual(tagged.tags, [{ key: 'team', value: 'red' }]);
    ok(await t.call(CreateGroupDocument, { name: 'guests', backend: 'local' }));
    const grouped = ok(await t.call(SetUserGroupsDocument, { name: 'yara', input: { add: ['guests'] } }));
    assert.deepEqual(
      grouped.setUserGroups.groups.map((g) => g.name),
      ['guests'],
    );
  });

  it('logs nobody in: it checks no passwords', async () => {
    const login = failure(await t.call(LoginDocument, { name: 'zed', password: 'anything-at-all-1' }, null));
    assert.equal(login.extensions.code, 'UNAUTHENTICATED');
  });
});
