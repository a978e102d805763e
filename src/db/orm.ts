import { MikroORM, type Options } from '@mikro-orm/core';
import { DefaultLogger, type LoggerNamespace, type LogContext } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { ENTITIES } from './entities';
import { Migration20261123000000Initial } from './migrations/initial.migration';
import { Migration20261123010000Lifecycle } from './migrations/lifecycle.migration';
import { Migration20261123020000Directory } from './migrations/directory.migration';
import { Migration20261124050000Sso } from './migrations/sso.migration';
import { Migration20261125000000RateLimits } from './migrations/rate-limits.migration';
import { Migration20261202000000Names } from './migrations/names.migration';
import { Migration20261202100000Search } from './migrations/search.migration';
import { Migration20261203000000Audit } from './migrations/audit.migration';

/** Every migration, in order. Listed here (not globbed) so the compiled server finds them anywhere. */
export const MIGRATIONS = [
  { name: 'Migration20261123000000Initial', class: Migration20261123000000Initial },
  { name: 'Migration20261123010000Lifecycle', class: Migration20261123010000Lifecycle },
  { name: 'Migration20261123020000Directory', class: Migration20261123020000Directory },
  { name: 'Migration20261124050000Sso', class: Migration20261124050000Sso },
  { name: 'Migration20261125000000RateLimits', class: Migration20261125000000RateLimits },
  { name: 'Migration20261202000000Names', class: Migration20261202000000Names },
  { name: 'Migration20261202100000Search', class: Migration20261202100000Search },
  { name: 'Migration20261203000000Audit', class: Migration20261203000000Audit },
];

export type DatabaseKind = 'sqlite' | 'postgresql';

export interface DatabaseTarget {
  kind: DatabaseKind;
  /** File path for SQLite; the connection URL for PostgreSQL. */
  location: string;
}

/** Parses DATABASE_URL: `sqlite:<path>` or `postgres://user:pass@host:port/db`. */
export function parseDatabaseUrl(url: string): DatabaseTarget | null {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    return path ? { kind: 'sqlite', location: path } : null;
  }
  if (/^postgres(ql)?:\/\/[^/]+\/[^/?]+/.test(url)) return { kind: 'postgresql', location: url };
  return null;
}

/** Receives every SQL statement the ORM runs; tests count statements with it. */
export type QueryListener = (sql: string) => void;

class ListeningLogger extends DefaultLogger {
  constructor(
    options: ConstructorParameters<typeof DefaultLogger>[0],
    private readonly listeners: Set<QueryListener>,
  ) {
    super(options);
  }

  override log(namespace: LoggerNamespace, message: string, context?: LogContext): void {
    if (namespace === 'query' && context?.query !== undefined) {
      for (const listener of this.listeners) listener(context.query);
    }
  }

  /** Tells the listeners of a statement, without formatting a message nobody prints. */
  override logQuery(context: LogContext & { query: string }): void {
    for (const listener of this.listeners) listener(context.query);
  }
}

/**
 * Bounded waits on the database (config file section `database:`; see docs/operations.md,
 * "Timeouts"). With these, a database that stops answering costs a request a few seconds and a
 * BACKEND_UNAVAILABLE, never a hang.
 */
export interface DatabaseTimeouts {
  /** PostgreSQL: opening a connection (TCP and login) gives up after this long. */
  connectTimeoutMs: number;
  /**
   * PostgreSQL: the server cancels a statement running longer (`statement_timeout`, SQLSTATE 57014).
   * idgate itself stops waiting for an answer STATEMENT_GRACE_MS later and drops the connection:
   * that covers a server that is not there to cancel anything.
   */
  statementTimeoutMs: number;
  /** PostgreSQL: a request waits at most this long for a connection of the pool. */
  acquireTimeoutMs: number;
  /** PostgreSQL: the server ends a session left idle inside a transaction for longer (`idle_in_transaction_session_timeout`). */
  idleInTransactionTimeoutMs: number;
  /** PostgreSQL: connections in the pool at most. */
  poolSize: number;
  /** SQLite: a write waits at most this long for another process's lock (`busy_timeout`), blocking idgate meanwhile. */
  sqliteBusyTimeoutMs: number;
}

/** The defaults of `database:` in the config file. */
export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = {
  connectTimeoutMs: 2000,
  statementTimeoutMs: 3000,
  acquireTimeoutMs: 2000,
  idleInTransactionTimeoutMs: 10_000,
  poolSize: 10,
  sqliteBusyTimeoutMs: 2000,
};

/** How much longer than the statement timeout idgate waits for PostgreSQL's answer before dropping the connection. */
export const STATEMENT_GRACE_MS = 500;

