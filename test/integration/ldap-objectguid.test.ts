import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  GetGroupDocument,
  GetUserDocument,
  ListUsersDocument,
  LoginDocument,
  MeDocument,
  SyncUsersDocument,
} from '../generated/graphql';
import { failure, ok } from '../helpers/client';
import type { Driver } from '../helpers/databases';
import { startServerWithLdap, type LdapTestEnv } from '../helpers/ldap-env';
import { seedObjectGuid, SEED_FIXTURES } from '../../scripts/ldap-seed';
import { guidString } from '../helpers/guid';

/**
 * An LDAP directory keyed by a binary objectGUID, as Active Directory is (keyAttribute: objectGUID):
 * the test slapd loads a test-only schema that gives every user and group 16 bytes of objectGUID, so
 * that the very code path used against AD runs against a real server. Two fixtures have hard GUIDs:
 * alice's starts with a UTF-8 byte-order mark and holds ( ) * \ NUL; bob's is printable ASCII; chloé's
 * is a byte-order mark and ASCII (valid UTF-8, from which a text decoder would drop the mark).
 */

const USERS = 250;
const GROUPS = 10;
/** alice's GUID bytes ef bb bf 28 | 29 2a | 5c 00 | 80 ff | 0a 20 41 42 43 44, as AD writes it. */
const ALICE_GUID = '28bfbbef-2a29-005c-80ff-0a2041424344';
/** bob's bytes are the ASCII text "bob-guid-16bytes". */
const BOB_GUID = '2d626f62-7567-6469-2d31-366279746573';
/** chloé's are ef bb bf (a byte-order mark) and the ASCII text "chloe-guid-13". */
const CHLOE_GUID = '63bfbbef-6c68-656f-2d67-7569642d3133';

/** One equality filter on an objectGUID: sixteen escaped bytes. */
const GUID_FILTER = /\(objectGUID=(?:\\[0-9a-f]{2}){16}\)/;

