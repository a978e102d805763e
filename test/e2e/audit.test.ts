/* eslint-disable @typescript-eslint/no-explicit-any -- the test reads untyped JSON answers of raw GraphQL strings */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gql, ok } from '../helpers/client';
import { DRIVERS, startTestServer, type TestServer } from '../helpers/server';

const SECRET = 'audit-Secret-Pass-9';

for (const driver of DRIVERS) {
  describe(`audit trail over HTTP (${driver})`, () => {
    let t: TestServer;
    const q = (query: string, variables: Record<string, unknown> = {}, token: string | null = t.adminToken) =>
      gql<Record<string, any>, Record<string, unknown>>(t.url, query, variables, token);
    const sql = (text: string) => t.server.db.orm.em.fork().getConnection().execute(text);
    before(async () => {
      t = await startTestServer(driver);
    });
    after(async () => {
      await t?.close();
    });

    it('records a change with old and new values, a refusal and a failed login; never a secret', async () => {
      ok(
        await q(
          `mutation($p: String!) { createUser(input: { name: "aud1", password: $p, email: "a@x.test" }) { id } }`,
          { p: SECRET },
        ),
      );
      ok(await q(`mutation { updateUser(name: "aud1", input: { email: "b@x.test" }) { id } }`));
      const reset = ok(await q(`mutation { resetPassword(name: "aud1") { temporaryPassword } }`));
      await q(`mutation { login(name: "aud1", password: "wrong-Password-1") { token } }`, {}, null);
      const tok = ok(
        await q(
          `mutation($p: String!) { login(name: "admin", password: $p) { token } }`,
          { p: 'admin-Password-1' },
          null,
        ),
      ).login.token;
      const page = ok(
        await q(
          `query { auditEvents(filter: { targetName: "aud1" }, first: 50) { totalCount edges { node { action result details actor { name } } } } }`,
        ),
      );
      const events = page.auditEvents.edges.map((e: any) => e.node);
      const update = events.find((e: any) => e.action === 'updateUser');
      assert.deepEqual(update.details.changes.email, { old: 'a@x.test', new: 'b@x.test' });
      assert.ok(events.some((e: any) => e.action === 'createUser' && e.result === 'SUCCESS'));
      assert.ok(events.some((e: any) => e.action === 'resetPassword'));
      assert.ok(events.some((e: any) => e.action === 'login' && e.result === 'FAILURE'));
      // A refusal: the last ADMIN may not lose its role.
      await q(`mutation { setUserRoles(name: "admin", roles: []) { id } }`);
      const refused = ok(
        await q(
          `query { auditEvents(filter: { action: "setUserRoles", result: FAILURE }) { totalCount edges { node { details } } } }`,
        ),
      );
      assert.equal(refused.auditEvents.totalCount, 1);
      assert.equal(refused.auditEvents.edges[0].node.details.reason, 'LAST_ADMIN');
      const rows = (await sql('select * from audit_events')) as Record<string, unknown>[];
      const all = JSON.stringify(rows);
      for (const secret of [
        SECRET,
        reset.resetPassword.temporaryPassword,
        t.adminToken,
        tok,
        'admin-Password-1',
      ]) {
        assert.ok(!all.includes(secret), 'a secret reached the audit table');
      }
    });

    it('pages newest first with keyset cursors', async () => {
      const first = ok(
        await q(
          `query { auditEvents(first: 2) { totalCount edges { node { id at } } pageInfo { endCursor hasNextPage } } }`,
        ),
      );
      const next = ok(
        await q(`query($a: String) { auditEvents(first: 2, after: $a) { edges { node { id at } } } }`, {
          a: first.auditEvents.pageInfo.endCursor,
        }),
      );
      const ids = [...first.auditEvents.edges, ...next.auditEvents.edges].map((e: any) => e.node.id);
      assert.equal(new Set(ids).size, 4);
      const times = [...first.auditEvents.edges, ...next.auditEvents.edges].map((e: any) =>
        Date.parse(e.node.at),
      );
      assert.deepEqual(
        [...times].sort((a, b) => b - a),
        times,
      );
    });

    it('a failure after the change and before commit leaves neither the change nor its event', async () => {
      if (driver === 'sqlite') {
        await sql(
          `create trigger audit_fail after insert on audit_events when new.action = 'enableUser' begin select raise(abort, 'injected'); end`,
        );
      } else {
        await sql(
          `create function audit_fail() returns trigger language plpgsql as $$ begin if new.action = 'disableUser' then raise exception 'injected'; end if; return null; end $$`,
        );
        await sql(
          `create constraint trigger audit_fail after insert on audit_events deferrable initially deferred for each row execute function audit_fail()`,
        );
      }
      ok(await q(`mutation { createUser(input: { name: "aud2" }) { id } }`));
      const action = driver === 'sqlite' ? 'enableUser' : 'disableUser';
      if (driver === 'sqlite') ok(await q(`mutation { disableUser(name: "aud2") { id } }`));
      const failed = await q(`mutation { ${action}(name: "aud2") { id } }`);
      assert.equal(failed.errors?.[0]?.extensions.code, 'INTERNAL_SERVER_ERROR');
      const state = ok(await q(`query { user(name: "aud2") { state } }`)).user.state;
      assert.equal(state, driver === 'sqlite' ? 'DISABLED' : 'PENDING');
      const events = ok(
        await q(
          `query($a: String) { auditEvents(filter: { action: $a, result: SUCCESS, targetName: "aud2" }) { totalCount } }`,
          { a: action },
        ),
      );
      assert.equal(events.auditEvents.totalCount, 0);
    });

    it('prunes events past the retention', async () => {
      const old = driver === 'sqlite' ? `${Date.now() - 100 * 86_400_000}` : `now() - interval '100 days'`;
      await sql(
        `insert into audit_events (id, at, action, result, actor_name, domain, details) values ('00000000-0000-0000-0000-0000000000aa', ${old}, 'ancient', 'SUCCESS', 'x', 'default', '{}')`,
      );
      const deleted = await t.server.auditRetention.pruneNow();
      assert.equal(deleted, 1);
      const left = ok(await q(`query { auditEvents(filter: { action: "ancient" }) { totalCount } }`));
      assert.equal(left.auditEvents.totalCount, 0);
      assert.ok(ok(await q(`query { auditEvents { totalCount } }`)).auditEvents.totalCount > 0);
    });
  });
}
