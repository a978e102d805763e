import type { EntityDictionary, EntityName } from '@mikro-orm/core';
import type { EntityManager, Knex } from '@mikro-orm/knex';
import { BadInputError } from '../../errors/errors';
import { PAGE_MAX } from '../../domain/rules';
import { runQuery } from '../../db/query';

/**
 * Cursors are opaque to clients: base64url of a versioned offset. An offset (not a keyset) keeps every
 * sort order and filter simple; the price is that rows inserted before the cursor shift a page.
 */
export function encodeCursor(offset: number): string {
  return Buffer.from(`o1:${offset}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): number {
  if (cursor === null || cursor === undefined) return 0;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^o1:(\d{1,9})$/.exec(text);
  if (!match) throw new BadInputError([{ field: 'after', message: 'is not a cursor this API gave out' }]);
  return Number(match[1]) + 1;
}

export function checkFirst(first: number | null | undefined, field = 'first'): number {
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 0 || n > PAGE_MAX) {
    throw new BadInputError([{ field, message: `must be between 0 and ${PAGE_MAX}` }]);
  }
  return n;
}

export interface Page<T> {
  items: { cursor: string; node: T }[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number;
}

/** Builds a page from up to first+1 fetched rows starting at `offset`. */
export function toPage<T>(rows: T[], offset: number, first: number, totalCount: number): Page<T> {
  const items = rows.slice(0, first).map((node, i) => ({ cursor: encodeCursor(offset + i), node }));
  return {
    items,
    hasNextPage: rows.length > first,
    endCursor: items.length ? items[items.length - 1]!.cursor : null,
    totalCount,
  };
}

/** How many rows a filtered query has (one `count(*)` statement). */
export async function countRows(em: EntityManager, query: Knex.QueryBuilder): Promise<number> {
  const rows: { n: number | string }[] = await runQuery(em, query.clone().count({ n: '*' }));
  return Number(rows[0]?.n ?? 0);
}

/** Runs an ordered query for one page (first+1 rows from `offset`) and maps the rows to entities. */
export async function fetchPage<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  ordered: Knex.QueryBuilder,
  offset: number,
  first: number,
  totalCount: number,
): Promise<Page<T>> {
  const rows: EntityDictionary<T>[] =
    first === 0 ? [] : await runQuery(em, ordered.offset(offset).limit(first + 1));
  return toPage(
    rows.map((r) => em.map(entity, r)),
    offset,
    first,
    totalCount,
  );
}
