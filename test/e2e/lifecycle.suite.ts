import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ChangeMyPasswordDocument,
  ConfirmEmailDocument,
  CreateServiceAccountDocument,
  CreateUserDocument,
  DisableUserDocument,
  EnableUserDocument,
  GetUserDocument,
  ListUsersDocument,
  LoginDocument,
  MeDocument,
  MySessionsDocument,
  MySettingsDocument,
  OutboxDocument,
  ResetPasswordDocument,
  RevokeMySessionsDocument,
  RevokeSessionDocument,
  RevokeUserSessionsDocument,
  SendEmailVerificationDocument,
  SetRequiredActionsDocument,
  UnlockUserDocument,
  UpdateMyProfileDocument,
  UpdateMySettingsDocument,
  UpdateUserDocument,
  UpdateUserProfileDocument,
  UpdateUserSettingsDocument,
  UserSessionsDocument,
  UserSettingsOfDocument,
  UserStatsDocument,
  type CreateUserInput,
} from '../generated/graphql';
import { failure, ok } from '../helpers/client';
import type { Driver } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';
import { snapshot } from '../helpers/snapshot';
import { codeIn, startSmtp, type TestSmtp } from '../helpers/smtp';

const PASSWORD = 'lifecycle-Pass-1';

/** Profile, settings, sessions, required actions, state, lockout, validity, passwords, email, stats. */
export function defineLifecycleSuite(driver: Driver): void {
  describe(`user lifecycle on ${driver}`, () => {
    let t: TestServer;
    let smtp: TestSmtp;
    const call: TestServer['call'] = (doc, vars, token) => t.call(doc, vars, token);
    const createUser = async (input: CreateUserInput) =>
      ok(await call(CreateUserDocument, { input })).createUser;
    const login = async (name: string, password = PASSWORD) =>
      ok(await call(LoginDocument, { name, password }, null)).login.token;
    const loginFails = async (name: string, password = PASSWORD) =>
      failure(await call(LoginDocument, { name, password }, null));
    const sql = (text: string) => t.server.db.orm.em.fork().getConnection().execute(text);
    const past = driver === 'sqlite' ? `${Date.now() - 3_600_000}` : `now() - interval '1 hour'`;
    const farPast = driver === 'sqlite' ? `${Date.now() - 86_400_000}` : `now() - interval '1 day'`;
    const stateOf = async (name: string) => ok(await call(GetUserDocument, { name })).user!.state;

    before(async () => {
      smtp = await startSmtp();
      t = await startTestServer(driver, {
        domains: [
          { name: 'default', backends: [{ id: 'local', kind: 'local' }] },
          { name: 'stats', backends: [{ id: 'stats-local', kind: 'local' }] },
        ],
        mail: {
          from: 'idgate <idgate@test.local>',
          smtp: { host: '127.0.0.1', port: smtp.port, secure: false },
        },
      });
    });
    after(async () => {
      await t?.close();
      await smtp?.close();
    });

    describe('profile', () => {
      it('lets an admin change a profile, untouched parts kept, with expectedVersion', async () => {
        const u = await createUser({ name: 'pro1', profile: { firstName: 'Pat', lastName: 'Roe' } });
        const changed = ok(
          await call(UpdateUserProfileDocument, {
            name: 'pro1',
            input: { fullName: 'Pat Roe' },
            expectedVersion: u.version,
          }),
        ).updateUserProfile;
        assert.deepEqual(changed.profile, { fullName: 'Pat Roe', firstName: 'Pat', lastName: 'Roe' });
        assert.equal(changed.version, u.version + 1);
        const stale = failure(
          await call(UpdateUserProfileDocument, {
            name: 'pro1',
            input: { firstName: 'X' },
            expectedVersion: u.version,
          }),
        );
        assert.equal(stale.extensions.reason, 'VERSION_MISMATCH');
        const before = await snapshot(t.server);
        const bad = failure(
          await call(UpdateUserProfileDocument, { name: 'pro1', input: { firstName: 'a\u0000b' } }),
        );
        assert.equal(bad.extensions.code, 'BAD_USER_INPUT');
        assert.equal(await snapshot(t.server), before);
      });

      it('lets a user change its own profile, completing UPDATE_PROFILE', async () => {
        await createUser({ name: 'pro2', password: PASSWORD, requiredActions: ['UPDATE_PROFILE'] });
        const token = await login('pro2');
        const me = ok(
          await call(UpdateMyProfileDocument, { input: { firstName: 'Own' } }, token),
        ).updateMyProfile;
        assert.equal(me.profile.firstName, 'Own');
        assert.deepEqual(me.requiredActions, []);
        const self = ok(await call(MeDocument, undefined, token)).me;
        assert.ok(self.editableFields.includes('profile'));
        assert.ok(!self.editableFields.includes('isAdmin'));
      });
    });

    describe('settings', () => {
      it('has defaults, takes valid values in canonical form, and resets with null', async () => {
        await createUser({ name: 'set1', password: PASSWORD });
        const token = await login('set1');
        const defaults = ok(await call(MySettingsDocument, undefined, token)).me.settings;
        assert.deepEqual(defaults, {
          language: 'en',
          timezone: 'UTC',
          theme: null,
          webhook: null,
          preferences: {},
        });
        const changed = ok(
          await call(
            UpdateMySettingsDocument,
            {
              input: {
                language: 'pt-br',
                timezone: 'Europe/Berlin',
                theme: 'dark',
                webhook: { type: 'slack', url: 'https://hooks.example.org/x' },
                preferences: { density: 'compact' },
              },
            },
            token,
          ),
        ).updateMySettings;
        assert.deepEqual(changed, {
          language: 'pt-BR',
          timezone: 'Europe/Berlin',
          theme: 'dark',
          webhook: { type: 'slack', url: 'https://hooks.example.org/x' },
          preferences: { density: 'compact' },
        });
        const partial = ok(
          await call(UpdateMySettingsDocument, { input: { theme: null, language: null } }, token),
        ).updateMySettings;
        assert.equal(partial.language, 'en');
        assert.equal(partial.theme, null);
        assert.equal(partial.timezone, 'Europe/Berlin');
      });

      it('refuses a bad language, time zone or webhook, naming each field and changing nothing', async () => {
        await createUser({ name: 'set2', password: PASSWORD });
        const token = await login('set2');
        const before = await snapshot(t.server);
        const settingsBefore = ok(await call(MySettingsDocument, undefined, token)).me.settings;
        const error = failure(
          await call(
            UpdateMySettingsDocument,
            {
              input: {
                language: 'not a tag!',
                timezone: 'Mars/Olympus_Mons',
                webhook: { type: 'x', url: 'ftp://files.example.org' },
              },
            },
            token,
          ),
        );
        assert.equal(error.extensions.code, 'BAD_USER_INPUT');
        const fields = (error.extensions.fields as { field: string }[]).map((f) => f.field).sort();
        assert.deepEqual(fields, ['language', 'timezone', 'webhook.url']);
        assert.equal(
          failure(
            await call(
              UpdateMySettingsDocument,
              { input: { webhook: { type: 'x', url: 'javascript:alert(1)' } } },
              token,
            ),
          ).extensions.code,
          'BAD_USER_INPUT',
        );
        assert.equal(await snapshot(t.server), before);
        assert.deepEqual(ok(await call(MySettingsDocument, undefined, token)).me.settings, settingsBefore);
      });

      it('lets admins read and change the settings of their users, and nobody else', async () => {
        const settings = ok(
          await call(UpdateUserSettingsDocument, { name: 'set2', input: { timezone: 'America/New_York' } }),
        ).updateUserSettings;
        assert.equal(settings.timezone, 'America/New_York');
        assert.equal(
          ok(await call(UserSettingsOfDocument, { name: 'set2' })).user?.settings.timezone,
          'America/New_York',
        );
        const token = await login('set1');
        const refused = failure(
          await call(UpdateUserSettingsDocument, { name: 'set2', input: { theme: 'x' } }, token),
        );
        assert.equal(refused.extensions.code, 'FORBIDDEN');
      });
    });

    describe('sessions', () => {
      it('lists sessions with their details and revokes all but the current one', async () => {
        await createUser({ name: 'ses1', password: PASSWORD });
        const a = await login('ses1');
        const b = await login('ses1');
        const c = await login('ses1');
        const sessions = ok(await call(MySessionsDocument, undefined, a)).me.sessions;
        assert.equal(sessions.length, 3);
        assert.equal(sessions.filter((s) => s.current).length, 1);
        assert.ok(
          sessions.every((s) => s.method === 'PASSWORD' && s.ipAddress === '127.0.0.1' && s.userAgent),
        );
        assert.ok(sessions.every((s) => new Date(s.expiresAt) > new Date(s.createdAt)));
        assert.equal(ok(await call(RevokeMySessionsDocument, undefined, a)).revokeMySessions, 2);
        assert.equal(failure(await call(MeDocument, undefined, b)).extensions.code, 'UNAUTHENTICATED');
        assert.equal(failure(await call(MeDocument, undefined, c)).extensions.code, 'UNAUTHENTICATED');
        assert.equal(ok(await call(MeDocument, undefined, a)).me.name, 'ses1');
      });

      it('revokes one session: the own, or any for an admin; others are NOT_FOUND', async () => {
        await createUser({ name: 'ses2', password: PASSWORD });
        await createUser({ name: 'ses3', password: PASSWORD });
        const mine = await login('ses2');
        const other = await login('ses2');
        const stranger = await login('ses3');
        const ids = ok(await call(MySessionsDocument, undefined, mine)).me.sessions;
        const otherId = ids.find((s) => !s.current)!.id;
        const refused = failure(await call(RevokeSessionDocument, { id: otherId }, stranger));
        assert.equal(refused.extensions.code, 'NOT_FOUND');
        assert.equal(refused.extensions.resource, 'session');
        assert.equal(ok(await call(RevokeSessionDocument, { id: otherId }, mine)).revokeSession, true);
        assert.equal(failure(await call(MeDocument, undefined, other)).extensions.code, 'UNAUTHENTICATED');
        const adminView = ok(await call(UserSessionsDocument, { name: 'ses3' })).user!.sessions;
        assert.equal(ok(await call(RevokeSessionDocument, { id: adminView[0]!.id })).revokeSession, true);
        assert.equal(failure(await call(MeDocument, undefined, stranger)).extensions.code, 'UNAUTHENTICATED');
        assert.equal(
          failure(await call(RevokeSessionDocument, { id: 'no-such-session' })).extensions.code,
          'NOT_FOUND',
        );
      });

      it('ends every session of a user for an admin and counts them', async () => {
        await createUser({ name: 'ses4', password: PASSWORD });
        const tokens = [await login('ses4'), await login('ses4')];
        assert.equal(ok(await call(RevokeUserSessionsDocument, { name: 'ses4' })).revokeUserSessions, 2);
        for (const token of tokens)
          assert.equal(failure(await call(MeDocument, undefined, token)).extensions.code, 'UNAUTHENTICATED');
      });

      it('ends sessions past their lifetime or idle too long, on their very next use', async () => {
        await createUser({ name: 'ses5', password: PASSWORD });
        const expired = await login('ses5');
        const idle = await login('ses5');
        const sessions = ok(await call(MySessionsDocument, undefined, expired)).me.sessions;
        const [expiredId, idleId] = [
          sessions.find((s) => s.current)!.id,
          sessions.find((s) => !s.current)!.id,
        ];
        await sql(`update sessions set expires_at = ${past} where id = '${expiredId}'`);
        await sql(`update sessions set last_seen_at = ${farPast} where id = '${idleId}'`);
        assert.equal(failure(await call(MeDocument, undefined, expired)).extensions.code, 'UNAUTHENTICATED');
        assert.equal(failure(await call(MeDocument, undefined, idle)).extensions.code, 'UNAUTHENTICATED');
      });
    });

    describe('required actions', () => {
      it('lets a user with pending actions log in and read me, and nothing else until done', async () => {
        await createUser({ name: 'req1', password: PASSWORD });
        const set = ok(
          await call(SetRequiredActionsDocument, {
            name: 'req1',
            actions: ['UPDATE_PASSWORD', 'ACCEPT_TERMS', 'UPDATE_PASSWORD'],
          }),
        ).setRequiredActions;
        assert.deepEqual(set.requiredActions, ['UPDATE_PASSWORD', 'ACCEPT_TERMS']);
        const token = await login('req1');
        assert.deepEqual(ok(await call(MeDocument, undefined, token)).me.requiredActions, [
          'UPDATE_PASSWORD',
          'ACCEPT_TERMS',
        ]);
        const blocked = failure(await call(GetUserDocument, { name: 'req1' }, token));
        assert.equal(blocked.extensions.code, 'FORBIDDEN');
        assert.deepEqual(blocked.extensions.requiredActions, ['UPDATE_PASSWORD']);
        ok(await call(UpdateMySettingsDocument, { input: { theme: 'light' } }, token));
        const done = ok(
          await call(
            ChangeMyPasswordDocument,
            { oldPassword: PASSWORD, newPassword: 'req1-New-Pass-9' },
            token,
          ),
        ).changeMyPassword;
        assert.deepEqual(done.requiredActions, ['ACCEPT_TERMS']);
        assert.equal(ok(await call(GetUserDocument, { name: 'req1' }, token)).user?.name, 'req1');
      });
    });

    describe('enable and disable', () => {
      it('disables a user: every session and token ends, login fails like a wrong password; enabling restores it', async () => {
        await createUser({ name: 'dis1', password: PASSWORD });
        const token = await login('dis1');
        const disabled = ok(await call(DisableUserDocument, { name: 'dis1' })).disableUser;
        assert.equal(disabled.state, 'DISABLED');
        assert.equal(failure(await call(MeDocument, undefined, token)).extensions.code, 'UNAUTHENTICATED');
        assert.deepEqual(await loginFails('dis1'), await loginFails('dis1', 'wrong-password-1'));
        assert.deepEqual(await loginFails('dis1'), await loginFails('nobody-at-all'));
        assert.equal(ok(await call(EnableUserDocument, { name: 'dis1' })).enableUser.state, 'ENABLED');
        await login('dis1');
      });

      it('disables a service account and kills its token; refuses to disable yourself', async () => {
        const sa = ok(await call(CreateServiceAccountDocument, { name: 'dis-robot' })).createServiceAccount;
        ok(await call(DisableUserDocument, { name: 'dis-robot' }));
        assert.equal(failure(await call(MeDocument, undefined, sa.token)).extensions.code, 'UNAUTHENTICATED');
        const self = failure(await call(DisableUserDocument, { name: 'admin' }));
        assert.equal(self.extensions.code, 'FORBIDDEN');
        assert.equal(await stateOf('admin'), 'ENABLED');
      });
    });

    describe('lockout', () => {
      it('locks after 5 failures, refuses even the right password, and unlockUser lifts it', async () => {
        await createUser({ name: 'lock1', password: PASSWORD });
        for (let i = 0; i < 4; i++) await loginFails('lock1', `wrong-${i}-password`);
        assert.equal(await stateOf('lock1'), 'ENABLED');
        await loginFails('lock1', 'wrong-4-password');
        const locked = ok(await call(GetUserDocument, { name: 'lock1' })).user!;
        assert.equal(locked.state, 'LOCKED');
        assert.equal(locked.failedLoginCount, 5);
        assert.deepEqual(await loginFails('lock1'), await loginFails('lock1', 'wrong-again-1'));
        const unlocked = ok(await call(UnlockUserDocument, { name: 'lock1' })).unlockUser;
        assert.equal(unlocked.state, 'ENABLED');
        assert.equal(unlocked.failedLoginCount, 0);
        await login('lock1');
      });

      it('unlocks by itself when the lock time has passed, and forgets failures outside the window', async () => {
        await createUser({ name: 'lock2', password: PASSWORD });
        for (let i = 0; i < 5; i++) await loginFails('lock2', `wrong-${i}-password`);
        assert.equal(await stateOf('lock2'), 'LOCKED');
        await sql(
          `update users set locked_until = ${past}, failure_window_start = ${farPast} where name = 'lock2'`,
        );
        assert.equal(await stateOf('lock2'), 'ENABLED');
        await loginFails('lock2', 'one-more-wrong');
        const after = ok(await call(GetUserDocument, { name: 'lock2' })).user!;
        assert.equal(after.failedLoginCount, 1);
        assert.equal(after.state, 'ENABLED');
        await login('lock2');
        assert.equal(ok(await call(GetUserDocument, { name: 'lock2' })).user!.failedLoginCount, 0);
      });

      it('counts 20 parallel wrong logins exactly and ends LOCKED', async () => {
        await createUser({ name: 'lock3', password: PASSWORD });
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            call(LoginDocument, { name: 'lock3', password: `parallel-wrong-${i}` }, null),
          ),
        );
        assert.ok(results.every((r) => r.errors?.[0]?.extensions.code === 'UNAUTHENTICATED'));
        const user = ok(await call(GetUserDocument, { name: 'lock3' })).user!;
        assert.equal(user.failedLoginCount, 20);
        assert.equal(user.state, 'LOCKED');
      });
    });

    describe('validity', () => {
      it('is EXPIRED outside its validity and cannot log in; clearing validity restores it', async () => {
        await createUser({ name: 'val1', password: PASSWORD, validity: { end: '2001-01-01T00:00:00Z' } });
        await createUser({ name: 'val2', password: PASSWORD, validity: { begin: '2999-01-01T00:00:00Z' } });
        assert.equal(await stateOf('val1'), 'EXPIRED');
        assert.equal(await stateOf('val2'), 'EXPIRED');
        assert.deepEqual(await loginFails('val1'), await loginFails('nobody-else'));
        const expired = ok(
          await call(ListUsersDocument, { filter: { state: 'EXPIRED', keyword: 'val' } }),
        ).users;
        assert.deepEqual(
          expired.edges.map((e) => e.node.name),
          ['val1', 'val2'],
        );
        ok(await call(UpdateUserDocument, { name: 'val1', input: { validity: null } }));
        assert.equal(await stateOf('val1'), 'ENABLED');
        const token = await login('val1');
        // A session of a user whose validity ends stops working with it.
        ok(
          await call(UpdateUserDocument, {
            name: 'val1',
            input: { validity: { end: '2001-01-01T00:00:00Z' } },
          }),
        );
        assert.equal(failure(await call(MeDocument, undefined, token)).extensions.code, 'UNAUTHENTICATED');
      });
    });

    describe('passwords', () => {
      it('changes the own password after checking the old one and the policy; other sessions end', async () => {
        await createUser({ name: 'pw1', password: PASSWORD });
        const current = await login('pw1');
        const other = await login('pw1');
        const cases: [string, string, string][] = [
          ['wrong-old-password', 'pw1-New-Pass-9', 'oldPassword'],
          [PASSWORD, 'short', 'newPassword'],
          [PASSWORD, 'password123', 'newPassword'],
          [PASSWORD, 'PassWord123', 'newPassword'],
          [PASSWORD, 'x'.repeat(257), 'newPassword'],
          [PASSWORD, PASSWORD, 'newPassword'],
        ];
        for (const [oldPassword, newPassword, field] of cases) {
          const before = await snapshot(t.server);
          const error = failure(await call(ChangeMyPasswordDocument, { oldPassword, newPassword }, current));
          assert.equal(error.extensions.code, 'BAD_USER_INPUT', `${newPassword}`);
          assert.equal((error.extensions.fields as { field: string }[])[0]!.field, field);
          // A wrong old password counts as a failed login; a refused new one changes nothing at all.
          if (field === 'newPassword') assert.equal(await snapshot(t.server), before);
          else assert.equal(ok(await call(GetUserDocument, { name: 'pw1' })).user!.failedLoginCount, 1);
        }
        ok(
          await call(
            ChangeMyPasswordDocument,
            { oldPassword: PASSWORD, newPassword: 'pw1-New-Pass-9' },
            current,
          ),
        );
        assert.equal(ok(await call(MeDocument, undefined, current)).me.name, 'pw1');
        assert.equal(failure(await call(MeDocument, undefined, other)).extensions.code, 'UNAUTHENTICATED');
        await loginFails('pw1');
        await login('pw1', 'pw1-New-Pass-9');
        // Guessing the old password counts like failed logins: at the limit the account locks.
        await createUser({ name: 'pw5', password: PASSWORD });
        const guesser = await login('pw5');
        for (let i = 0; i < 5; i++) {
          const guess = { oldPassword: `guess-${i}-password`, newPassword: 'pw5-New-Pass-9' };
          failure(await call(ChangeMyPasswordDocument, guess, guesser));
        }
        assert.equal(await stateOf('pw5'), 'LOCKED');
        const right = { oldPassword: PASSWORD, newPassword: 'pw5-New-Pass-9' };
        const lockedOut = failure(await call(ChangeMyPasswordDocument, right, guesser));
        assert.equal((lockedOut.extensions.fields as { field: string }[])[0]!.field, 'oldPassword');
      });

      it('resets a password: a temporary one returned once, UPDATE_PASSWORD added, old sessions dead', async () => {
        await createUser({ name: 'pw2', password: PASSWORD });
        const old = await login('pw2');
        const reset = ok(await call(ResetPasswordDocument, { name: 'pw2' })).resetPassword;
        assert.ok(reset.temporaryPassword && reset.temporaryPassword.length >= 20);
        assert.deepEqual(reset.user.requiredActions, ['UPDATE_PASSWORD']);
        assert.equal(failure(await call(MeDocument, undefined, old)).extensions.code, 'UNAUTHENTICATED');
        await loginFails('pw2');
        const fresh = await login('pw2', reset.temporaryPassword);
        assert.equal(failure(await call(ListUsersDocument, {}, fresh)).extensions.code, 'FORBIDDEN');
        const changed = ok(
          await call(
            ChangeMyPasswordDocument,
            { oldPassword: reset.temporaryPassword, newPassword: 'pw2-Own-Pass-9' },
            fresh,
          ),
        ).changeMyPassword;
        assert.deepEqual(changed.requiredActions, []);
      });

      it('mails the temporary password when asked, and returns none', async () => {
        await createUser({ name: 'pw3', email: 'pw3@example.org', password: PASSWORD });
        const reset = ok(await call(ResetPasswordDocument, { name: 'pw3', sendEmail: true })).resetPassword;
        assert.equal(reset.temporaryPassword, null);
        const mail = await smtp.next('pw3@example.org');
        const temporary = /password is:\s+(\S+)/.exec(mail.raw.replace(/=\r?\n/g, ''))?.[1];
        assert.ok(temporary);
        await login('pw3', temporary);
        await createUser({ name: 'pw4', password: PASSWORD });
        const noEmail = failure(await call(ResetPasswordDocument, { name: 'pw4', sendEmail: true }));
        assert.equal(noEmail.extensions.code, 'BAD_USER_INPUT');
        await login('pw4');
      });
    });

    describe('email verification', () => {
      it('mails a code, rate-limits resends, and confirms without a token', async () => {
        await createUser({
          name: 'ver1',
          email: 'ver1@example.org',
          password: PASSWORD,
          requiredActions: ['VERIFY_EMAIL'],
        });
        assert.equal(
          ok(await call(SendEmailVerificationDocument, { name: 'ver1' })).sendEmailVerification,
          true,
        );
        const code = codeIn((await smtp.next('ver1@example.org')).raw);
        const limited = failure(await call(SendEmailVerificationDocument, { name: 'ver1' }));
        assert.equal(limited.extensions.code, 'RATE_LIMITED');
        assert.ok((limited.extensions.retryAfterSeconds as number) > 0);
        const confirmed = ok(await call(ConfirmEmailDocument, { name: 'ver1', code }, null)).confirmEmail;
        assert.equal(confirmed.emailVerified, true);
        assert.deepEqual(confirmed.requiredActions, []);
        assert.equal(
          failure(await call(ConfirmEmailDocument, { name: 'ver1', code }, null)).extensions.code,
          'BAD_USER_INPUT',
        );
        await sql(`delete from email_verifications`);
        assert.equal(
          ok(await call(SendEmailVerificationDocument, { name: 'ver1' })).sendEmailVerification,
          false,
        );
      });

      it('kills a code after 5 wrong tries; refuses unknown users the same way', async () => {
        await createUser({ name: 'ver2', email: 'ver2@example.org', password: PASSWORD });
        const token = await login('ver2');
        assert.equal(
          ok(await call(SendEmailVerificationDocument, { name: 'ver2' }, token)).sendEmailVerification,
          true,
        );
        const code = codeIn((await smtp.next('ver2@example.org')).raw);
        const wrong = code === '000000' ? '111111' : '000000';
        const errors = [];
        for (let i = 0; i < 5; i++)
          errors.push(failure(await call(ConfirmEmailDocument, { name: 'ver2', code: wrong }, null)));
        const dead = failure(await call(ConfirmEmailDocument, { name: 'ver2', code }, null));
        const unknown = failure(await call(ConfirmEmailDocument, { name: 'nobody-here', code }, null));
        for (const e of [...errors, dead]) assert.deepEqual(e, unknown);
        assert.equal(ok(await call(GetUserDocument, { name: 'ver2' })).user!.emailVerified, false);
      });

      it('stores codes only hashed and refuses them after their lifetime', async () => {
        await createUser({ name: 'ver4', email: 'ver4@example.org', password: PASSWORD });
        ok(await call(SendEmailVerificationDocument, { name: 'ver4' }));
        const code = codeIn((await smtp.next('ver4@example.org')).raw);
        const rows: Record<string, unknown>[] = await sql(`select * from email_verifications`);
        assert.equal(rows.length, 1);
        assert.ok(!JSON.stringify(rows).includes(code));
        await sql(`update email_verifications set expires_at = ${past}`);
        const expired = failure(await call(ConfirmEmailDocument, { name: 'ver4', code }, null));
        assert.equal(expired.extensions.code, 'BAD_USER_INPUT');
        assert.equal(ok(await call(GetUserDocument, { name: 'ver4' })).user!.emailVerified, false);
      });

      it('changes the address first when one is given, and a changed email is unverified again', async () => {
        await createUser({ name: 'ver3', email: 'ver3@example.org', password: PASSWORD });
        ok(await call(SendEmailVerificationDocument, { name: 'ver3', email: 'ver3-new@example.org' }));
        const code = codeIn((await smtp.next('ver3-new@example.org')).raw);
        const confirmed = ok(
          await call(ConfirmEmailDocument, { name: 'ver3', code, domain: 'default' }, null),
        ).confirmEmail;
        assert.equal(confirmed.email, 'ver3-new@example.org');
        assert.equal(confirmed.emailVerified, true);
        const changed = ok(
          await call(UpdateUserDocument, { name: 'ver3', input: { email: 'ver3-other@example.org' } }),
        ).updateUser;
        assert.equal(changed.emailVerified, false);
        const taken = failure(
          await call(SendEmailVerificationDocument, { name: 'ver3', email: 'ver1@example.org' }),
        );
        assert.equal(taken.extensions.reason, 'EMAIL_TAKEN');
      });
    });

    describe('stats and tags', () => {
      it('counts users by state, backend and type in the database, at a fixed statement cost', async () => {
        const inStats = (input: CreateUserInput) => createUser({ ...input, domain: 'stats' });
        await inStats({ name: 's1', password: PASSWORD, tags: [{ key: 'tier', value: 'gold' }] });
        await inStats({ name: 's2', password: PASSWORD, tags: [{ key: 'tier', value: 'gold' }] });
        await inStats({ name: 's3' });
        await inStats({ name: 's4', password: PASSWORD, validity: { end: '2001-01-01T00:00:00Z' } });
        await inStats({ name: 's5', password: PASSWORD });
        await sql(`update users set disabled = ${driver === 'sqlite' ? 1 : 'true'} where name = 's5'`);
        const { result, statements } = await t.countQueries(() =>
          call(UserStatsDocument, { domain: 'stats' }),
        );
        const stats = ok(result).userStats;
        assert.equal(stats.total, 5);
        const asMap = (list: { key: string; count: number }[]) =>
          Object.fromEntries(list.map((c) => [c.key, c.count]));
        assert.deepEqual(asMap(stats.byState), { DISABLED: 1, ENABLED: 2, EXPIRED: 1, PENDING: 1 });
        assert.deepEqual(asMap(stats.byBackend), { 'stats-local': 5 });
        assert.deepEqual(asMap(stats.byUserType), { USER: 5 });
        // Besides the one of authentication: three grouped counts, and no user rows loaded.
        assert.equal(statements.filter((q) => /group by/i.test(q)).length, 3, statements.join('\n'));
        assert.equal(statements.length, 4, statements.join('\n'));
        const gold = ok(
          await call(ListUsersDocument, { domain: 'stats', filter: { tag: { key: 'tier', value: 'gold' } } }),
        ).users;
        assert.deepEqual(
          gold.edges.map((e) => e.node.name),
          ['s1', 's2'],
        );
      });
    });

    describe('concurrency', () => {
      it('lets exactly one of 20 parallel updates with the same expectedVersion win', async () => {
        const u = await createUser({ name: 'race1' });
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            call(UpdateUserDocument, {
              name: 'race1',
              input: { displayName: `Racer ${i}` },
              expectedVersion: u.version,
            }),
          ),
        );
        const wins = results.filter((r) => !r.errors);
        const conflicts = results.filter((r) => r.errors?.[0]?.extensions.reason === 'VERSION_MISMATCH');
        assert.equal(wins.length, 1);
        assert.equal(conflicts.length, 19);
        const final = ok(await call(GetUserDocument, { name: 'race1' })).user!;
        assert.equal(final.version, u.version + 1);
        assert.equal(final.displayName, wins[0]!.data!.updateUser.displayName);
      });
    });
  });

  describe(`mail outbox on ${driver} (no SMTP configured)`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(driver);
    });
    after(async () => {
      await t?.close();
    });

    it('keeps mails in an outbox that only admins read, and its codes work', async () => {
      ok(
        await t.call(CreateUserDocument, {
          input: { name: 'out1', email: 'out1@example.org', password: PASSWORD },
        }),
      );
      assert.equal(
        ok(await t.call(SendEmailVerificationDocument, { name: 'out1' })).sendEmailVerification,
        true,
      );
      const outbox = ok(await t.call(OutboxDocument, {})).outbox;
      assert.equal(outbox.length, 1);
      assert.equal(outbox[0]!.recipient, 'out1@example.org');
      const code = codeIn(outbox[0]!.body);
      const token = ok(await t.call(LoginDocument, { name: 'out1', password: PASSWORD }, null)).login.token;
      assert.equal(failure(await t.call(OutboxDocument, {}, token)).extensions.code, 'FORBIDDEN');
      assert.equal(
        ok(await t.call(ConfirmEmailDocument, { name: 'out1', code }, null)).confirmEmail.emailVerified,
        true,
      );
    });
  });
}
