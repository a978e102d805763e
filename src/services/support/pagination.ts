import type { EntityManager, Knex } from '@mikro-orm/knex';
import { runQuery } from '../../db/query';
import { PAGE_MAX } from '../../domain/rules';
import { BadInputError } from '../../errors/errors';

/**
 * Keyset pagination for every connection (the Relay cursor spec): a cursor holds the sort key of
 * its row (the ordered values and the id that breaks ties), so the next page starts after that row
 * whatever was inserted or deleted meanwhile: no row is skipped or repeated. `first`/`after` page
 * forwards, `last`/`before` backwards. Cursors are opaque to clients (base64url of versioned JSON);
 * one that does not parse, or belongs to another ordering, is BAD_USER_INPUT.
 */

/** The values a cursor holds: the row's sort key, in column order. */
export type KeyValue = string | number | null;

/** What a client asked for: a direction, a size and where to start. */
export interface PageRequest {
  forward: boolean;
  size: number;
  /** The sort key to start after (forward) or before (backward); null for an end of the list. */
  cursor: KeyValue[] | null;
  /** Whether `after` (forward) or `before` (backward) was given. */
  fromCursor: boolean;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface Page<T> {
  items: { cursor: string; node: T }[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
  totalCount: number;
}

const VERSION = 'k1';

/** The cursor of a row with this sort key, for an ordering named `ordering`. */
export function encodeCursor(ordering: string, key: readonly KeyValue[]): string {
  return Buffer.from(JSON.stringify([VERSION, ordering, ...key]), 'utf8').toString('base64url');
}

/** The sort key in a cursor, checked against the ordering it must belong to. */
export function decodeCursor(
  cursor: string,
  ordering: string,
  width: number,
  field: 'after' | 'before',
): KeyValue[] {
  const refused = new BadInputError([{ field, message: 'is not a cursor this API gave out for this list' }]);
  let parsed: unknown;
  try {
    parsed = cursor.length <= 2048 ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : null;
  } catch {
    throw refused;
  }
  if (
    !Array.isArray(parsed) ||
    parsed[0] !== VERSION ||
    parsed[1] !== ordering ||
    parsed.length !== width + 2
  ) {
    throw refused;
  }
  const key = parsed.slice(2) as unknown[];
  if (!key.every((v) => v === null || typeof v === 'string' || typeof v === 'number')) throw refused;
  return key as KeyValue[];
}

/** Checks a page size argument. */
export function checkFirst(first: number | null | undefined, field = 'first'): number {
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 0 || n > PAGE_MAX) {
    throw new BadInputError([{ field, message: `must be between 0 and ${PAGE_MAX}` }]);
  }
  return n;
}

/**
 * The page a client asked for. `first`/`after` page forwards; `last` or `before` page backwards
 * (`last` rows, or `first` when only `before` is given; `first` has a schema default, so `last`
 * wins over it). `after` and `before` together are refused.
 */
export function pageRequest(args: PageArgs, ordering: string, width: number): PageRequest {
  const after = args.after ?? null;
  const before = args.before ?? null;
  if (after !== null && before !== null) {
    throw new BadInputError([{ field: 'before', message: 'give after or before, not both' }]);
  }
  const backward = (args.last ?? null) !== null || before !== null;
  if (backward) {
    if (after !== null)
      throw new BadInputError([{ field: 'after', message: 'pages forwards only: use first with it' }]);
    const last = args.last ?? null;
    return {
      forward: false,
      size: last !== null ? checkFirst(last, 'last') : checkFirst(args.first),
      cursor: before === null ? null : decodeCursor(before, ordering, width, 'before'),
      fromCursor: before !== null,
    };
  }
  return {
    forward: true,
    size: checkFirst(args.first, 'first'),
    cursor: after === null ? null : decodeCursor(after, ordering, width, 'after'),
    fromCursor: after !== null,
  };
}

/**
 * Builds a page from up to size+1 rows fetched in the request's direction (nearest the cursor
 * first). The extra row says whether there is more that way; the other way there is more exactly
 * when the page started from a cursor.
 */
export function toPage<T>(
  rows: readonly T[],
  request: PageRequest,
  ordering: string,
  keyOf: (row: T) => KeyValue[],
  totalCount: number,
): Page<T> {
  const more = rows.length > request.size;
  const kept = rows.slice(0, request.size);
  if (!request.forward) kept.reverse();
  const items = kept.map((node) => ({ cursor: encodeCursor(ordering, keyOf(node)), node }));
  return {
    items,
    hasNextPage: request.forward ? more : request.fromCursor,
    hasPreviousPage: request.forward ? request.fromCursor : more,
    startCursor: items[0]?.cursor ?? null,
    endCursor: items[items.length - 1]?.cursor ?? null,
    totalCount,
  };
}

/** An empty page (nothing can match). */
export function emptyPage<T>(): Page<T> {
  return {
    items: [],
    hasNextPage: false,
    hasPreviousPage: false,
    startCursor: null,
    endCursor: null,
    totalCount: 0,
  };
}

/** One column of an SQL ordering: its expression and direction. */
export interface OrderColumn {
  sql: string;
  descending: boolean;
}

/**
 * Orders `query` for the request's direction and narrows it to the rows past the cursor: the
 * lexicographic comparison of (c1, c2, …) with the cursor's values, each column in its own
 * direction. A null cursor value (a nullable column, kept apart by an earlier null-flag column) is
 * matched with IS NULL and adds no comparison of its own.
 */
export function applyKeyset(
  knex: Knex,
  query: Knex.QueryBuilder,
  columns: readonly OrderColumn[],
  request: PageRequest,
  bind: (value: KeyValue, column: number) => unknown = (v) => v,
): Knex.QueryBuilder {
  const ascending = (c: OrderColumn) => c.descending !== request.forward;
  if (request.cursor) {
    const values = request.cursor;
    // The same bound again on the first column alone: the OR below is exact, but a planner reads a
    // range only from a plain comparison. With it an index on the first column starts at the cursor
    // instead of reading (and dropping) every row before it, so a deep page costs what the first does.
    const first = columns[0];
    if (first && values[0] !== null) {
      query.where(knex.raw(first.sql) as never, ascending(first) ? '>=' : '<=', bind(values[0]!, 0) as never);
    }
    query.where((outer) => {
      columns.forEach((column, i) => {
        if (values[i] === null) return;
        outer.orWhere((branch) => {
          for (let j = 0; j < i; j++) {
            if (values[j] === null) branch.whereNull(knex.raw(columns[j]!.sql) as never);
            else branch.where(knex.raw(columns[j]!.sql) as never, bind(values[j]!, j) as never);
          }
          branch.where(
            knex.raw(column.sql) as never,
            ascending(column) ? '>' : '<',
            bind(values[i]!, i) as never,
          );
        });
      });
    });
  }
  for (const column of columns) query.orderByRaw(`${column.sql} ${ascending(column) ? 'asc' : 'desc'}`);
  return query.limit(request.size + 1);
}

/** How many rows a filtered query has (one `count(*)` statement). */
export async function countRows(em: EntityManager, query: Knex.QueryBuilder): Promise<number> {
  const rows: { n: number | string }[] = await runQuery(em, query.clone().clearOrder().count({ n: '*' }));
  return Number(rows[0]?.n ?? 0);
}

/** Runs a keyset-narrowed query (see applyKeyset) and maps its rows (src/db/rows.ts). */
export async function fetchRows<T>(
  em: EntityManager,
  fromRow: (row: Record<string, unknown>) => T,
  query: Knex.QueryBuilder,
  request: PageRequest,
): Promise<T[]> {
  if (request.size === 0) return [];
  const rows: Record<string, unknown>[] = await runQuery(em, query);
  return rows.map(fromRow);
}

/**
 * A page of an in-memory list already sorted by `compare` (rows of live directories, merged group
 * lists): the rows past the cursor, in the request's direction.
 */
export function pageOfSorted<T>(
  sorted: readonly T[],
  request: PageRequest,
  ordering: string,
  keyOf: (row: T) => KeyValue[],
  compareToKey: (row: T, key: KeyValue[]) => number,
  totalCount = sorted.length,
): Page<T> {
  let rows: T[];
  if (request.forward) {
    const start = request.cursor ? sorted.findIndex((r) => compareToKey(r, request.cursor!) > 0) : 0;
    rows = start < 0 ? [] : sorted.slice(start, start + request.size + 1);
  } else {
    let end = sorted.length;
    if (request.cursor) {
      end = sorted.findIndex((r) => compareToKey(r, request.cursor!) >= 0);
      if (end < 0) end = sorted.length;
    }
    rows = sorted.slice(Math.max(0, end - request.size - 1), end).reverse();
  }
  return toPage(request.size === 0 ? [] : rows, request, ordering, keyOf, totalCount);
}

/** Compares sort keys value by value (nulls last), each in its own direction. */
export function compareKeys(
  a: readonly KeyValue[],
  b: readonly KeyValue[],
  descending: readonly boolean[],
): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    const c = x < y ? -1 : 1;
    return descending[i] ? -c : c;
  }
  return 0;
}
