import type { ServerProcess } from './processes';

/** What paging through every user found. */
export interface PagingReport {
  pages: number;
  users: number;
  seconds: number;
  /**
   * Median RSS (MiB) over the first, middle and last third of the pages. The first third includes
   * the heap growing to its working size for pages of 500; growth that goes on from the middle to
   * the last third would be a leak.
   */
  rssFirstThird: number;
  rssMiddleThird: number;
  rssLastThird: number;
  /** Slowest page, ms. */
  slowestPageMs: number;
  /** Median page time (ms) over the first and the last third: equal when depth costs nothing. */
  pageMsFirstThird: number;
  pageMsLastThird: number;
}

const PAGE =
  'query Page($after: String) { users(first: 500, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id name } } } }';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Pages through every user of the domain with `first: 500`, one page after another (keyset
 * cursors: each page costs the same, however deep), sampling idgate's resident memory after each
 * page: memory must stay flat whatever the depth.
 */
export async function pageThroughAll(idgate: ServerProcess, token: string): Promise<PagingReport> {
  const started = Date.now();
  const rss: number[] = [];
  const times: number[] = [];
  let after: string | null = null;
  let users = 0;
  let slowest = 0;
  for (;;) {
    const t0 = Date.now();
    const response = await fetch(`${idgate.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: PAGE, variables: { after } }),
    });
    const answer = (await response.json()) as {
      data?: { users: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: unknown[] } };
      errors?: unknown[];
    };
    if (!answer.data || answer.errors) throw new Error(`paging failed: ${JSON.stringify(answer.errors)}`);
    times.push(Date.now() - t0);
    slowest = Math.max(slowest, Date.now() - t0);
    users += answer.data.users.edges.length;
    rss.push(idgate.rssMb());
    if (!answer.data.users.pageInfo.hasNextPage) break;
    after = answer.data.users.pageInfo.endCursor;
  }
  const third = Math.max(1, Math.floor(rss.length / 3));
  return {
    pages: rss.length,
    users,
    seconds: (Date.now() - started) / 1000,
    rssFirstThird: median(rss.slice(0, third)),
    rssMiddleThird: median(rss.slice(third, -third)),
    rssLastThird: median(rss.slice(-third)),
    slowestPageMs: slowest,
    pageMsFirstThird: median(times.slice(0, third)),
    pageMsLastThird: median(times.slice(-third)),
  };
}
