import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateUserDocument, LoginDocument } from '../generated/graphql';
import { ok } from '../helpers/client';
import { freshDatabase, type TestDatabase } from '../helpers/databases';
import { startTestServer, type TestServer } from '../helpers/server';

const PASSWORD = 'a-long-Password-7';

/** The stored hash of a user, read straight from the server's database. */
async function storedHash(t: TestServer, name: string): Promise<string> {
  const rows: { h: string }[] = await t.server.db.orm.em
    .getConnection()
    .execute(
      'select c.password_hash as h from local_credentials c join users u on u.id = c.user_id where u.name = ?',
      [name],
    );
  return rows[0]!.h;
}

describe('password hashes: argon2id at the configured cost, upgraded at login', () => {
  let database: TestDatabase;

  before(async () => {
    database = await freshDatabase('sqlite');
  });
  after(async () => {
    await database?.drop();
  });

  it('hashes at OWASP minimum by default and rehashes at the next login when the cost grows', async () => {
    const first = await startTestServer('sqlite', undefined, { databaseUrl: database.url });
    ok(await first.call(CreateUserDocument, { input: { name: 'kim', password: PASSWORD } }));
    assert.match(await storedHash(first, 'kim'), /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await first.close();

    const stronger = {
      domains: [
        {
          name: 'default',
          backends: [{ id: 'local', kind: 'local', hashing: { memoryKiB: 32768, timeCost: 3 } }],
        },
      ],
    };
    const second = await startTestServer('sqlite', stronger, { databaseUrl: database.url });
    try {
      ok(await second.call(LoginDocument, { name: 'kim', password: PASSWORD }, null));
      assert.match(await storedHash(second, 'kim'), /^\$argon2id\$v=19\$m=32768,t=3,p=1\$/);
      // The new hash works, and a wrong password still fails against it.
      ok(await second.call(LoginDocument, { name: 'kim', password: PASSWORD }, null));
      assert.ok(
        (await second.call(LoginDocument, { name: 'kim', password: 'not-the-Password-1' }, null)).errors,
      );
    } finally {
      await second.close();
    }
  });

  it('refuses a configured cost below the OWASP minimum at start', async () => {
    const weak = {
      domains: [
        { name: 'default', backends: [{ id: 'local', kind: 'local', hashing: { memoryKiB: 4096 } }] },
      ],
    };
    await assert.rejects(
      startTestServer('sqlite', weak, { databaseUrl: database.url }),
      /hashing\.memoryKiB/,
    );
  });
});
