import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gql, ok, type GqlResult } from '../helpers/client';
import type { Driver } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';

const PASSWORD = 'roles-Pass-1';

type Role = 'ADMIN' | 'USER_MANAGER' | 'HELPDESK' | 'AUDITOR';
/** The caller of a cell: a role, or a user without any. */
type CallerKind = Role | 'NONE';
/** The target of a cell: a user without roles, one with a role other than ADMIN, an ADMIN. */
type TargetKind = 'none' | 'HELPDESK' | 'ADMIN';

const CALLERS: CallerKind[] = ['ADMIN', 'USER_MANAGER', 'HELPDESK', 'AUDITOR', 'NONE'];
const TARGETS: TargetKind[] = ['none', 'HELPDESK', 'ADMIN'];

/**
 * The contract's table of roles (docs/admin.md, "Roles"), written out here on its own: the test does
 * not ask the policy it checks. `kind` says which part of the table the operation is in.
 */
type Kind =
  | 'auditorRead' //  AUDITOR, HELPDESK and USER_MANAGER read it (users, groups, their settings and sessions)
  | 'statsRead' //    AUDITOR reads it; HELPDESK and USER_MANAGER do not
  | 'helpdesk' //     HELPDESK on targets without roles; USER_MANAGER on targets without ADMIN
  | 'manager' //      USER_MANAGER on targets without ADMIN
  | 'adminOnly';

function expected(caller: CallerKind, kind: Kind, target: TargetKind | null): boolean {
  if (caller === 'ADMIN') return true;
  if (caller === 'NONE') return false;
  switch (kind) {
    case 'auditorRead':
      return true;
    case 'statsRead':
      return caller === 'AUDITOR';
    case 'helpdesk':
      if (caller === 'HELPDESK') return target === 'none' || target === null;
      return caller === 'USER_MANAGER' && target !== 'ADMIN';
    case 'manager':
      return caller === 'USER_MANAGER' && target !== 'ADMIN';
    case 'adminOnly':
      return false;
  }
}

interface Target {
  name: string;
  sessionId: string | null;
}

interface Operation {
  name: string;
  kind: Kind;
  /** Acts on a target user made fresh for the cell (with `needs` set up), or on none. */
  targeted: boolean;
  /** A service account target instead of a user. */
  serviceAccount?: boolean;
  /** The target needs a session (a password and a login). */
  session?: boolean;
  /** A refused call answers this instead of FORBIDDEN NOT_ALLOWED (another's session does not exist for it). */
  refusedCode?: string;
  /** An allowed call may still end in this non-FORBIDDEN error (e.g. a backend that cannot sync). */
  allowedError?: string;
  query: string;
  variables(target: Target, n: number): Record<string, unknown>;
}

