import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  GetGroupDocument,
  GetUserDocument,
  SetUserGroupsDocument,
  UpdateUserDocument,
} from '../generated/graphql';
import { failure, gql, ok } from '../helpers/client';
import { startServerWithLdap, type LdapTestEnv } from '../helpers/ldap-env';
import { assertSameSnapshot, snapshot } from '../helpers/snapshot';

/** Runs a raw query as the admin. */
async function query<T>(env: LdapTestEnv, text: string): Promise<T> {
  return ok(await gql<T, unknown>(env.server.url, text, undefined, env.server.adminToken));
}

/** Searches that read user keys (sort keys only: entryUUID and uid). */
const isKeyScan = (filter: string) =>
  filter.includes('objectClass=inetOrgPerson') && !filter.includes('entryUUID=');

describe('LDAP directory work is pushed down: group filters and counts', () => {
  let env: LdapTestEnv;

  before(async () => {
    env = await startServerWithLdap({ readOnly: true, users: 2000, groups: 100 });
  });
  after(async () => {
    await env?.server.close();
  });

  it('lists a page of 100 members of a directory group in at most 3 searches, never the whole directory', async () => {
    const { result, searches } = await env.countSearches(() =>
      query<{ users: { totalCount: number; edges: { node: { name: string } }[] } }>(
        env,
        '{ users(filter: { group: "group001" }, first: 100) { totalCount edges { node { name } } } }',
      ),
    );
    assert.equal(result.users.totalCount, 40);
    assert.equal(result.users.edges.length, 40);
    assert.ok(searches.length <= 3, searches.join('\n'));
    // The key scan names the members: it never asks for every user of the directory.
    const scans = searches.filter(isKeyScan);
    assert.ok(scans.length >= 1);
    for (const scan of scans) assert.match(scan, /entryDN=/);
  });

  it("answers a directory group's memberCount from its entry: one search for group and count", async () => {
    const read = ok(await env.server.call(GetGroupDocument, { name: 'group002', first: 50 })).group!;
    assert.equal(read.memberCount, 40);
    assert.equal(read.members.totalCount, 40);
    const counted = await env.countSearches(() =>
      query<{ group: { memberCount: number } }>(env, '{ group(name: "group003") { memberCount } }'),
    );
    assert.equal(counted.result.group.memberCount, 40);
    assert.equal(counted.searches.length, 1, counted.searches.join('\n'));
  });

  it('counts the members of a page of directory groups in the one search that lists them', async () => {
    const { result, searches } = await env.countSearches(() =>
      query<{ groups: { edges: { node: { name: string; memberCount: number } }[] } }>(
        env,
        '{ groups(keyword: "group00", first: 20) { edges { node { name memberCount } } } }',
      ),
    );
    assert.equal(result.groups.edges.length, 9);
    assert.ok(result.groups.edges.every((e) => e.node.memberCount === 40));
    assert.equal(searches.length, 1, searches.join('\n'));
  });

  it('without nesting, a group held by a group passes no members on', async () => {
    const members = await query<{ users: { edges: { node: { name: string } }[] } }>(
      env,
      '{ users(filter: { group: "everyone" }) { edges { node { name } } } }',
    );
    assert.deepEqual(
      members.users.edges.map((e) => e.node.name),
      ['bob'],
    );
    const alice = ok(await env.server.call(GetUserDocument, { name: 'alice' })).user!;
    assert.ok(!alice.groups.some((g) => g.name === 'everyone'));
  });
});

describe('LDAP nested groups (nestedGroups: true)', () => {
  let env: LdapTestEnv;

  before(async () => {
    env = await startServerWithLdap({ readOnly: true, users: 50, groups: 6, ldap: { nestedGroups: true } });
  });
  after(async () => {
    await env?.server.close();
  });

  it("expands a group's member groups: their users are members, counted and listed", async () => {
    const group = await query<{
      group: { memberCount: number; members: { edges: { node: { name: string } }[] } };
    }>(env, '{ group(name: "everyone") { memberCount members(first: 10) { edges { node { name } } } } }');
    const names = group.group.members.edges.map((e) => e.node.name);
    assert.deepEqual(names, ['alice', 'bob', 'chloé']);
    assert.equal(group.group.memberCount, 3);
    const filtered = await query<{ users: { totalCount: number } }>(
      env,
      '{ users(filter: { group: "everyone" }) { totalCount } }',
    );
    assert.equal(filtered.users.totalCount, 3);
  });

  it('lists the groups a user is in through another group', async () => {
    const alice = ok(await env.server.call(GetUserDocument, { name: 'alice' })).user!;
    assert.deepEqual(
      alice.groups.map((g) => g.name),
      ['everyone', 'locked', 'staff'],
    );
    const bob = ok(await env.server.call(GetUserDocument, { name: 'bob' })).user!;
    assert.deepEqual(
      bob.groups.map((g) => g.name),
      ['everyone'],
    );
  });
});

describe('LDAP writes: the directory decides uniqueness and refusals, and failed undos are reported', () => {
  let env: LdapTestEnv;
  const log = new PassThrough();
  let logText = '';
  log.on('data', (chunk: Buffer) => (logText += chunk.toString()));

  before(async () => {
    env = await startServerWithLdap({ readOnly: false, users: 30, groups: 4, logStream: log });
  });
  after(async () => {
    await env?.server.close();
  });

  it('refuses an address another directory user has, even one the gateway has never seen', async () => {
    ok(await env.server.call(GetUserDocument, { name: 'alice' }));
    const dirBefore = env.slapd.dump(false);
    // user0007 has never been read through idgate: only the directory knows its address.
    const error = failure(
      await env.server.call(UpdateUserDocument, { name: 'alice', input: { email: 'user0007@idgate.test' } }),
    );
    assert.equal(error.extensions.code, 'CONFLICT');
    assert.equal(error.extensions.reason, 'EMAIL_TAKEN');
    assert.equal(env.slapd.dump(false), dirBefore);
    const alice = ok(await env.server.call(GetUserDocument, { name: 'alice' })).user!;
    assert.equal(alice.email, 'alice@idgate.test');
  });

  it('logs at error, with the entry and what was left, an undo step the directory refuses', async () => {
    ok(await env.server.call(GetUserDocument, { name: 'alice' }));
    const dbBefore = await snapshot(env.server.server);
    // Adding to `addonly` works; removing from `locked` is refused; taking the add back is refused too.
    const error = failure(
      await env.server.call(SetUserGroupsDocument, {
        name: 'alice',
        input: { add: ['addonly'], remove: ['locked'] },
      }),
    );
    assert.equal(error.extensions.code, 'FORBIDDEN');
    assertSameSnapshot(await snapshot(env.server.server), dbBefore);
    const lines = logText
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { level: number; msg: string; entry?: string; left?: string });
    const undo = lines.find((l) => l.level >= 50 && /undo step failed/.test(l.msg));
    assert.ok(undo, 'an error line for the failed undo');
    assert.match(undo.entry ?? '', /^cn=addonly,ou=groups,/i);
    assert.match(undo.left ?? '', /delete/);
    // The directory really was left half-changed, as the log says.
    assert.match(
      env.slapd.ldapsearch(`cn=addonly,ou=groups,${env.slapd.suffix}`, '(objectClass=*)', ['member']),
      /uid=alice/,
    );
  });
});
