import { Redis } from 'ioredis';
import { Pool } from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { BackendLogger } from '../../backends/types';
import type { DatabaseTarget } from '../db/orm';

/** Where the counters live: one process's memory, the PostgreSQL database, or Redis. */
export type RateLimitStoreKind = 'memory' | 'postgresql' | 'redis';

/** The table the PostgreSQL store keeps its counters in (created by the rate-limits migration). */
export const RATE_LIMIT_TABLE = 'rate_limits';

/** A store's answer to "how long may a call to it take" before this process counts on its own. */
const STORE_TIMEOUT_MS = 2000;

/** Expired rows of the PostgreSQL store are swept this often. */
const SWEEP_INTERVAL_MS = 5 * 60_000;

/** A warning about a failing store is logged at most this often. */
const WARN_INTERVAL_MS = 60_000;

/** A place where counters are kept, shared by every idgate process that opens the same store. */
export interface RateLimitStore {
  /** Which store this is (for the start log and the tests). */
  readonly kind: RateLimitStoreKind;
  /**
   * A counter of at most `points` per `durationSeconds` for each key, kept under `prefix`. Called at
   * start only. When the store does not answer, the counter counts in this process's memory
   * instead (the library's "insurance" limiter) and a warning is logged. With `localBlockAt`, a
   * key whose count reaches it is refused from this process's memory until its count expires,
   * without asking the store again (only for keys that nothing but time may clear).
   */
  counter(
    prefix: string,
    points: number,
    durationSeconds: number,
    localBlockAt?: number,
  ): RateLimiterAbstract;
  /** Releases the store's connections and timers. */
  close(): Promise<void>;
}

/** Picks the store from the configuration: Redis when a URL is given, else the database when it is PostgreSQL, else memory. */
export function storeKindFor(redisUrl: string | null, database: DatabaseTarget): RateLimitStoreKind {
  if (redisUrl) return 'redis';
  return database.kind === 'postgresql' ? 'postgresql' : 'memory';
}

/** A memory limiter that reports each use: it only ever runs when the shared store has failed. */
class StandInLimiter extends RateLimiterMemory {
  constructor(
    options: ConstructorParameters<typeof RateLimiterMemory>[0],
    private readonly onUse: () => void,
  ) {
    super(options);
  }

  override consume(...args: Parameters<RateLimiterMemory['consume']>) {
    this.onUse();
    return super.consume(...args);
  }

  override penalty(...args: Parameters<RateLimiterMemory['penalty']>) {
    this.onUse();
    return super.penalty(...args);
  }

  override reward(...args: Parameters<RateLimiterMemory['reward']>) {
    this.onUse();
    return super.reward(...args);
  }

  override set(...args: Parameters<RateLimiterMemory['set']>) {
    this.onUse();
    return super.set(...args);
  }

  override delete(...args: Parameters<RateLimiterMemory['delete']>) {
    this.onUse();
    return super.delete(...args);
  }
}

function throttledWarning(log: BackendLogger, kind: RateLimitStoreKind): () => void {
  let last = 0;
  return () => {
    const now = Date.now();
    if (now - last < WARN_INTERVAL_MS) return;
    last = now;
    log.warn(
      { store: kind },
      'rate-limit store did not answer: limits are counted in this process only until it does',
    );
  };
}

function memoryStore(): RateLimitStore {
  return {
    kind: 'memory',
    counter: (prefix, points, duration) => new RateLimiterMemory({ keyPrefix: prefix, points, duration }),
    close: async () => undefined,
  };
}

function postgresStore(url: string, log: BackendLogger): RateLimitStore {
  // Its own small pool: the counters never wait behind the ORM's transactions, and a slow database
  // turns into the in-memory stand-in after a bounded wait instead of a hanging login.
  const pool = new Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: STORE_TIMEOUT_MS,
    query_timeout: STORE_TIMEOUT_MS,
    statement_timeout: STORE_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    application_name: 'idgate-rate-limits',
  });
  const warn = throttledWarning(log, 'postgresql');
  pool.on('error', (error) => log.warn({ err: error }, 'rate-limit store connection failed'));
  // Every counter shares the table (the key carries the prefix), so one sweep serves them all.
  const sweep = setInterval(() => {
    pool.query(`delete from ${RATE_LIMIT_TABLE} where expire < $1`, [Date.now()]).catch(() => warn());
  }, SWEEP_INTERVAL_MS);
  sweep.unref();
  return {
    kind: 'postgresql',
    counter: (prefix, points, duration, localBlockAt) =>
      new RateLimiterPostgres({
        inMemoryBlockOnConsumed: localBlockAt,
        storeClient: pool,
        storeType: 'pool',
        tableName: RATE_LIMIT_TABLE,
        // The migration created the table; the library must not try to create it at run time.
        tableCreated: true,
        clearExpiredByTimeout: false,
        keyPrefix: prefix,
        points,
        duration,
        insuranceLimiter: new StandInLimiter({ keyPrefix: prefix, points, duration }, warn),
      }),
    async close() {
      clearInterval(sweep);
      await pool.end();
    },
  };
}

async function redisStore(url: string, log: BackendLogger): Promise<RateLimitStore> {
  const client = new Redis(url, {
    // A command to a Redis that is away fails at once (and the stand-in counts) instead of queueing.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: STORE_TIMEOUT_MS,
    commandTimeout: STORE_TIMEOUT_MS,
    lazyConnect: true,
  });
  const warn = throttledWarning(log, 'redis');
  let lastError = 0;
  client.on('error', (error: Error) => {
    if (Date.now() - lastError < WARN_INTERVAL_MS) return;
    lastError = Date.now();
    log.warn({ err: { message: error.message } }, 'rate-limit store (redis) connection failed');
  });
  try {
    await client.connect();
  } catch {
    // Not fatal: the process counts on its own until Redis answers (ioredis keeps reconnecting).
    log.error(
      { store: 'redis' },
      'rate-limit store (redis) not reachable at start; counting in memory until it is',
    );
  }
  return {
    kind: 'redis',
    counter: (prefix, points, duration, localBlockAt) =>
      new RateLimiterRedis({
        inMemoryBlockOnConsumed: localBlockAt,
        storeClient: client,
        rejectIfRedisNotReady: true,
        keyPrefix: prefix,
        points,
        duration,
        insuranceLimiter: new StandInLimiter({ keyPrefix: prefix, points, duration }, warn),
      }),
    async close() {
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    },
  };
}

/** Opens the store the configuration asks for (see storeKindFor). */
export async function openRateLimitStore(
  kind: RateLimitStoreKind,
  database: DatabaseTarget,
  redisUrl: string | null,
  log: BackendLogger,
): Promise<RateLimitStore> {
  if (kind === 'redis') return redisStore(redisUrl!, log);
  if (kind === 'postgresql') return postgresStore(database.location, log);
  return memoryStore();
}