/** TCP keep-alive probes on idle PostgreSQL connections start after this long (finds dead peers behind NAT). */
const KEEPALIVE_DELAY_MS = 10_000;

/** The pieces of a pg client this file touches (pg's own types would tie this file to pg's internals). */
interface PgClientLike {
  query: (...args: unknown[]) => unknown;
  /** pg's socket wrapper; `stream` is the socket (an internal of pg, used the way pg itself uses it). */
  connection?: { stream?: { destroy(): void } };
}

/** pg's error for a query whose answer did not come within `query_timeout`. */
const isReadTimeout = (error: unknown) => error instanceof Error && error.message === 'Query read timeout';

/**
 * After pg's client-side `query_timeout` the connection still waits for the lost answer, and knex
 * would hand it out again, stuck. This drops the socket instead: pg then marks the client ended,
 * knex's pool discards it, and the next request gets a fresh connection (or a connect timeout).
 */
function dropConnectionOnReadTimeout(client: PgClientLike): void {
  const query = client.query;
  const drop = () => client.connection?.stream?.destroy();
  client.query = function (this: unknown, ...args: unknown[]) {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (error: unknown, result: unknown) => {
        if (isReadTimeout(error)) drop();
        (last as (e: unknown, r: unknown) => void)(error, result);
      };
      return query.apply(this, args);
    }
    const result = query.apply(this, args);
    if (result instanceof Promise) {
      return result.catch((error: unknown) => {
        if (isReadTimeout(error)) drop();
        throw error;
      });
    }
    return result;
  };
}

/**
 * knex's own messages, which it would print to stdout among the JSON log lines: to stderr instead,
 * without the "Connection Error" it prints whenever the pool discards a broken connection (every
 * request that met the failure already logged it, as "database unavailable").
 */
const KNEX_LOG = {
  warn: (message: string) => {
    if (!/^Connection Error/.test(String(message))) process.stderr.write(`knex: ${message}\n`);
  },
  error: (message: string) => process.stderr.write(`knex: ${message}\n`),
  deprecate: (message: string) => process.stderr.write(`knex: ${message}\n`),
  debug: () => undefined,
};

/** knex's pool hook: runs once on every new raw connection. */
type AfterCreate = (connection: never, done: (error: Error | null, connection: unknown) => void) => void;

/** Knex settings for PostgreSQL: `serving` adds the statement timeouts (migrations run without them). */
function postgresKnexOptions(
  timeouts: DatabaseTimeouts,
  serving: boolean,
): Pick<Options, 'driverOptions' | 'pool'> {
  const afterCreate: AfterCreate = (connection, done) => {
    if (serving) dropConnectionOnReadTimeout(connection as PgClientLike);
    done(null, connection);
  };
  return {
    pool: { min: 0, max: timeouts.poolSize, afterCreate } as Options['pool'],
    driverOptions: {
      log: KNEX_LOG,
      acquireConnectionTimeout: timeouts.acquireTimeoutMs,
      connection: {
        connectionTimeoutMillis: timeouts.connectTimeoutMs,
        keepAlive: true,
        keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
        ...(serving
          ? {
              statement_timeout: timeouts.statementTimeoutMs,
              query_timeout: timeouts.statementTimeoutMs + STATEMENT_GRACE_MS,
              idle_in_transaction_session_timeout: timeouts.idleInTransactionTimeoutMs,
            }
          : {}),
      },
    },
  };
}

/** How many prepared statements a SQLite connection keeps, least recently used dropped first. */
const PREPARED_STATEMENTS = 256;

/**
 * Keeps a SQLite connection's prepared statements by their text: the queries idgate runs with
 * parameters (src/db/query.ts runSql) are the same text every time, and preparing costs more than
 * running them. Statements whose text holds its values (the ORM's own) come and go in the cache.
 */
function keepPreparedStatements(db: { prepare(sql: string): unknown }): void {
  const prepare = db.prepare.bind(db);
  const kept = new Map<string, unknown>();
  db.prepare = (sql: string) => {
    let statement = kept.get(sql);
    if (statement) {
      kept.delete(sql); // most recently used goes last
    } else {
      statement = prepare(sql);
      if (kept.size >= PREPARED_STATEMENTS) kept.delete(kept.keys().next().value!);
    }
    kept.set(sql, statement);
    return statement;
  };
}

/** The PostgreSQL advisory lock key that serialises migrations of replicas starting together. */
const MIGRATION_LOCK = 4_206_918_233;

