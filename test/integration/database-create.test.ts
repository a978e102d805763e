import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { Client } from 'pg';
import { openDatabase } from '../../src/db/orm';
import { PG_ADMIN_URL, pgAdmin } from '../helpers/databases';

describe('a PostgreSQL database that does not exist yet', () => {
  it('is created at start, then migrated', async () => {
    const name = `idgate_create_${randomBytes(5).toString('hex')}`;
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    try {
      const db = await openDatabase({ kind: 'postgresql', location: url.toString() });
      await db.orm.close(true);
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      try {
        const { rows } = await client.query(
          "select count(*)::int as n from information_schema.tables where table_name = 'users'",
        );
        assert.equal(rows[0].n, 1);
      } finally {
        await client.end();
      }
    } finally {
      await pgAdmin(`drop database if exists ${name} with (force)`);
    }
  });
});
