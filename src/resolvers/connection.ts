import type { Page } from '../services/support/pagination';
import type { PageInfoType } from '../types/group.type';

/** A connection (edges, page info, total) from a service's page. */
export function toConnection<T, N>(
  page: Page<T>,
): { edges: { cursor: string; node: N }[]; pageInfo: PageInfoType; totalCount: number } {
  return {
    edges: page.items.map((i) => ({ cursor: i.cursor, node: i.node as unknown as N })),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: page.startCursor,
      endCursor: page.endCursor,
    },
    totalCount: page.totalCount,
  };
}

/** The descriptions of the paging arguments every connection takes. */
export const PAGE_ARG_DOCS = {
  first: 'Page forwards: at most this many rows (0..500, default 50).',
  after: 'Page forwards: the rows after this cursor (an endCursor or edge cursor of this list).',
  last: 'Page backwards: at most this many rows, the last ones (0..500); wins over first.',
  before: 'Page backwards: the rows before this cursor (a startCursor or edge cursor of this list).',
} as const;
