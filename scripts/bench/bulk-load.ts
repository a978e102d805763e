import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Writable } from 'node:stream';
import { generateDataset, TABLES, type Cell, type DatasetInfo, type Table } from './dataset';
import type { BenchDatabase } from './databases';

/** Bytes gathered per table before they go to PostgreSQL in one write. */
const COPY_CHUNK = 256 * 1024;
/** SQLite's limit on bound parameters per statement is 32766; stay well below it. */
const SQLITE_PARAMS = 30_000;

/** One value in COPY's text format: \N for null, backslash escapes for the separators. */
function copyText(cell: Cell): string {
  if (cell === null) return '\\N';
  if (typeof cell === 'boolean') return cell ? 't' : 'f';
  if (cell instanceof Date) return cell.toISOString();
  const text = typeof cell === 'object' ? JSON.stringify(cell.json) : String(cell);
  return text.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/** One value as idgate's ORM stores it in SQLite: booleans 0/1, dates as epoch milliseconds, JSON as text. */
function sqliteValue(cell: Cell): string | number | null {
  if (cell === null) return null;
  if (typeof cell === 'boolean') return cell ? 1 : 0;
  if (cell instanceof Date) return cell.getTime();
  if (typeof cell === 'object') return JSON.stringify(cell.json);
  return cell;
}

/**
 * Fills an idgate database (its schema made by idgate's own migrations) with the generated data:
 * PostgreSQL through one COPY stream per table, SQLite through multi-row INSERTs in one transaction.
 * Then refreshes the planner statistics, as a settled production database would have them.
 */
export async function bulkLoad(db: BenchDatabase, users: number, seed: number): Promise<DatasetInfo> {
  return db.kind === 'postgres' ? loadPostgres(db.url, users, seed) : loadSqlite(db.path, users, seed);
}

async function loadPostgres(url: string, users: number, seed: number): Promise<DatasetInfo> {
  const tables = Object.keys(TABLES) as Table[];
  const clients = new Map<Table, Client>();
  const streams = new Map<Table, Writable>();
  const done: Promise<void>[] = [];
  const buffers = new Map<Table, string[]>(tables.map((t) => [t, []]));
  const sizes = new Map<Table, number>(tables.map((t) => [t, 0]));
  try {
    for (const table of tables) {
      const client = new Client({ connectionString: url });
      await client.connect();
      clients.set(table, client);
      const stream = client.query(copyFrom(`COPY ${table} (${TABLES[table].join(', ')}) FROM STDIN`));
      streams.set(table, stream);
      done.push(
        new Promise((resolve, reject) => {
          stream.on('finish', () => resolve());
          stream.on('error', reject);
        }),
      );
    }
    const flush = (table: Table): void | Promise<void> => {
      const chunk = buffers.get(table)!.join('');
      buffers.set(table, []);
      sizes.set(table, 0);
      const stream = streams.get(table)!;
      if (!stream.write(chunk)) return new Promise((resolve) => stream.once('drain', resolve));
    };
    const info = await generateDataset(users, seed, (table, row) => {
      const line = `${row.map(copyText).join('\t')}\n`;
      buffers.get(table)!.push(line);
      const size = sizes.get(table)! + line.length;
      sizes.set(table, size);
      if (size >= COPY_CHUNK) return flush(table);
    });
    for (const table of tables) {
      await flush(table);
      streams.get(table)!.end();
    }
    await Promise.all(done);
    await clients.get('users')!.query('VACUUM ANALYZE');
    return info;
  } finally {
    await Promise.all([...clients.values()].map((c) => c.end().catch(() => undefined)));
  }
}

async function loadSqlite(path: string, users: number, seed: number): Promise<DatasetInfo> {
  const sqlite = new Database(path);
  try {
    const batches = new Map<Table, (string | number | null)[][]>();
    const statements = new Map<string, Database.Statement>();
    const insert = (table: Table, rows: (string | number | null)[][]) => {
      const key = `${table}:${rows.length}`;
      let statement = statements.get(key);
      if (!statement) {
        const one = `(${TABLES[table].map(() => '?').join(', ')})`;
        const sql = `insert into ${table} (${TABLES[table].join(', ')}) values ${rows.map(() => one).join(', ')}`;
        statement = sqlite.prepare(sql);
        statements.set(key, statement);
      }
      statement.run(rows.flat());
    };
    sqlite.exec('begin');
    const info = await generateDataset(users, seed, (table, row) => {
      const batch = batches.get(table) ?? [];
      batches.set(table, batch);
      batch.push(row.map(sqliteValue));
      if (batch.length >= Math.floor(SQLITE_PARAMS / TABLES[table].length)) {
        insert(table, batch);
        batches.set(table, []);
      }
    });
    for (const [table, batch] of batches) if (batch.length) insert(table, batch);
    sqlite.exec('commit');
    sqlite.exec('analyze');
    return info;
  } finally {
    sqlite.close();
  }
}

/**
 * Marks the sessions of the bench's known tokens as just used. Run before each scenario, so that no
 * token runs into idgate's idle timeout (one hour) in a long run; both servers then touch a session
 * once a minute at most, by the same rule.
 */
export async function refreshKnownSessions(db: BenchDatabase, tokens: string[]): Promise<void> {
  const hashes = tokens.map((t) => createHash('sha256').update(t, 'utf8').digest('hex'));
  const now = new Date();
  if (db.kind === 'postgres') {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('update sessions set last_seen_at = $1 where token_hash = any($2)', [now, hashes]);
    } finally {
      await client.end();
    }
    return;
  }
  const sqlite = new Database(db.path);
  try {
    sqlite.pragma('busy_timeout = 5000');
    const update = sqlite.prepare('update sessions set last_seen_at = ? where token_hash = ?');
    sqlite.transaction(() => hashes.forEach((h) => update.run(now.getTime(), h)))();
  } finally {
    sqlite.close();
  }
}
