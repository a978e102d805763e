import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export type Driver = 'sqlite' | 'postgres';

/** The machine's PostgreSQL; tests create and drop their own databases in it. */
export const PG_ADMIN_URL = process.env.IDGATE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database: a temp SQLite file, or a new PostgreSQL database. */
export async function freshDatabase(driver: Driver): Promise<TestDatabase> {
  if (driver === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'idgate-test-'));
    return {
      url: `sqlite:${join(dir, 'idgate.db')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `idgate_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const base = new URL(PG_ADMIN_URL);
  base.pathname = `/${name}`;
  return {
    url: base.toString(),
    drop: async () => {
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

/** Runs SQL as the admin connection against one test database (PostgreSQL only). */
export async function pgAdmin(sql: string): Promise<void> {
  await adminQuery(sql);
}
