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
 * Locks one row for the rest of the EntityManager's transaction, so that concurrent writers of it
 * queue instead of failing: `select … for update` on PostgreSQL. SQLite needs nothing: its one
 * connection runs one transaction at a time.
 */
export async function lockRow(em: EntityManager, table: string, id: string): Promise<void> {
  const knex = em.getKnex();
  if (knex.client.config.client === 'pg') {
    await runQuery(em, knex(table).select('id').where('id', id).forUpdate());
  }
}
