import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateGroupDocument,
  CreateUserDocument,
  DeleteUserDocument,
  LoginDocument,
  SetUserGroupsDocument,
} from '../generated/graphql';
import { failure, gql, ok } from '../helpers/client';
import type { Driver } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';

const PASSWORD = 'a-long-Password-7';

interface Conn {
  totalCount: number;
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  edges: { cursor: string; node: { name: string } }[];
}

const PAGE =
  'totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { name } }';

/** Stable cursors: keyset pages never skip or repeat a row, whatever changes between pages. */
export function definePaginationSuite(driver: Driver): void {
  describe(`keyset pagination on ${driver}`, () => {
    let t: TestServer;
    const users = async (args: string): Promise<Conn> =>
      ok(
        await gql<{ users: Conn }, unknown>(t.url, `{ users(${args}) { ${PAGE} } }`, undefined, t.adminToken),
      ).users;

    before(async () => {
      t = await startTestServer(driver);
      ok(await t.call(CreateGroupDocument, { name: 'crew' }));
      for (let i = 0; i < 30; i++) {
        const name = `p${String(i * 2).padStart(3, '0')}`;
        ok(await t.call(CreateUserDocument, { input: { name, password: PASSWORD, groups: ['crew'] } }));
      }
      // Some logins, for the LAST_LOGIN_AT order (others never logged in: they come last).
      for (const name of ['p050', 'p040', 'p056']) {
        ok(await t.call(LoginDocument, { name, password: PASSWORD }, null));
      }
    });
    after(async () => {
      await t?.close();
    });

    it('pages forward while rows are inserted and deleted between pages: none skipped, none repeated', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let round = 0;
      for (;;) {
        const page: Conn = await users(
          `filter: { keyword: "p0" }, first: 4${cursor ? `, after: "${cursor}"` : ''}`,
        );
        seen.push(...page.edges.map((e) => e.node.name));
        if (!page.pageInfo.hasNextPage) break;
        cursor = page.pageInfo.endCursor;
        // Between pages: one user inserted before the cursor, one after, and one before it deleted.
        const n = round++;
        const [beforeName, afterName] = [`p${String(n * 2 + 1).padStart(3, '0')}`, `p0${58 - n * 2}x`];
        await Promise.all([
          t.call(CreateUserDocument, { input: { name: beforeName, password: PASSWORD } }),
          t.call(CreateUserDocument, { input: { name: afterName, password: PASSWORD } }),
          // A row already seen goes away: the next page must not shift because of it.
          ok(await t.call(DeleteUserDocument, { name: seen[n]! })),
        ]);
      }
      assert.equal(new Set(seen).size, seen.length, 'no row twice');
      assert.deepEqual([...seen].sort(), seen, 'in order');
      // Every row that was there from the start was seen (deleted ones only after they were seen).
      for (let i = 0; i < 30; i++) {
        const name = `p${String(i * 2).padStart(3, '0')}`;
        assert.ok(seen.includes(name), name);
      }
    });

    it('pages backward with last/before and reports both ends (Relay)', async () => {
      const first = await users('filter: { keyword: "p0" }, first: 5');
      assert.equal(first.pageInfo.hasPreviousPage, false);
      assert.equal(first.pageInfo.startCursor, first.edges[0]!.cursor);
      const second = await users(`filter: { keyword: "p0" }, first: 5, after: "${first.pageInfo.endCursor}"`);
      assert.equal(second.pageInfo.hasPreviousPage, true);
      const back = await users(
        `filter: { keyword: "p0" }, last: 5, before: "${second.pageInfo.startCursor}"`,
      );
      assert.deepEqual(
        back.edges.map((e) => e.node.name),
        first.edges.map((e) => e.node.name),
      );
      assert.equal(back.pageInfo.hasNextPage, true);
      const tail = await users('filter: { keyword: "p0" }, last: 3');
      assert.equal(tail.pageInfo.hasNextPage, false);
      assert.equal(tail.pageInfo.hasPreviousPage, true);
      const all = await users('filter: { keyword: "p0" }, first: 500');
      assert.deepEqual(
        tail.edges.map((e) => e.node.name),
        all.edges.slice(-3).map((e) => e.node.name),
      );
    });

    it('keeps every order stable: name (both ways), creation time and last login (never-logged-in last)', async () => {
      for (const order of [
        '{ field: NAME }',
        '{ field: NAME, descending: true }',
        '{ field: CREATED_AT }',
        '{ field: CREATED_AT, descending: true }',
        '{ field: LAST_LOGIN_AT }',
        '{ field: LAST_LOGIN_AT, descending: true }',
      ]) {
        const whole = (await users(`orderBy: ${order}, first: 500`)).edges.map((e) => e.node.name);
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
          const page: Conn = await users(
            `orderBy: ${order}, first: 7${cursor ? `, after: "${cursor}"` : ''}`,
          );
          paged.push(...page.edges.map((e) => e.node.name));
          cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        } while (cursor);
        assert.deepEqual(paged, whole, order);
      }
      const byLogin = (await users('orderBy: { field: LAST_LOGIN_AT, descending: true }, first: 500')).edges;
      assert.deepEqual(
        byLogin.slice(0, 4).map((e) => e.node.name),
        ['p056', 'p040', 'p050', 'admin'],
      );
    });

    it('pages groups and group members by keyset too', async () => {
      for (const g of ['g1', 'g2', 'g3']) ok(await t.call(CreateGroupDocument, { name: g }));
      const groups = async (args: string) =>
        ok(
          await gql<{ groups: Conn }, unknown>(
            t.url,
            `{ groups(${args}) { ${PAGE} } }`,
            undefined,
            t.adminToken,
          ),
        ).groups;
      const one = await groups('first: 2');
      const two = await groups(`first: 2, after: "${one.pageInfo.endCursor}"`);
      assert.deepEqual(
        [...one.edges, ...two.edges].map((e) => e.node.name),
        ['crew', 'g1', 'g2', 'g3'],
      );
      const members = async (args: string) =>
        ok(
          await gql<{ group: { members: Conn } }, unknown>(
            t.url,
            `{ group(name: "crew") { members(${args}) { ${PAGE} } } }`,
            undefined,
            t.adminToken,
          ),
        ).group.members;
      const m1 = await members('first: 3');
      ok(await t.call(SetUserGroupsDocument, { name: m1.edges[0]!.node.name, input: { remove: ['crew'] } }));
      const m2 = await members(`first: 3, after: "${m1.pageInfo.endCursor}"`);
      assert.ok(m2.edges[0]!.node.name > m1.edges[2]!.node.name);
    });

    it('refuses cursors of another list or order, old offset cursors, and after with before', async () => {
      const page = await users('first: 2');
      for (const args of [
        `orderBy: { field: CREATED_AT }, first: 2, after: "${page.pageInfo.endCursor}"`,
        `first: 2, after: "${Buffer.from('o1:4').toString('base64url')}"`,
        `first: 2, after: "not-a-cursor"`,
        `first: 2, after: "${page.pageInfo.endCursor}", before: "${page.pageInfo.startCursor}"`,
      ]) {
        const error = failure(await gql(t.url, `{ users(${args}) { totalCount } }`, undefined, t.adminToken));
        assert.equal(error.extensions.code, 'BAD_USER_INPUT', args);
      }
    });
  });
}
