import type { Knex } from '@mikro-orm/knex';
import type { BackendContext } from '../../../backends/types';
import { runQuery } from '../../db/query';

/** Keys per SQL `IN (…)` list. */
export const SQL_CHUNK = 500;

/** Splits a list into runs of at most `size` (for `IN` lists and batched writes). */
export function chunks<T>(items: readonly T[], size = SQL_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Escapes LIKE wildcards; the pattern is used with ESCAPE '\'. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Plain rows of a query (no entities: partial entities must never enter the identity map). */
export function plainRows<T>(ctx: BackendContext, query: Knex.QueryBuilder): Promise<T[]> {
  return runQuery<T>(ctx.em, query);
}
