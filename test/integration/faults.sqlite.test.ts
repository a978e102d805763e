import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LoginDocument, MeDocument, UpdateMyProfileDocument } from '../generated/graphql';
import { DEFAULT_DATABASE_TIMEOUTS, openDatabase, parseDatabaseUrl } from '../../src/db/orm';
import { gql, ok } from '../helpers/client';
import { ADMIN_PASSWORD } from '../helpers/server';
import {
  assertFollowsStatusRule,
  readyz,
  startFaultServer,
  timedCall,
  type FaultServer,
} from './faults.shared';

/** A second connection to the same file, as another process (a backup, a second writer) would hold. */
async function otherConnection(url: string, busyTimeoutMs: number) {
  const db = await openDatabase(parseDatabaseUrl(url)!, {
    ...DEFAULT_DATABASE_TIMEOUTS,
    sqliteBusyTimeoutMs: busyTimeoutMs,
  });
  const conn = db.orm.em.getConnection();
  return {
    exec: (sql: string) => conn.execute(sql),
    close: () => db.orm.close(true),
  };
}

describe('faults on SQLite', () => {
  describe('another process holds the write lock', () => {
    const BUSY_MS = 500;
    let t: FaultServer;
    let other: Awaited<ReturnType<typeof otherConnection>>;
    before(async () => {
      t = await startFaultServer('sqlite', { database: { sqliteBusyTimeoutMs: BUSY_MS } });
      other = await otherConnection(t.database.url, 0);
    });
    after(async () => {
      await other?.close();
      await t?.close();
    });

    it('uses the configured busy timeout on its connection', async () => {
      const rows = (await t.server.db.orm.em.getConnection().execute('pragma busy_timeout')) as Record<
        string,
        number
      >[];
      assert.equal(Object.values(rows[0]!)[0], BUSY_MS);
    });

    it('writes wait the busy timeout, then answer BACKEND_UNAVAILABLE (not INTERNAL_SERVER_ERROR); reads go on; all is well once the lock goes', async () => {
      await other.exec('begin immediate'); // the write lock, held as a backup or a second writer would
      try {
        const update = await timedCall(
          t.url,
          UpdateMyProfileDocument,
          { input: { fullName: 'Busy' } },
          t.adminToken,
        );
        assertFollowsStatusRule(update, JSON.stringify(update));
        assert.equal(update.status, 200);
        assert.equal(update.errors[0]!.extensions.code, 'BACKEND_UNAVAILABLE');
        assert.equal(update.errors[0]!.extensions.backend, 'database');
        assert.ok(update.ms >= BUSY_MS - 50 && update.ms < 5000, `${update.ms} ms`);

        const login = await timedCall(
          t.url,
          LoginDocument,
          { name: 'admin', password: ADMIN_PASSWORD },
          null,
        );
        assertFollowsStatusRule(login, JSON.stringify(login));
        assert.equal(login.errors[0]!.extensions.code, 'BACKEND_UNAVAILABLE');

        // WAL: readers are not blocked by the writer.
        assert.equal(ok(await gql(t.url, MeDocument, {}, t.adminToken)).me!.name, 'admin');
        assert.equal((await readyz(t.url)).status, 200);
      } finally {
        await other.exec('rollback');
      }
      const me = ok(await gql(t.url, UpdateMyProfileDocument, { input: { fullName: 'Free' } }, t.adminToken));
      assert.equal(me.updateMyProfile.profile.fullName, 'Free');
      ok(await gql(t.url, LoginDocument, { name: 'admin', password: ADMIN_PASSWORD }));
    });
  });
});
