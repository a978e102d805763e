import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { onCleanup } from './cleanup';

/** The databases idgate runs on. */
export type DbKind = 'postgres' | 'sqlite';

/** A database made for one bench run, dropped at its end. */
export type BenchDatabase =
  | { kind: 'postgres'; name: string; url: string; drop(): Promise<void> }
  | { kind: 'sqlite'; path: string; url: string; drop(): Promise<void> };

/**
 * The PostgreSQL server the bench creates its databases in (a maintenance database on it): from
 * IDGATE_BENCH_PG_URL, else the tests' IDGATE_TEST_PG_URL, else the local server.
 */
export const PG_ADMIN_URL =
  process.env.IDGATE_BENCH_PG_URL ??
  process.env.IDGATE_TEST_PG_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, empty database: `idgate_bench_<random>` on PostgreSQL, or a file in a new temp directory
 * for SQLite. Its drop is registered for cleanup at once, so Ctrl-C at any later point removes it.
 */
export async function freshDatabase(kind: DbKind, label = ''): Promise<BenchDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'idgate-bench-'));
    const path = join(dir, `idgate${label ? `-${label}` : ''}.db`);
    const drop = onCleanup(`remove ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
    return { kind, path, url: `sqlite:${path}`, drop };
  }
  const name = `idgate_bench_${randomBytes(5).toString('hex')}${label ? `_${label}` : ''}`;
  await admin(`create database ${name}`);
  const drop = onCleanup(`drop database ${name}`, () =>
    admin(`drop database if exists ${name} with (force)`),
  );
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return { kind, name, url: url.toString(), drop };
}