for (const driver of ['sqlite', 'postgres'] as Driver[]) {
  describe(`LDAP directory keyed by a binary objectGUID (${driver})`, () => {
    let env: LdapTestEnv;

    /** The mirror rows of the directory's users: name, key and the DN kept (`ldap-dn` external id). */
    const mirroredUsers = async () => {
      const conn = env.server.server.db.orm.em.fork().getConnection();
      const rows = (await conn.execute(
        'select name, external_id, external_ids from users where backend_id = ?',
        ['ldap'],
      )) as { name: string; external_id: string; external_ids: unknown }[];
      return rows.map((r) => {
        const ids = (typeof r.external_ids === 'string' ? JSON.parse(r.external_ids) : r.external_ids) as {
          type: string;
          id: string;
        }[];
        return { name: r.name, key: r.external_id, dn: ids.find((x) => x.type === 'ldap-dn')!.id };
      });
    };
    /** The mirror rows of the directory's groups: name, key and the DN (groups are cn=<name>). */
    const mirroredGroups = async () => {
      const conn = env.server.server.db.orm.em.fork().getConnection();
      const rows = (await conn.execute('select name, external_id from groups where backend_id = ?', [
        'ldap',
      ])) as { name: string; external_id: string }[];
      return rows.map((r) => ({
        name: r.name,
        key: r.external_id,
        dn: `cn=${r.name},ou=groups,${env.slapd.suffix}`,
      }));
    };

    before(async () => {
      env = await startServerWithLdap({
        readOnly: true,
        users: USERS,
        groups: GROUPS,
        objectGuids: true,
        driver,
        ldap: { keyAttribute: 'objectGUID' },
      });
    });
    after(async () => {
      await env?.server.close();
    });

    it('reads the key as bytes and shows it the way Active Directory does', () => {
      const alice = seedObjectGuid(`uid=alice,ou=people,${env.slapd.suffix}`);
      assert.equal(guidString(alice), ALICE_GUID);
      assert.equal(guidString(seedObjectGuid(`uid=bob,ou=people,${env.slapd.suffix}`)), BOB_GUID);
      assert.equal(guidString(seedObjectGuid(`uid=chloé,ou=people,${env.slapd.suffix}`)), CHLOE_GUID);
      // The directory really holds bytes: ldapsearch shows them base64-encoded.
      assert.match(
        env.slapd.ldapsearch(`ou=people,${env.slapd.suffix}`, '(uid=alice)', ['objectGUID']),
        /objectGUID:: 77u/,
      );
    });

    it('lists a page of 100 users with their groups in 3 searches, and pages through all of them', async () => {
      const { result, searches } = await env.countSearches(() =>
        env.server.call(ListUsersDocument, { filter: { backend: 'ldap' }, first: 100 }),
      );
      const page = ok(result).users;
      assert.equal(page.totalCount, USERS + SEED_FIXTURES.length);
      assert.equal(page.edges.length, 100);
      assert.ok(
        page.edges.filter((e) => e.node.name.startsWith('user')).every((e) => e.node.groups.length === 2),
      );
      assert.equal(searches.length, 3, searches.join('\n'));
      // The page is read by key: one OR of 100 objectGUID filters, each byte escaped.
      const byKey = searches.find((s) => GUID_FILTER.test(s))!;
      assert.ok(byKey, searches.join('\n'));
      assert.equal(byKey.match(new RegExp(GUID_FILTER.source, 'g'))!.length, 100);

      const names = new Set(page.edges.map((e) => e.node.name));
      let cursor = page.pageInfo.endCursor;
      let more = page.pageInfo.hasNextPage;
      while (more) {
        const next = ok(
          await env.server.call(ListUsersDocument, {
            filter: { backend: 'ldap' },
            first: 100,
            after: cursor,
          }),
        ).users;
        for (const e of next.edges) names.add(e.node.name);
        cursor = next.pageInfo.endCursor;
        more = next.pageInfo.hasNextPage;
      }
      assert.equal(names.size, USERS + SEED_FIXTURES.length);
      assert.ok(names.has('alice') && names.has('bob') && names.has('chloé'));

      // Every mirrored user is keyed by its GUID, in AD's string form.
      const rows = await mirroredUsers();
      assert.equal(rows.length, USERS + SEED_FIXTURES.length);
      for (const row of rows) assert.equal(row.key, guidString(seedObjectGuid(row.dn)), row.name);
      const groups = await mirroredGroups();
      assert.ok(groups.length >= GROUPS);
      for (const row of groups) assert.equal(row.key, guidString(seedObjectGuid(row.dn)), row.name);
    });

    it('reads users by their key (the hard GUIDs too) and logs them in', async () => {
      for (const [name, key] of [
        ['alice', ALICE_GUID],
        ['bob', BOB_GUID],
        ['chloé', CHLOE_GUID],
      ] as const) {
        // Found by name, then refreshed from the directory by key: one search by objectGUID.
        const { result, searches } = await env.countSearches(() =>
          env.server.call(GetUserDocument, { name }),
        );
        const user = ok(result).user!;
        assert.equal(user.name, name);
        assert.equal(user.email, SEED_FIXTURES.find((f) => f.uid === name)!.mail);
        assert.ok(
          searches.some((s) => GUID_FILTER.test(s)),
          searches.join('\n'),
        );
        const row = (await mirroredUsers()).find((r) => r.name === name)!;
        assert.equal(row.key, key);
      }
      // The login looks the user's DN up by key, then binds as it.
      const login = ok(
        await env.server.call(LoginDocument, { name: 'alice', password: SEED_FIXTURES[0]!.password }, null),
      ).login;
      assert.equal(ok(await env.server.call(MeDocument, undefined, login.token)).me!.name, 'alice');
      // bob's DN is found by his GUID (printable ASCII, so a text read would not notice a mix-up).
      const binds: string[] = [];
      const stop = env.backend.onBind((dn) => binds.push(dn));
      try {
        const wrong = failure(
          await env.server.call(LoginDocument, { name: 'bob', password: 'not-his' }, null),
        );
        assert.equal(wrong.extensions.code, 'UNAUTHENTICATED');
      } finally {
        stop();
      }
      assert.deepEqual(binds, [`uid=bob,ou=people,${env.slapd.suffix}`]);
    });

    it('counts and lists group members through groups found by key', async () => {
      const staff = ok(await env.server.call(GetGroupDocument, { name: 'staff', first: 10 })).group!;
      assert.equal(staff.memberCount, 2);
      assert.deepEqual(
        staff.members.edges.map((e) => e.node.name),
        ['alice', 'chloé'],
      );
      const group = ok(await env.server.call(GetGroupDocument, { name: 'group001', first: 100 })).group!;
      assert.equal(group.memberCount, (USERS * 2) / GROUPS);
      assert.equal(group.members.totalCount, (USERS * 2) / GROUPS);
      const filtered = ok(
        await env.server.call(ListUsersDocument, {
          filter: { backend: 'ldap', group: 'group001' },
          first: 5,
        }),
      ).users;
      assert.equal(filtered.totalCount, (USERS * 2) / GROUPS);
    });

    it('syncs: every user and group keyed by GUID, memberships mirrored, changes found', async () => {
      const full = ok(await env.server.call(SyncUsersDocument, { backend: 'ldap', mode: 'FULL' })).syncUsers;
      assert.equal(full.aborted, false);
      assert.equal(full.failed, 0);
      assert.equal(full.disabled, 0);
      const rows = await mirroredUsers();
      assert.equal(rows.length, USERS + SEED_FIXTURES.length);
      for (const row of rows) assert.equal(row.key, guidString(seedObjectGuid(row.dn)), row.name);
      const groups = await mirroredGroups();
      assert.equal(groups.length, GROUPS + 4); // and staff, locked, everyone, addonly
      for (const row of groups) assert.equal(row.key, guidString(seedObjectGuid(row.dn)), row.name);
      const conn = env.server.server.db.orm.em.fork().getConnection();
      const members = (await conn.execute(
        `select u.name from group_members gm join users u on u.id = gm.user_id join groups g on g.id = gm.group_id
         where g.name = 'staff' order by u.name`,
      )) as { name: string }[];
      assert.deepEqual(
        members.map((m) => m.name),
        ['alice', 'chloé'],
      );

      env.slapd.ldapmodify(
        `dn: uid=user0007,ou=people,${env.slapd.suffix}\nchangetype: modify\nreplace: displayName\ndisplayName: Seven Renamed\n`,
      );
      const changed = ok(
        await env.server.call(SyncUsersDocument, { backend: 'ldap', mode: 'CHANGED' }),
      ).syncUsers;
      assert.equal(changed.updated, 1);
      assert.equal(changed.disabled, 0);
      const seven = ok(await env.server.call(GetUserDocument, { name: 'user0007' })).user!;
      assert.equal(seven.displayName, 'Seven Renamed');
    });
  });
}
