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

/** Every migration, in order. Listed here (not globbed) so the compiled server finds them anywhere. */
export const MIGRATIONS = [
  { name: 'Migration20261123000000Initial', class: Migration20261123000000Initial },
  { name: 'Migration20261123010000Lifecycle', class: Migration20261123010000Lifecycle },
  { name: 'Migration20261123020000Directory', class: Migration20261123020000Directory },
  { name: 'Migration20261124050000Sso', class: Migration20261124050000Sso },
  { name: 'Migration20261125000000RateLimits', class: Migration20261125000000RateLimits },
  { name: 'Migration20261202000000Names', class: Migration20261202000000Names },
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

/** Opens the database and applies every pending migration. Never syncs the schema from entities. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
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
    orm = await MikroORM.init({ ...common, driver: BetterSqliteDriver, dbName: target.location });
    // WAL lets readers run beside the single writer; a busy timeout queues writers instead of failing.
    const conn = orm.em.getConnection();
    await conn.execute('pragma journal_mode = wal');
    // WAL's recommended setting: commits are atomic and the file never corrupts; only a power loss may
    // forget the last commits. Without it every commit waits for a disk flush.
    await conn.execute('pragma synchronous = normal');
    await conn.execute('pragma busy_timeout = 5000');
    await conn.execute('pragma foreign_keys = on');
  } else {
    const { PostgreSqlDriver } = await import('@mikro-orm/postgresql');
    orm = await MikroORM.init({
      ...common,
      driver: PostgreSqlDriver,
      clientUrl: target.location,
      pool: { min: 0, max: 10 },
    });
  }
  await orm.getMigrator().up();
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
