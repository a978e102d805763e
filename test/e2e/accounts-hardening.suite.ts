import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import argon2 from 'argon2';
import {
  CreateGroupDocument,
  CreateUserDocument,
  GetGroupDocument,
  GetUserDocument,
  LoginDocument,
  MeDocument,
  SetUserGroupsDocument,
  UpdateUserDocument,
} from '../generated/graphql';
import { failure, ok, type GqlResult } from '../helpers/client';
import type { Driver } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';

const PASSWORD = 'a-long-Password-7';

/** Codes of every error in a batch of answers, with INTERNAL_SERVER_ERROR never among them. */
function codesOf(results: GqlResult<unknown>[]): string[] {
  const codes = results.flatMap((r) => (r.errors ?? []).map((e) => e.extensions.code));
  assert.ok(!codes.includes('INTERNAL_SERVER_ERROR'), JSON.stringify(results.find((r) => r.errors)));
  return codes;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Accounts under concurrency and hostile input, over HTTP against a real server: bookkeeping never
 * makes a change fail, names that look alike are one name, passwords are bounded before hashing,
 * and a wrong password cannot be told from an unknown user by its answer or its timing.
 */
export function defineAccountsHardeningSuite(driver: Driver): void {
  describe(`accounts hardening on ${driver}`, () => {
    let t: TestServer;

    before(async () => {
      t = await startTestServer(driver);
      ok(await t.call(CreateUserDocument, { input: { name: 'pat', password: PASSWORD } }));
    });
    after(async () => {
      await t?.close();
    });

    it('logs one user in 20 times in parallel: every login succeeds', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, () => t.call(LoginDocument, { name: 'pat', password: PASSWORD }, null)),
      );
      assert.deepEqual(codesOf(results), []);
      assert.equal(new Set(results.map((r) => r.data?.login.token)).size, 20);
      // Logins are bookkeeping: the user's version did not move.
      const pat = ok(await t.call(GetUserDocument, { name: 'pat' })).user!;
      assert.equal(pat.version, 1);
    });

    it('applies 50 parallel group changes without expectedVersion: all succeed, counts agree', async () => {
      for (const g of ['red', 'blue']) ok(await t.call(CreateGroupDocument, { name: g }));
      const names = Array.from({ length: 10 }, (_, i) => `crowd${i}`);
      for (const name of names) ok(await t.call(CreateUserDocument, { input: { name, password: PASSWORD } }));
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          t.call(SetUserGroupsDocument, {
            name: names[i % names.length]!,
            input: i % 3 === 2 ? { remove: ['red'] } : { add: [i % 2 ? 'red' : 'blue'] },
          }),
        ),
      );
      assert.deepEqual(codesOf(results), []);
      for (const g of ['red', 'blue']) {
        const group = ok(await t.call(GetGroupDocument, { name: g, first: 100 })).group!;
        assert.equal(group.memberCount, group.members.edges.length);
        assert.equal(group.members.totalCount, group.members.edges.length);
      }
      // Only a caller that names a version can be told the record moved on.
      const crowd0 = ok(await t.call(GetUserDocument, { name: 'crowd0' })).user!;
      const stale = failure(
        await t.call(UpdateUserDocument, {
          name: 'crowd0',
          input: { displayName: 'Zero' },
          expectedVersion: crowd0.version - 1,
        }),
      );
      assert.equal(stale.extensions.reason, 'VERSION_MISMATCH');
    });

    it('creates one of 10 parallel users of one name: 1 success, 9 CONFLICT NAME_TAKEN', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          t.call(CreateUserDocument, { input: { name: 'twin', password: PASSWORD } }),
        ),
      );
      const codes = codesOf(results);
      assert.equal(results.filter((r) => r.data?.createUser).length, 1);
      assert.deepEqual(
        codes,
        Array.from({ length: 9 }, () => 'CONFLICT'),
      );
      assert.ok(results.every((r) => !r.errors || r.errors[0]!.extensions.reason === 'NAME_TAKEN'));
    });

    it('treats names that look alike after NFKC and case folding as one name', async () => {
      for (const lookalike of ['ａｄｍｉｎ', 'ADMIN', 'Ａdmin']) {
        const error = failure(
          await t.call(CreateUserDocument, { input: { name: lookalike, password: PASSWORD } }),
        );
        assert.equal(error.extensions.code, 'CONFLICT', lookalike);
        assert.equal(error.extensions.reason, 'NAME_TAKEN', lookalike);
      }
      ok(await t.call(CreateUserDocument, { input: { name: 'straße', password: PASSWORD } }));
      assert.equal(
        failure(await t.call(CreateUserDocument, { input: { name: 'STRASSE', password: PASSWORD } }))
          .extensions.reason,
        'NAME_TAKEN',
      );
      // The same folding finds the user at login.
      const login = ok(await t.call(LoginDocument, { name: 'ＰＡＴ', password: PASSWORD }, null)).login;
      assert.equal(ok(await t.call(MeDocument, undefined, login.token)).me.name, 'pat');
    });

    it('refuses passwords over 1,024 bytes before hashing them, at login and at creation', async () => {
      const long = 'ä'.repeat(600); // 1,200 bytes
      const atLogin = await t.countQueries(() =>
        t.call(LoginDocument, { name: 'pat', password: long }, null),
      );
      const error = failure(atLogin.result);
      assert.equal(error.extensions.code, 'BAD_USER_INPUT');
      assert.match(error.message, /1024 bytes/);
      assert.equal(atLogin.count, 0, 'refused before any lookup');
      const created = failure(
        await t.call(CreateUserDocument, { input: { name: 'verbose', password: long } }),
      );
      assert.equal(created.extensions.code, 'BAD_USER_INPUT');
    });

    it('answers an unknown user and a wrong password alike, in time as in words', async () => {
      // One password hash at the server's cost, timed here next to every pair of logins, so that it
      // is measured under the same load as they are.
      const hash = await argon2.hash('x', {
        type: argon2.argon2id,
        memoryCost: 19456,
        timeCost: 2,
        parallelism: 1,
      });
      const samples = { unknown: [] as number[], wrong: [] as number[], hash: [] as number[] };
      const answers = new Set<string>();
      for (let i = 0; i < 200; i++) {
        for (const kind of i % 2 ? (['unknown', 'wrong'] as const) : (['wrong', 'unknown'] as const)) {
          const name = kind === 'unknown' ? `nobody-${i}` : 'pat';
          const started = performance.now();
          const res = await t.call(LoginDocument, { name, password: `wrong-Password-${i}` }, null);
          samples[kind].push(performance.now() - started);
          const e = failure(res);
          answers.add(JSON.stringify([res.status, e.extensions.code, e.message]));
        }
        const started = performance.now();
        await argon2.verify(hash, 'y');
        samples.hash.push(performance.now() - started);
      }
      assert.equal(answers.size, 1, [...answers].join('\n'));
      const difference = Math.abs(median(samples.unknown) - median(samples.wrong));
      assert.ok(
        difference < 0.1 * median(samples.hash),
        `medians ${median(samples.unknown).toFixed(2)} vs ${median(samples.wrong).toFixed(2)} ms; one hash ${median(samples.hash).toFixed(2)} ms`,
      );
      // The wrong passwords counted (and locked pat); the unknown names left no trace.
      const pat = ok(await t.call(GetUserDocument, { name: 'pat' })).user!;
      assert.equal(pat.state, 'LOCKED');
    });
  });
}
