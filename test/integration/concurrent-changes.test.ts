import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateGroupDocument,
  CreateUserDocument,
  GetUserDocument,
  SetUserGroupsDocument,
  UpdateUserDocument,
} from '../generated/graphql';
import { ok } from '../helpers/client';
import type { Driver } from '../helpers/databases';
import { DRIVERS, startTestServer, type TestServer } from '../helpers/server';

/**
 * Found by the soak (npm run soak on PostgreSQL): concurrent changes to ONE user must queue on its
 * row lock. When the lock was silently skipped on PostgreSQL, parallel updateUser calls that replace
 * tags broke the tags' primary key (answered CONFLICT NAME_TAKEN) and moved the version under each
 * other (VERSION_MISMATCH for callers that passed no expectedVersion).
 */
function defineCases(driver: Driver) {
  describe(`concurrent changes to one user (${driver})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(driver);
    });
    after(async () => {
      await t?.close();
    });

    it('60 parallel tag replacements and group changes of one user without expectedVersion all succeed', async () => {
      ok(await t.call(CreateUserDocument, { input: { name: 'busy', password: 'busy-Pass-4821' } }));
      ok(await t.call(CreateGroupDocument, { name: 'busy-group' }));
      const before = ok(await t.call(GetUserDocument, { name: 'busy' })).user!;
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          i % 3 === 2
            ? t.call(SetUserGroupsDocument, {
                name: 'busy',
                input: i % 2 ? { add: ['busy-group'] } : { remove: ['busy-group'] },
              })
            : t.call(UpdateUserDocument, { name: 'busy', input: { tags: [{ key: 'n', value: String(i) }] } }),
        ),
      );
      const failures = results.filter((r) => r.errors).map((r) => r.errors![0]!.extensions);
      assert.deepEqual(failures, []);
      const after = ok(await t.call(GetUserDocument, { name: 'busy' })).user!;
      // Each change counted once, one after the other, and the user has exactly one tag.
      assert.equal(after.version, before.version + 60);
      assert.equal(after.tags.length, 1);
    });

    it('stores a valid name whose comparison form is longer than the name (up to 255 characters)', async () => {
      // U+FDFA is one letter whose NFKC form is 18 characters: 14 of them make a key of 252.
      const name = 'ﷺ'.repeat(14);
      ok(await t.call(CreateUserDocument, { input: { name, password: 'long-Key-Pass-9' } }));
      assert.equal(ok(await t.call(GetUserDocument, { name })).user?.name, name);
    });
  });
}

for (const driver of DRIVERS) defineCases(driver);