/**
 * Runs the migrations while holding a PostgreSQL advisory lock on a connection of its own, so that
 * replicas starting at the same moment migrate one after the other (the later ones then find
 * nothing to do) instead of racing on the same tables.
 */
async function whileHoldingMigrationLock(url: string, migrate: () => Promise<unknown>): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate();
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

/** The connection pool of the database at one moment (knex's pool under the ORM). */
export interface PoolStats {
  /** Connections lent out to a query or transaction. */
  used: number;
  /** Open connections idle in the pool. */
  free: number;
  /** Queries and transactions waiting for a connection. */
  pendingAcquires: number;
  /** The most connections the pool opens (1 on SQLite: one connection serves every request). */
  max: number;
}

/** The part of knex's pool (tarn) that tells how it is used. */
interface KnexPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  max: number;
}

export interface Database {
  orm: MikroORM;
  kind: DatabaseKind;
  /** Adds a listener for executed SQL; returns the function that removes it. */
  onQuery(listener: QueryListener): () => void;
  /** The connection pool now, or null when there is none (not connected, or closed). */
  poolStats(): PoolStats | null;
}

/**
 * Opens the database and applies every pending migration. Never syncs the schema from entities.
 * On PostgreSQL the migrations run without statement timeouts (a migration may rightly take long);
 * the pool is then reopened with every timeout of `timeouts` in force.
 */
export async function openDatabase(
  target: DatabaseTarget,
  timeouts: DatabaseTimeouts = DEFAULT_DATABASE_TIMEOUTS,
): Promise<Database> {
  const listeners = new Set<QueryListener>();
  const common: Options = {
    entities: ENTITIES,
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    extensions: [Migrator],
    migrations: { migrationsList: MIGRATIONS, transactional: true, allOrNothing: true, snapshot: false },
    debug: ['query'],
    loggerFactory: (options) => new ListeningLogger(options, listeners),
    forceUtcTimezone: true,
    allowGlobalContext: false,
    // The schema comes from migrations only; never let the ORM create tables from the entities.
    ensureDatabase: false,
  };
  let orm: MikroORM;
  if (target.kind === 'sqlite') {
    const { BetterSqliteDriver } = await import('@mikro-orm/better-sqlite');
    // Set on every connection knex opens (it reopens one that broke): WAL lets readers run beside
    // the single writer; the busy timeout makes a write wait that long for another process's lock
    // (SQLITE_BUSY afterwards, which is BACKEND_UNAVAILABLE).
    const afterCreate: AfterCreate = (connection, done) => {
      const db = connection as { pragma(source: string): unknown; prepare(sql: string): unknown };
      keepPreparedStatements(db);
      try {
        db.pragma('journal_mode = wal');
        // WAL's recommended setting: commits are atomic and the file never corrupts; only a power
        // loss may forget the last commits. Without it every commit waits for a disk flush.
        db.pragma('synchronous = normal');
        db.pragma(`busy_timeout = ${Math.trunc(timeouts.sqliteBusyTimeoutMs)}`);
        db.pragma('foreign_keys = on');
        done(null, connection);
      } catch (error) {
        done(error as Error, connection);
      }
    };
    orm = await MikroORM.init({
      ...common,
      driver: BetterSqliteDriver,
      dbName: target.location,
      pool: { afterCreate } as Options['pool'],
      driverOptions: { log: KNEX_LOG },
    });
  } else {
    const { PostgreSqlDriver } = await import('@mikro-orm/postgresql');
    orm = await MikroORM.init({
      ...common,
      driver: PostgreSqlDriver,
      clientUrl: target.location,
      ...postgresKnexOptions(timeouts, false),
      // A database that does not exist yet is created (the role needs CREATEDB); its tables come
      // from the migrations below, never from the entities.
      ensureDatabase: { create: false },
    });
  }
  try {
    if (target.kind === 'postgresql')
      await whileHoldingMigrationLock(target.location, () => orm.getMigrator().up());
    else await orm.getMigrator().up();
    if (target.kind === 'postgresql') await orm.reconnect(postgresKnexOptions(timeouts, true));
  } catch (error) {
    await orm.close(true).catch(() => undefined);
    throw error;
  }
  return {
    orm,
    kind: target.kind,
    onQuery(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    poolStats() {
      const connection = orm.em.getConnection() as unknown as { getKnex(): { client?: { pool?: KnexPool } } };
      const pool = connection.getKnex().client?.pool;
      if (!pool) return null;
      return {
        used: pool.numUsed(),
        free: pool.numFree(),
        pendingAcquires: pool.numPendingAcquires(),
        max: pool.max,
      };
    },
  };
}
