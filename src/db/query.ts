import type { EntityManager, Knex } from '@mikro-orm/knex';

/**
 * Runs a knex query on the EntityManager's own transaction when it has one (without that, a query
 * inside a transaction would ask the pool for a second connection, which SQLite's single connection
 * can never give), told to the ORM's query listeners (the tests count statements with them).
 */
export function runQuery<T = Record<string, unknown>>(
  em: EntityManager,
  query: Knex.QueryBuilder,
): Promise<T[]> {
  const { sql, bindings } = query.toSQL();
  return runSql<T>(em, sql, bindings as unknown[]);
}

/**
 * Runs one SQL statement (with `?` placeholders) with its values passed to the driver as
 * parameters, not written into the text: the statement stays the same text for every value, so the
 * driver can reuse it (SQLite keeps its prepared statements: see src/db/orm.ts), and no value is
 * ever turned into SQL. Resolves to the rows (of a query, or of an UPDATE … RETURNING); driver
 * errors come out as the ORM's typed exceptions.
 */
export async function runSql<T = Record<string, unknown>>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  const knex = em.getKnex();
  const raw = knex.raw(sql, params as Knex.RawBinding[]);
  const tx = em.getTransactionContext();
  if (tx) raw.transacting(tx);
  em.config.getLogger().logQuery({ query: sql, level: 'info' });
  let result: unknown;
  try {
    result = await raw;
  } catch (error) {
    throw em
      .getPlatform()
      .getExceptionConverter()
      .convertException(error as Error);
  }
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: unknown } | null)?.rows;
  return (Array.isArray(rows) ? rows : []) as T[];
}

/**
 * Whether a knex instance speaks to PostgreSQL. Ask the dialect: MikroORM configures knex with its
 * own dialect class as `client`, so `client.config.client` is never the string 'pg'.
 */
export function isPostgres(knex: Knex): boolean {
  return knex.client.dialect === 'postgresql';
}

/**
 * Locks one row for the rest of the EntityManager's transaction, so that concurrent writers of it
 * queue instead of failing: `select … for update` on PostgreSQL. On SQLite a transaction that reads
 * first and writes later cannot wait for another process's write lock (SQLITE_BUSY at once), so
 * the transaction takes the write lock first, with a write that changes nothing: the busy timeout
 * then applies.
 */
export async function lockRow(em: EntityManager, table: string, id: string): Promise<void> {
  const knex = em.getKnex();
  if (isPostgres(knex)) {
    await runQuery(em, knex(table).select('id').where('id', id).forUpdate());
  } else {
    await runQuery(
      em,
      knex(table)
        .update({ id: knex.raw('id') })
        .where('id', id),
    );
  }
}

/**
 * Runs bookkeeping writes (failure counters, login times) so that they cost the same whether they
 * touch a row or none: on PostgreSQL in a transaction that does not wait for its WAL record to reach
 * the disk (`synchronous_commit = off`: a crash may forget the last few counts, never corrupts), so
 * that the answer to a wrong password does not take the time of a disk flush that the answer to an
 * unknown name (which changes no row) skips. Elsewhere it runs `work` as it is.
 */
export async function asBookkeeping<T>(
  em: EntityManager,
  work: (em: EntityManager) => Promise<T>,
): Promise<T> {
  if (!isPostgres(em.getKnex()) || em.isInTransaction()) return work(em);
  return em.transactional(async (tx) => {
    await tx
      .getConnection()
      .execute('set local synchronous_commit = off', [], 'run', tx.getTransactionContext());
    return work(tx as EntityManager);
  });
}
