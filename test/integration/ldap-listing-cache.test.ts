import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import {
  CreateUserDocument,
  DeleteUserDocument,
  ListUsersDocument,
  SetUserGroupsDocument,
  SyncUsersDocument,
} from '../generated/graphql';
import { ok } from '../helpers/client';
import type { Driver } from '../helpers/databases';
import { startServerWithLdap, type LdapTestEnv } from '../helpers/ldap-env';

/**
 * The key lists of LDAP listings are kept for `listCacheSeconds` (backends/ldap/ldap-listing-cache.ts):
 * the next pages skip the search of every matching user, changes written through idgate show at once,
 * changes made in the directory itself within the configured seconds, and a sync never uses them.
 */

const USERS = 120;

/** A key scan: the search of every user's sort key (uid and the key, nothing else). */
const isKeyScan = (filter: string) =>
  filter.includes('objectClass=inetOrgPerson') && !filter.includes('entryUUID=');

/** An LDIF that adds a user to the test directory behind idgate's back. */
const addEntry = (suffix: string, uid: string) =>
  [
    `dn: uid=${uid},ou=people,${suffix}`,
    'changetype: add',
    'objectClass: inetOrgPerson',
    `uid: ${uid}`,
    `cn: ${uid}`,
    `sn: ${uid}`,
    '',
  ].join('\n');

for (const driver of ['sqlite', 'postgres'] as Driver[]) {
  describe(`LDAP listings reuse their key list for a few seconds (${driver})`, () => {
    let env: LdapTestEnv;
    const list = (filter: object = {}, first = 50) =>
      env.countSearches(
        async () =>
          ok(await env.server.call(ListUsersDocument, { filter: { backend: 'ldap', ...filter }, first }))
            .users,
      );

    before(async () => {
      // The default listCacheSeconds (5): every step below runs well within it.
      env = await startServerWithLdap({ readOnly: false, users: USERS, groups: 4, driver });
    });
    after(async () => {
      await env?.server.close();
    });

    it('reads the key list once, then only the page and its groups', async () => {
      const cold = await list();
      assert.equal(cold.searches.filter(isKeyScan).length, 1, cold.searches.join('\n'));
      assert.equal(cold.searches.length, 3);
      const warm = await list({}, 10);
      assert.equal(warm.searches.filter(isKeyScan).length, 0, warm.searches.join('\n'));
      assert.equal(warm.searches.length, 2);
      assert.equal(warm.result.totalCount, cold.result.totalCount);
      assert.deepEqual(
        warm.result.edges.map((e) => e.node.name),
        cold.result.edges.slice(0, 10).map((e) => e.node.name),
      );
      // Another filter is another listing, with its own key list.
      const keyword = await list({ keyword: 'user01' });
      assert.equal(keyword.searches.filter(isKeyScan).length, 1);
      assert.equal(keyword.result.totalCount, 21); // user0100..user0120
    });

    it('shares one search among identical listings at the same moment', async () => {
      const { result, searches } = await env.countSearches(() =>
        Promise.all(
          [1, 2, 3].map(
            async () =>
              ok(
                await env.server.call(ListUsersDocument, {
                  filter: { backend: 'ldap', keyword: 'user00' },
                  first: 5,
                }),
              ).users,
          ),
        ),
      );
      assert.equal(searches.filter(isKeyScan).length, 1, searches.join('\n'));
      assert.ok(result.every((r) => r.totalCount === result[0]!.totalCount));
    });

    it('shows changes written through idgate at once', async () => {
      const before = (await list()).result.totalCount;
      ok(await env.server.call(CreateUserDocument, { input: { name: 'cached-new', backend: 'ldap' } }));
      const created = await list({}, 200);
      assert.equal(created.searches.filter(isKeyScan).length, 1, 'the key list was read anew');
      assert.equal(created.result.totalCount, before + 1);
      assert.ok(created.result.edges.some((e) => e.node.name === 'cached-new'));

      // Group memberships: a group's listing follows a change of its members at once.
      const members = async () =>
        (await list({ group: 'group001' }, 200)).result.edges.map((e) => e.node.name);
      assert.ok(!(await members()).includes('cached-new'));
      ok(await env.server.call(SetUserGroupsDocument, { name: 'cached-new', input: { add: ['group001'] } }));
      assert.ok((await members()).includes('cached-new'));

      ok(await env.server.call(DeleteUserDocument, { name: 'cached-new' }));
      const deleted = await list({}, 200);
      assert.equal(deleted.result.totalCount, before);
      assert.ok(!deleted.result.edges.some((e) => e.node.name === 'cached-new'));
    });

    it('never lets a sync use a kept key list', async () => {
      const full = ok(await env.server.call(SyncUsersDocument, { backend: 'ldap', mode: 'FULL' })).syncUsers;
      assert.equal(full.disabled, 0);
      await list(); // the key list is kept, with user0005 in it
      env.slapd.ldapmodify(`dn: uid=user0005,ou=people,${env.slapd.suffix}\nchangetype: delete\n`);
      const changed = ok(
        await env.server.call(SyncUsersDocument, { backend: 'ldap', mode: 'CHANGED' }),
      ).syncUsers;
      assert.equal(changed.disabled, 1);
    });
  });
}

describe('LDAP listings: a change made in the directory itself shows within listCacheSeconds', () => {
  let env: LdapTestEnv;

  before(async () => {
    env = await startServerWithLdap({ readOnly: true, users: 20, groups: 2, ldap: { listCacheSeconds: 1 } });
  });
  after(async () => {
    await env?.server.close();
  });

  it('lists a user added behind its back once the kept list is older than that', async () => {
    const names = async () =>
      ok(
        await env.server.call(ListUsersDocument, { filter: { backend: 'ldap' }, first: 100 }),
      ).users.edges.map((e) => e.node.name);
    assert.ok(!(await names()).includes('outsider'));
    env.slapd.ldapmodify(addEntry(env.slapd.suffix, 'outsider'));
    await sleep(1100);
    assert.ok((await names()).includes('outsider'));
  });

  it('with listCacheSeconds 0, reads the key list every time', async () => {
    const off = await startServerWithLdap({
      readOnly: true,
      users: 5,
      groups: 1,
      ldap: { listCacheSeconds: 0 },
    });
    try {
      for (let i = 0; i < 2; i++) {
        const { searches } = await off.countSearches(() =>
          off.server.call(ListUsersDocument, { filter: { backend: 'ldap' }, first: 10 }),
        );
        assert.equal(searches.filter(isKeyScan).length, 1);
      }
    } finally {
      await off.server.close();
    }
  });
});
