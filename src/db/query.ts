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
