import { LRUCache } from 'lru-cache';
import type { DirectoryUserKey } from '../capabilities';
import { BackendError } from '../errors';

/** Most listings (distinct queries) kept per directory. */
const MAX_LISTINGS = 32;
/** Most user keys kept over all listings of a directory (about 100 bytes each). */
const MAX_KEYS = 250_000;

type Keys = readonly DirectoryUserKey[];

/**
 * The key lists of a directory's recent listings, for a few seconds (`listCacheSeconds`). A page of a
 * listing needs every matching user's sort key (one search of the whole directory, or of a group's
 * members); the next pages, and the same page asked again, reuse that list instead of reading it
 * again. The page itself (the users' entries) and their groups are always read anew, so what a page
 * shows is never older than the request; only which users it lists, and in which order, may be.
 *
 * Bounds: an entry is dropped `seconds` after it was read; `clear()` drops them all, and the backend
 * calls it after every change it writes, so a change made through this idgate shows at once. A
 * change made in the directory itself, or through another idgate, shows within `seconds`.
 * Concurrent identical listings share one search.
 */
export class ListingCache {
  private readonly cache: LRUCache<string, Keys, () => Promise<Keys>> | null;

  constructor(seconds: number) {
    this.cache =
      seconds > 0
        ? new LRUCache<string, Keys, () => Promise<Keys>>({
            max: MAX_LISTINGS,
            maxSize: MAX_KEYS,
            sizeCalculation: (keys) => keys.length + 1,
            ttl: seconds * 1000,
            // Expired lists are let go at once, not when next asked for.
            ttlAutopurge: true,
            fetchMethod: (_query, _stale, { context }) => context(),
          })
        : null;
  }

  /** The keys of `query`: the list read within the last seconds, else `read()` (and kept). */
  async keys(query: string, read: () => Promise<DirectoryUserKey[]>): Promise<DirectoryUserKey[]> {
    if (!this.cache) return read();
    try {
      // A copy: callers may sort or filter what they get.
      return [...(await this.cache.fetch(query, { context: read }))!];
    } catch (error) {
      if (error instanceof BackendError) throw error;
      // The read was dropped while in flight (a change was written meanwhile): read anew, uncached.
      return read();
    }
  }

  /** Forgets every list (after a change to the directory). */
  clear(): void {
    this.cache?.clear();
  }
}