const USER = '{ id name }';
const OPERATIONS: Operation[] = [
  { name: 'users', kind: 'auditorRead', targeted: false, query: `query { users { totalCount } }`, variables: () => ({}) },
  {
    name: 'user',
    kind: 'auditorRead',
    targeted: true,
    query: `query($n: String!) { user(name: $n) ${USER} }`,
    variables: (t) => ({ n: t.name }),
  },
  {
    name: 'user.settings',
    kind: 'auditorRead',
    targeted: true,
    query: `query($n: String!) { user(name: $n) { settings { language } } }`,
    variables: (t) => ({ n: t.name }),
  },
  {
    name: 'user.sessions',
    kind: 'auditorRead',
    targeted: true,
    query: `query($n: String!) { user(name: $n) { sessions { id } } }`,
    variables: (t) => ({ n: t.name }),
  },
  { name: 'groups', kind: 'auditorRead', targeted: false, query: `query { groups { totalCount } }`, variables: () => ({}) },
  { name: 'group', kind: 'auditorRead', targeted: false, query: `query { group(name: "staff") { id } }`, variables: () => ({}) },
  { name: 'userStats', kind: 'statsRead', targeted: false, query: `query { userStats { total } }`, variables: () => ({}) },
  {
    name: 'createUser',
    kind: 'manager',
    targeted: false,
    query: `mutation($n: String!) { createUser(input: { name: $n }) ${USER} }`,
    variables: (_t, n) => ({ n: `created-${n}` }),
  },
  {
    name: 'createUser(roles)',
    kind: 'adminOnly',
    targeted: false,
    query: `mutation($n: String!) { createUser(input: { name: $n, roles: [HELPDESK] }) ${USER} }`,
    variables: (_t, n) => ({ n: `created-${n}` }),
  },
  {
    name: 'updateUser',
    kind: 'manager',
    targeted: true,
    query: `mutation($n: String!) { updateUser(name: $n, input: { displayName: "Changed" }) ${USER} }`,
    variables: (t) => ({ n: t.name }),
  },
  {
    name: 'updateUser(isAdmin)',
    kind: 'adminOnly',
    targeted: true,
    query: `mutation($n: String!) { updateUser(name: $n, input: { isAdmin: true }) ${USER} }`,
    variables: (t) => ({ n: t.name }),
  },
  {
    name: 'updateUserProfile',
    kind: 'manager',
    targeted: true,
    query: `mutation($n: String!) { updateUserProfile(name: $n, input: { firstName: "Changed" }) ${USER} }`,
    variables: (t) => ({ n: t.name }),
  },
  {
    name: 'updateUserSettings',
    kind: 'manager',
    targeted: true,
    query: `mutation($n: String!) { updateUserSettings(name: $n, input: { language: "de" }) { language } }`,
    variables: (t) => ({ n: t.name }),
  },
  {
    name: 'deleteUser',
    kind: 'manager',
    targeted: true,
    query: `mutation($n: String!) { deleteUser(name: $n) }`,
    variables: (t) => ({ n: t.name }),
  },
  {
    name: 'setUserGroups',
    kind: 'manager',
    targeted: true,
    query: `mutation($n: String!) { setUserGroups(name: $n, input: { add: ["staff"] }) ${USER} }`,
    variables: (t) => ({ n: t.name }),
  },
  {
    name: 'setUserRoles',
    kind: 'adminOnly',
    targeted: true,
    query: `mutation($n: String!) { setUserRoles(name: $n, roles: [AUDITOR]) ${USER} }`,
    variables: (t) => ({ n: t.name }),
  },
  {
    name: 'enableUser',
    kind: 'helpdesk',
    targeted: true,
    query: `mutation($n: String!) { enableUser(name: $n) ${USER} }`,
    variables: (t) => ({ n: t.name }),
  },
  {
    name: 'disableUser',
    kind: 'helpdesk',
    targeted: true,
    query: `mutation($n: String!) { disableUser(name: $n) ${USER} }`,
    variables: (t) => ({ n: t.name }),
  },
  {
    name: 'unlockUser',
    kind: 'helpdesk',
    targeted: true,
    query: `mutation($n: String!) { unlockUser(name: $n) ${USER} }`,
    variables: (t) => ({ n: t.name }),
  },
  {
    name: 'setRequiredActions',
    kind: 'helpdesk',
    targeted: true,
    query: `mutation($n: String!) { setRequiredActions(name: $n, actions: [ACCEPT_TERMS]) ${USER} }`,
    variables: (t) => ({ n: t.name }),
  },
  {
    name: 'resetPassword',
    kind: 'helpdesk',
    targeted: true,
    query: `mutation($n: String!) { resetPassword(name: $n) { temporaryPassword } }`,
    variables: (t) => ({ n: t.name }),
  },
  {
    name: 'sendEmailVerification',
    kind: 'helpdesk',
    targeted: true,
    query: `mutation($n: String!) { sendEmailVerification(name: $n) }`,
    variables: (t) => ({ n: t.name }),
  },
  {
    name: 'revokeUserSessions',
    kind: 'helpdesk',
    targeted: true,
    query: `mutation($n: String!) { revokeUserSessions(name: $n) }`,
    variables: (t) => ({ n: t.name }),
  },
  {
    name: 'revokeSession',
    kind: 'helpdesk',
    targeted: true,
    session: true,
    refusedCode: 'NOT_FOUND',
    query: `mutation($id: ID!) { revokeSession(id: $id) }`,
    variables: (t) => ({ id: t.sessionId }),
  },
  {
    name: 'createGroup',
    kind: 'manager',
    targeted: false,
    query: `mutation($n: String!) { createGroup(name: $n) { id } }`,
    variables: (_t, n) => ({ n: `group-${n}` }),
  },
  {
    name: 'deleteGroup',
    kind: 'manager',
    targeted: false,
    query: `mutation($n: String!) { deleteGroup(name: $n) }`,
    variables: (_t, n) => ({ n: `doomed-${n}` }),
  },
  {
    name: 'createServiceAccount',
    kind: 'adminOnly',
    targeted: false,
    query: `mutation($n: String!) { createServiceAccount(name: $n) { token } }`,
    variables: (_t, n) => ({ n: `robot-${n}` }),
  },
  {
    name: 'rotateServiceAccountToken',
    kind: 'adminOnly',
    targeted: true,
    serviceAccount: true,
    query: `mutation($n: String!) { rotateServiceAccountToken(name: $n) { token } }`,
    variables: (t) => ({ n: t.name }),
  },
  {
    name: 'syncUsers',
    kind: 'adminOnly',
    targeted: false,
    // The local backend has nothing to sync: an allowed caller learns that, the others are refused first.
    allowedError: 'BAD_USER_INPUT',
    query: `mutation { syncUsers(backend: "local") { created } }`,
    variables: () => ({}),
  },
  {
    name: 'outbox',
    kind: 'adminOnly',
    targeted: false,
    query: `query { outbox { subject } }`,
    variables: () => ({}),
  },
];

