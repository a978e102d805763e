import type { EntityManager, Knex } from '@mikro-orm/knex';

/**
 * Runs a knex query through the ORM (so it is logged and counted) on the EntityManager's own
 * transaction when it has one. Without that, a query inside a transaction would ask the pool for a
 * second connection, which SQLite's single connection can never give.
 */
export function runQuery<T = Record<string, unknown>>(
  em: EntityManager,
  query: Knex.QueryBuilder,
): Promise<T[]> {
  return em.getConnection().execute(query, [], 'all', em.getTransactionContext());
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
    await em.getConnection().execute(
      knex(table)
        .update({ id: knex.raw('id') })
        .where('id', id),
      [],
      'run',
      em.getTransactionContext(),
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
