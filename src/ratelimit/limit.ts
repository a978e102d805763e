import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { BackendLogger } from '../../backends/types';
import { RateLimitedError } from '../errors/errors';
import type { RateLimitTelemetry } from '../observability/telemetry';
import type { LimitSettings } from './rate-limits.config';
import type { RateLimitStore } from './store';

/**
 * What a block sets a key's count to: far above the limit, so that neither a point given back by a
 * success in flight nor further calls during the block look like a fresh crossing of the limit.
 */
const BLOCKED = 1_000_000_000;

/** A strike counter never refuses: it only counts the blocks of a key. */
const STRIKES_CEILING = 1_000_000_000;

/** Shortest backoff memory: the doubling of blocks starts over a day after a key's first block. */
const MIN_STRIKE_MEMORY_SECONDS = 86400;

/** A point taken from a limit for one key, to be given back or cleared on success. */
export interface Taken {
  /** The limit the point was taken from. */
  readonly limit: Limit;
  /** The key (address or hashed account) it was taken for. */
  readonly key: string;
  /** When the window this point counts in ends (epoch ms); after it there is nothing to give back. */
  readonly windowEndsAt: number;
}

/**
 * One limit ("failed logins per address", …) over one store: at most `limit` points a window per
 * key, and, when `blockSeconds` is set, a block on going over that doubles with each further block
 * of the same key (a second counter, the strikes, remembers the blocks).
 */
export class Limit {
  private readonly counter: RateLimiterAbstract;
  private readonly strikes: RateLimiterAbstract | null;

  constructor(
    /** Names the limit in keys and logs, e.g. "login.failuresPerAddress". */
    readonly name: string,
    private readonly settings: LimitSettings,
    store: RateLimitStore,
    keyPrefix: string,
    private readonly log: BackendLogger,
    /**
     * Whether a spent key may be refused from this process's memory without asking the store: only
     * for keys that nothing but time clears (client addresses). An account's block can be lifted on
     * another replica (unlockUser), so account keys always ask the store.
     */
    localBlocks: boolean,
    /** Told of every refusal, by this limit's name. */
    private readonly telemetry: Pick<RateLimitTelemetry, 'limitRefused'>,
  ) {
    // A limit with blocks is spent when blocked (its count jumps to BLOCKED); one without, at limit + 1.
    const localBlockAt = localBlocks ? (settings.blockSeconds > 0 ? BLOCKED : settings.limit + 1) : undefined;
    this.counter = store.counter(
      `${keyPrefix}:${name}`,
      settings.limit,
      settings.windowSeconds,
      localBlockAt,
    );
    this.strikes =
      settings.blockSeconds > 0
        ? store.counter(
            `${keyPrefix}:${name}:strikes`,
            STRIKES_CEILING,
            Math.max(MIN_STRIKE_MEMORY_SECONDS, 2 * settings.maxBlockSeconds),
          )
        : null;
  }

  /**
   * Counts one call for `key` (atomically in the store, so parallel calls cannot all slip through)
   * or refuses it with RATE_LIMITED and the seconds until the key may try again. The call that goes
   * over the limit first starts the key's block.
   */
  async take(key: string): Promise<Taken> {
    try {
      const res = await this.counter.consume(key);
      return { limit: this, key, windowEndsAt: Date.now() + res.msBeforeNext };
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      let waitMs = error.msBeforeNext;
      if (this.strikes && error.consumedPoints === this.settings.limit + 1) {
        const strike = await this.strikes.penalty(key);
        const seconds = Math.min(
          this.settings.blockSeconds * 2 ** Math.max(0, strike.consumedPoints - 1),
          this.settings.maxBlockSeconds,
        );
        await this.counter.set(key, BLOCKED, seconds);
        waitMs = seconds * 1000;
        this.log.warn(
          { limit: this.name, key, blockSeconds: seconds, strike: strike.consumedPoints },
          'rate limit reached: key blocked',
        );
      }
      this.telemetry.limitRefused(this.name);
      throw new RateLimitedError(Math.max(1, Math.ceil(waitMs / 1000)));
    }
  }

  /** Gives a point back (the call it counted turned out not to be a failure) while its window lasts. */
  async giveBack(taken: Taken): Promise<void> {
    // A point given back after its window has ended would open the next window one point short of 0.
    if (Date.now() < taken.windowEndsAt - 1000) await this.counter.reward(taken.key);
  }

  /** Forgets everything about `key`: its count, a block in force and its strikes. */
  async clear(key: string): Promise<void> {
    await this.counter.delete(key);
    await this.strikes?.delete(key);
  }
}
