import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, afterEach, describe, it } from 'node:test';
import {
  ConfirmEmailDocument,
  CreateUserDocument,
  LoginDocument,
  MySessionsDocument,
  OutboxDocument,
  ResetPasswordDocument,
  SendEmailVerificationDocument,
  UnlockUserDocument,
} from '../generated/graphql';
import { failure, gql, ok, type GqlError, type GqlResult } from '../helpers/client';
import type { Driver } from '../helpers/databases';
import { codeIn } from '../helpers/smtp';
import { startTestServer, type TestServer } from '../helpers/server';

const PASSWORD = 'limits-Pass-1';

/**
 * The SQL statement that reads a password hash, just before argon2 checks it: one per login that
 * got past the limits (the user record itself is looked up before the limits are asked).
 */
const USER_LOOKUP = /^select .* from [`"]local_credentials[`"]/i;

/** Headers that claim a client address through a proxy (believed only with trustProxy). */
export function from(address: string | undefined): Record<string, string> {
  return address ? { 'x-forwarded-for': address } : {};
}

/** A password login over HTTP, optionally claiming a client address. */
export function login(
  t: TestServer,
  name: string,
  password: string,
  address?: string,
): Promise<GqlResult<{ login: { token: string } }>> {
  return gql(t.url, LoginDocument, { name, password }, null, from(address));
}

/** The error code of a result (or "OK"). */
export function codeOf(result: GqlResult<unknown>): string {
  return result.errors?.length ? result.errors[0]!.extensions.code : 'OK';
}

/** The seconds a RATE_LIMITED answer asks to wait; fails unless the answer is RATE_LIMITED. */
export function retryAfter(result: GqlResult<unknown>): number {
  const error: GqlError = failure(result);
  assert.equal(error.extensions.code, 'RATE_LIMITED', JSON.stringify(error));
  const seconds = error.extensions.retryAfterSeconds;
  assert.ok(Number.isInteger(seconds) && (seconds as number) >= 1, `retryAfterSeconds: ${String(seconds)}`);
  return seconds as number;
}

/**
 * 200 logins at once for 200 different unknown names from one address: most are refused with
 * RATE_LIMITED, and a refused login never reaches the user lookup that precedes the password check.
 * `targets` spreads the logins over one or more servers (replicas sharing one store).
 */
export async function burstOfUnknownNames(targets: TestServer[], tag: string) {
  const results: GqlResult<unknown>[] = [];
  const lookups: number[] = [];
  const run = () =>
    Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        login(targets[i % targets.length]!, `ghost-${tag}-${i}`, 'not-the-password'),
      ),
    );
  // Count statements on every server at once: nest countQueries so each one sees the whole burst.
  const counted = async (index: number): Promise<GqlResult<unknown>[]> => {
    if (index === targets.length) return run();
    const { result, statements } = await targets[index]!.countQueries(() => counted(index + 1));
    lookups[index] = statements.filter((s) => USER_LOOKUP.test(s)).length;
    return result;
  };
  results.push(...(await counted(0)));
  const codes = results.map(codeOf);
  const unauthenticated = codes.filter((c) => c === 'UNAUTHENTICATED').length;
  const limited = results.filter((r) => codeOf(r) === 'RATE_LIMITED');
  assert.equal(unauthenticated + limited.length, 200, `unexpected codes: ${[...new Set(codes)].join(', ')}`);
  for (const r of limited) retryAfter(r);
  const totalLookups = lookups.reduce((a, b) => a + b, 0);
  return {
    unauthenticated,
    limited: limited.length,
    lookups: totalLookups,
    statuses: results.map((r) => r.status),
  };
}