function isNotAllowed(result: GqlResult<unknown>): boolean {
  const error = result.errors?.[0];
  return error?.extensions.code === 'FORBIDDEN' && error.extensions.reason === 'NOT_ALLOWED';
}

/** The role matrix over HTTP, LAST_ADMIN, and the parallel demotions (PostgreSQL). */
export function defineRolesSuite(driver: Driver): void {
  describe(`admin roles on ${driver}`, () => {
    let t: TestServer;
    const tokens = new Map<CallerKind, string>();
    let serial = 0;
    const q = (query: string, variables: Record<string, unknown> = {}, token: string | null = t.adminToken) =>
      gql<Record<string, unknown>, Record<string, unknown>>(t.url, query, variables, token);
    const must = async (query: string, variables: Record<string, unknown> = {}, token?: string | null) =>
      ok(await q(query, variables, token));
    const login = async (name: string, domain?: string) => {
      const data = await must(
        `mutation($n: String!, $p: String!, $d: ID) { login(name: $n, password: $p, domain: $d) { token } }`,
        { n: name, p: PASSWORD, d: domain ?? null },
        null,
      );
      return (data.login as { token: string }).token;
    };
    const createUser = (input: Record<string, unknown>, token?: string) =>
      must(`mutation($i: CreateUserInput!) { createUser(input: $i) { id name roles isAdmin } }`, { i: input }, token);

    before(async () => {
      t = await startTestServer(driver, {
        domains: [
          { name: 'default', backends: [{ id: 'local', kind: 'local', displayName: 'Local users' }] },
          { name: 'acme', backends: [{ id: 'acme-local', kind: 'local' }] },
        ],
      });
      await must(`mutation { createGroup(name: "staff") { id } }`);
      for (const caller of CALLERS) {
        const name = `caller-${caller.toLowerCase()}`;
        await createUser({ name, password: PASSWORD, roles: caller === 'NONE' ? [] : [caller] });
        tokens.set(caller, await login(name));
      }
    });
    after(async () => {
      await t?.close();
    });

    async function makeTarget(op: Operation, kind: TargetKind): Promise<Target> {
      const name = `target-${++serial}`;
      const roles = kind === 'none' ? [] : [kind];
      if (op.serviceAccount) {
        await must(`mutation($n: String!, $r: [AdminRole!]) { createServiceAccount(name: $n, roles: $r) { token } }`, {
          n: name,
          r: roles,
        });
        return { name, sessionId: null };
      }
      await createUser({ name, email: `${name}@example.org`, roles, ...(op.session ? { password: PASSWORD } : {}) });
      if (!op.session) return { name, sessionId: null };
      const token = await login(name);
      const me = await must(`query { me { sessions { id current } } }`, {}, token);
      const sessions = (me.me as { sessions: { id: string; current: boolean }[] }).sessions;
      return { name, sessionId: sessions.find((s) => s.current)!.id };
    }

    it('answers every role x operation x target as the table of roles says', async () => {
      const wrong: string[] = [];
      let cells = 0;
      for (const op of OPERATIONS) {
        for (const caller of CALLERS) {
          for (const targetKind of op.targeted ? TARGETS : [null]) {
            const n = ++serial;
            if (op.name === 'deleteGroup') await must(`mutation($n: String!) { createGroup(name: $n) { id } }`, { n: `doomed-${n}` });
            const target = targetKind ? await makeTarget(op, targetKind) : { name: '', sessionId: null };
            const result = await q(op.query, op.variables(target, n), tokens.get(caller)!);
            const allowed = expected(caller, op.kind, targetKind);
            cells++;
            const cell = `${op.name} by ${caller} on ${targetKind ?? '-'}`;
            if (allowed) {
              const error = result.errors?.[0];
              if (error && error.extensions.code !== op.allowedError) {
                wrong.push(`${cell}: expected allowed, got ${JSON.stringify(error.extensions)}`);
              } else if (!error && op.allowedError) {
                wrong.push(`${cell}: expected ${op.allowedError}`);
              }
            } else if (op.refusedCode) {
              if (result.errors?.[0]?.extensions.code !== op.refusedCode) {
                wrong.push(`${cell}: expected ${op.refusedCode}, got ${JSON.stringify(result.errors ?? result.data)}`);
              }
            } else if (!isNotAllowed(result)) {
              wrong.push(`${cell}: expected FORBIDDEN NOT_ALLOWED, got ${JSON.stringify(result.errors ?? result.data)}`);
            }
          }
        }
      }
      assert.deepEqual(wrong, []);
      assert.ok(cells > 250, `${cells} cells`);
    });

    it('shows roles and isAdmin together; updateUser(isAdmin) and setUserRoles keep them in step', async () => {
      const made = await createUser({ name: 'flags', roles: ['AUDITOR'], isAdmin: true });
      assert.deepEqual(made.createUser, { id: (made.createUser as { id: string }).id, name: 'flags', roles: ['ADMIN', 'AUDITOR'], isAdmin: true });
      const off = await must(`mutation { updateUser(name: "flags", input: { isAdmin: false }) { roles isAdmin } }`);
      assert.deepEqual(off.updateUser, { roles: ['AUDITOR'], isAdmin: false });
      const on = await must(`mutation { setUserRoles(name: "flags", roles: [HELPDESK, ADMIN, HELPDESK]) { roles isAdmin } }`);
      assert.deepEqual(on.setUserRoles, { roles: ['ADMIN', 'HELPDESK'], isAdmin: true });
      const listed = await must(`query { users(filter: { role: HELPDESK }, first: 500) { edges { node { name roles } } } }`);
      const nodes = (listed.users as { edges: { node: { name: string; roles: string[] } }[] }).edges.map((e) => e.node);
      assert.ok(nodes.every((u) => u.roles.includes('HELPDESK')));
      assert.ok(nodes.some((u) => u.name === 'flags') && nodes.some((u) => u.name === 'caller-helpdesk'));
      const auditors = await must(`query { users(filter: { role: AUDITOR, keyword: "caller" }) { edges { node { name } } } }`);
      assert.deepEqual(
        (auditors.users as { edges: { node: { name: string } }[] }).edges.map((e) => e.node.name),
        ['caller-auditor'],
      );
    });

    it('editableFields follows the role of the caller', async () => {
      await createUser({ name: 'plain-target', password: PASSWORD });
      const fields = async (caller: CallerKind) => {
        const data = await must(`query { user(name: "plain-target") { editableFields } }`, {}, tokens.get(caller)!);
        return (data.user as { editableFields: string[] }).editableFields;
      };
      const admin = await fields('ADMIN');
      assert.ok(admin.includes('roles') && admin.includes('isAdmin') && admin.includes('email'));
      const manager = await fields('USER_MANAGER');
      assert.ok(manager.includes('email') && manager.includes('groups') && manager.includes('state'));
      assert.ok(!manager.includes('roles') && !manager.includes('isAdmin'));
      assert.deepEqual(await fields('HELPDESK'), ['password', 'requiredActions', 'state', 'sessions']);
      assert.deepEqual(await fields('AUDITOR'), []);
    });

    it('keeps the last ADMIN of a domain: no demotion, disabling, deleting or end of validity', async () => {
      await createUser({ name: 'boss', password: PASSWORD, roles: ['ADMIN'], domain: 'acme' });
      await createUser({ name: 'deputy', password: PASSWORD, roles: ['ADMIN'], domain: 'acme' });
      const boss = await login('boss', 'acme');
      // Two ADMINs: one may take the other's role.
      await must(`mutation { setUserRoles(name: "deputy", roles: [USER_MANAGER]) { roles } }`, {}, boss);
      const refusals = [
        `mutation { setUserRoles(name: "boss", roles: []) { roles } }`,
        `mutation { updateUser(name: "boss", input: { isAdmin: false }) { roles } }`,
        `mutation { disableUser(name: "boss") { state } }`,
        `mutation { deleteUser(name: "boss") }`,
        `mutation { updateUser(name: "boss", input: { validity: { end: "2099-01-01T00:00:00Z" } }) { roles } }`,
      ];
      for (const query of refusals) {
        const error = (await q(query, {}, boss)).errors?.[0];
        assert.equal(error?.extensions.code, 'FORBIDDEN', query);
        assert.equal(error?.extensions.reason, 'LAST_ADMIN', query);
      }
      const still = await must(`query { user(name: "boss") { roles state validity { end } } }`, {}, boss);
      assert.deepEqual(still.user, { roles: ['ADMIN'], state: 'ENABLED', validity: null });
      // A disabled ADMIN does not count: it cannot manage anything.
      await must(`mutation { setUserRoles(name: "deputy", roles: [ADMIN]) { roles } }`, {}, boss);
      await must(`mutation { disableUser(name: "deputy") { state } }`, {}, boss);
      const error = (await q(`mutation { setUserRoles(name: "boss", roles: []) { roles } }`, {}, boss)).errors?.[0];
      assert.equal(error?.extensions.reason, 'LAST_ADMIN');
    });

    it('lets only one of two parallel demotions of the last two ADMINs through', async () => {
      for (let round = 0; round < 5; round++) {
        const domain = 'acme';
        const a = `pa-${round}`;
        const b = `pb-${round}`;
        // Leave exactly two enabled ADMINs in acme: a and b.
        await createUser({ name: a, password: PASSWORD, roles: ['ADMIN'], domain });
        await createUser({ name: b, password: PASSWORD, roles: ['ADMIN'], domain });
        const ta = await login(a, domain);
        const tb = await login(b, domain);
        for (const other of ['boss', `pa-${round - 1}`, `pb-${round - 1}`]) {
          const r = await q(`mutation($n: String!) { disableUser(name: $n) { state } }`, { n: other }, ta);
          assert.ok(!r.errors || r.errors[0]!.extensions.code === 'NOT_FOUND', JSON.stringify(r.errors));
        }
        const [x, y] = await Promise.all([
          q(`mutation($n: String!) { setUserRoles(name: $n, roles: []) { roles } }`, { n: b }, ta),
          q(`mutation($n: String!) { disableUser(name: $n) { state } }`, { n: a }, tb),
        ]);
        // The second one finds the first done: LAST_ADMIN, or NOT_ALLOWED when its own caller was
        // demoted before its request was authorized. Never both through.
        const outcomes = [x, y].map((r) => (r.errors ? String(r.errors[0]!.extensions.reason) : 'ok')).sort();
        assert.equal(outcomes.filter((o) => o === 'ok').length, 1, `round ${round}: ${outcomes.join()}`);
        assert.ok(['LAST_ADMIN', 'NOT_ALLOWED'].includes(outcomes[0]!), outcomes[0]);
        const left = await must(
          `query { users(filter: { role: ADMIN, state: ENABLED }, domain: "acme") { totalCount } }`,
        );
        assert.equal((left.users as { totalCount: number }).totalCount, 1);
      }
    });
  });
}