/** Every rate-limit behaviour over HTTP against one database kind. */
export function defineRateLimitSuite(driver: Driver): void {
  describe(`rate limits on ${driver}`, () => {
    let t: TestServer | undefined;
    afterEach(async () => {
      await t?.close();
      t = undefined;
    });
    after(async () => {
      await t?.close();
    });

    const start = async (config: object) => {
      t = await startTestServer(driver, config);
      return t;
    };
    const createUser = async (s: TestServer, name: string, email?: string) =>
      ok(await s.call(CreateUserDocument, { input: { name, password: PASSWORD, email } })).createUser;

    it('refuses most of 200 parallel logins for 200 unknown names from one address, before any password check', async () => {
      const s = await start({ rateLimits: {} });
      const burst = await burstOfUnknownNames([s], 'one');
      // Defaults: 10 failed logins per address and minute (the admin's own login was a success).
      assert.ok(burst.unauthenticated >= 1 && burst.unauthenticated <= 10, JSON.stringify(burst));
      assert.ok(burst.limited >= 190, JSON.stringify(burst));
      // Each login that passed looked its name up once (then checked a password); the refused ones
      // never got that far.
      assert.equal(burst.lookups, burst.unauthenticated);
      assert.ok(burst.statuses.every((status) => status === 200));
      // A known user with the right password is refused too while the address is blocked.
      await createUser(s, 'known');
      assert.ok(retryAfter(await login(s, 'known', PASSWORD)) <= 60);
    });

    it('limits failed logins per account across addresses (trustProxy), case-insensitively', async () => {
      const s = await start({
        http: { trustProxy: ['127.0.0.1'] },
        rateLimits: { login: { failuresPerAccount: { limit: 3 } } },
      });
      await createUser(s, 'ann');
      await createUser(s, 'bob');
      for (const [i, name] of ['ann', 'Ann', 'ANN'].entries()) {
        assert.equal(codeOf(await login(s, name, 'wrong-password', `10.1.0.${i + 1}`)), 'UNAUTHENTICATED');
      }
      // A fourth address, and then the right password: the account is blocked for 15 minutes.
      assert.equal(retryAfter(await login(s, 'ann', 'wrong-password', '10.1.0.4')), 900);
      assert.ok(retryAfter(await login(s, 'aNn', PASSWORD, '10.1.0.5')) <= 900);
      // Other accounts are not touched, from the same addresses.
      const bob = ok(await login(s, 'bob', PASSWORD, '10.1.0.4')).login.token;
      // The session records the address the proxy named.
      const sessions = ok(await s.call(MySessionsDocument, {}, bob)).me.sessions;
      assert.deepEqual(
        sessions.map((x) => x.ipAddress),
        ['10.1.0.4'],
      );
    });

    it('ignores a forged X-Forwarded-For unless the peer is a trusted proxy', async () => {
      for (const http of [undefined, { trustProxy: false }, { trustProxy: ['10.9.9.9', '192.168.0.0/16'] }]) {
        const s = await start({
          ...(http ? { http } : {}),
          rateLimits: { login: { failuresPerAddress: { limit: 3 }, failuresPerAccount: false } },
        });
        for (let i = 1; i <= 3; i++) {
          assert.equal(
            codeOf(await login(s, `nobody-${i}`, 'wrong-password', `10.2.0.${i}`)),
            'UNAUTHENTICATED',
          );
        }
        // Every claimed address was ignored: the three failures counted for 127.0.0.1.
        assert.equal(retryAfter(await login(s, 'nobody-4', 'wrong-password', '10.2.0.4')), 60);
        const sessions = ok(await s.call(MySessionsDocument, {})).me.sessions;
        assert.ok(
          sessions.every((x) => x.ipAddress === '127.0.0.1'),
          JSON.stringify(sessions),
        );
        await s.close();
        t = undefined;
      }
    });

    it('blocks an address for longer each time it goes over the limit (backoff), up to the maximum', async () => {
      const s = await start({
        rateLimits: {
          login: {
            attemptsPerAddress: false,
            failuresPerAccount: false,
            failuresPerAddress: { limit: 2, windowSeconds: 60, blockSeconds: 1, maxBlockSeconds: 2 },
          },
        },
      });
      const round = async (expectedBlock: number) => {
        for (let i = 0; i < 2; i++) {
          assert.equal(codeOf(await login(s, `guess-${i}`, 'wrong-password')), 'UNAUTHENTICATED');
        }
        assert.equal(retryAfter(await login(s, 'guess-x', 'wrong-password')), expectedBlock);
        // Still blocked right after, whatever the name.
        assert.ok(retryAfter(await login(s, 'admin', 'wrong-password')) <= expectedBlock);
        await sleep(expectedBlock * 1000 + 200);
      };
      await round(1);
      await round(2);
      await round(2); // capped at maxBlockSeconds
      // After the block, the address may log in again.
      assert.equal(codeOf(await login(s, 'admin', 'admin-Password-1')), 'OK');
    });

    it('a success starts the account over, but does not wipe the failures of its address', async () => {
      const s = await start({
        rateLimits: {
          login: { attemptsPerAddress: false, failuresPerAddress: false, failuresPerAccount: { limit: 3 } },
        },
      });
      await createUser(s, 'cyd');
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 2; i++) {
          assert.equal(codeOf(await login(s, 'cyd', 'wrong-password')), 'UNAUTHENTICATED');
        }
        assert.equal(codeOf(await login(s, 'cyd', PASSWORD)), 'OK');
      }
      // Without the reset the fourth failure would already be refused.
      for (let i = 0; i < 3; i++) {
        assert.equal(codeOf(await login(s, 'cyd', 'wrong-password')), 'UNAUTHENTICATED');
      }
      assert.equal(retryAfter(await login(s, 'cyd', PASSWORD)), 900);
      await s.close();

      // An attacker who owns an account cannot clear its address's failures by logging into it.
      const s2 = await start({
        rateLimits: {
          login: { attemptsPerAddress: false, failuresPerAccount: false, failuresPerAddress: { limit: 4 } },
        },
      });
      await createUser(s2, 'own');
      for (let i = 0; i < 3; i++) {
        assert.equal(codeOf(await login(s2, 'victim', `guess-${i}`)), 'UNAUTHENTICATED');
      }
      assert.equal(codeOf(await login(s2, 'own', PASSWORD)), 'OK');
      assert.equal(codeOf(await login(s2, 'victim', 'guess-3')), 'UNAUTHENTICATED');
      assert.equal(retryAfter(await login(s2, 'victim', 'guess-4')), 60);
    });

    it('an admin unlocking a user also lifts its login block', async () => {
      const s = await start({
        rateLimits: { login: { failuresPerAddress: false, failuresPerAccount: { limit: 2 } } },
      });
      await createUser(s, 'dot');
      await login(s, 'dot', 'wrong-password');
      await login(s, 'dot', 'wrong-password');
      retryAfter(await login(s, 'dot', PASSWORD));
      ok(await s.call(UnlockUserDocument, { name: 'dot' }));
      assert.equal(codeOf(await login(s, 'dot', PASSWORD)), 'OK');
    });

    it('limits guessing of email codes per address and per account, even for the right code', async () => {
      const s = await start({
        http: { trustProxy: ['127.0.0.1'] },
        emailVerification: { maxAttempts: 100 },
        rateLimits: {
          confirmEmail: { failuresPerAddress: { limit: 3 }, failuresPerAccount: { limit: 5 } },
        },
      });
      await createUser(s, 'cem', 'cem@example.org');
      assert.equal(
        ok(await s.call(SendEmailVerificationDocument, { name: 'cem' })).sendEmailVerification,
        true,
      );
      const code = codeIn(ok(await s.call(OutboxDocument, {})).outbox[0]!.body);
      const wrong = code === '000000' ? '000001' : '000000';
      const confirm = (c: string, address: string) =>
        gql(s.url, ConfirmEmailDocument, { name: 'cem', code: c }, null, from(address));
      for (let i = 0; i < 3; i++) assert.equal(codeOf(await confirm(wrong, '10.3.0.1')), 'BAD_USER_INPUT');
      // The address is spent: even the right code is refused there, before it is looked at.
      assert.equal(retryAfter(await confirm(code, '10.3.0.1')), 600);
      // Two more wrong codes from another address reach the account's limit of 5.
      for (let i = 0; i < 2; i++) assert.equal(codeOf(await confirm(wrong, '10.3.0.2')), 'BAD_USER_INPUT');
      assert.equal(retryAfter(await confirm(code, '10.3.0.3')), 3600);
      // Unknown names are limited the same way (nothing tells whether the account exists).
      const ghost = (address: string) =>
        gql(s.url, ConfirmEmailDocument, { name: 'ghost', code: wrong }, null, from(address));
      for (let i = 0; i < 2; i++) assert.equal(codeOf(await ghost('10.3.1.1')), 'BAD_USER_INPUT');
      // A right code under the limits works.
      await createUser(s, 'cem2', 'cem2@example.org');
      ok(await s.call(SendEmailVerificationDocument, { name: 'cem2' }));
      const outbox = ok(await s.call(OutboxDocument, {})).outbox;
      const code2 = codeIn(outbox.find((m) => m.recipient === 'cem2@example.org')!.body);
      const confirmed = ok(
        await gql(s.url, ConfirmEmailDocument, { name: 'cem2', code: code2 }, null, from('10.3.2.1')),
      );
      assert.equal(confirmed.confirmEmail.emailVerified, true);
    });

    it('limits password resets and verification mails per target account and per caller address', async () => {
      const s = await start({
        http: { trustProxy: ['127.0.0.1'] },
        emailVerification: { resendIntervalSeconds: 0 },
        rateLimits: {
          resetPassword: { attemptsPerAccount: { limit: 2 }, attemptsPerAddress: { limit: 3 } },
          sendEmailVerification: { attemptsPerAccount: { limit: 2 }, attemptsPerAddress: { limit: 3 } },
        },
      });
      for (const name of ['r1', 'r2', 'r3']) await createUser(s, name, `${name}@example.org`);
      const reset = (name: string, address: string) =>
        gql(s.url, ResetPasswordDocument, { name }, s.adminToken, from(address));
      const mail = (name: string, address: string) =>
        gql(s.url, SendEmailVerificationDocument, { name, force: true }, s.adminToken, from(address));

      assert.equal(codeOf(await reset('r1', '10.4.0.1')), 'OK');
      assert.equal(codeOf(await reset('r1', '10.4.0.1')), 'OK');
      assert.ok(retryAfter(await reset('r1', '10.4.0.2')) <= 3600); // the account, from anywhere
      assert.equal(codeOf(await reset('r2', '10.4.0.1')), 'OK');
      assert.ok(retryAfter(await reset('r3', '10.4.0.1')) <= 600); // the caller's address
      assert.equal(codeOf(await reset('r3', '10.4.0.2')), 'OK');

      assert.equal(codeOf(await mail('r1', '10.4.1.1')), 'OK');
      assert.equal(codeOf(await mail('r1', '10.4.1.1')), 'OK');
      assert.ok(retryAfter(await mail('r1', '10.4.1.2')) <= 3600);
      assert.equal(codeOf(await mail('r2', '10.4.1.1')), 'OK');
      assert.ok(retryAfter(await mail('r3', '10.4.1.1')) <= 600);
      assert.equal(codeOf(await mail('r3', '10.4.1.2')), 'OK');
      // Calls that are not allowed at all are not counted: a user may not reset others.
      await createUser(s, 'plain');
      const plain = ok(await login(s, 'plain', PASSWORD, '10.4.2.1')).login.token;
      for (let i = 0; i < 5; i++) {
        const refused = await gql(s.url, ResetPasswordDocument, { name: 'r3' }, plain, from('10.4.2.1'));
        assert.equal(codeOf(refused), 'FORBIDDEN');
      }
      assert.equal(codeOf(await reset('r3', '10.4.2.1')), 'OK');
    });

    it('turns every limit off with rateLimits.enabled: false', async () => {
      const s = await start({ rateLimits: { enabled: false } });
      const codes = await Promise.all(
        Array.from({ length: 40 }, (_, i) => login(s, `free-${i}`, 'wrong-password').then(codeOf)),
      );
      assert.deepEqual(new Set(codes), new Set(['UNAUTHENTICATED']));
    });
  });
}
