import {
  createLocalJWKSet,
  errors as joseErrors,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
} from 'jose';
import { BackendUnavailableError } from '../errors';

type KeyResolver = ReturnType<typeof createLocalJWKSet>;
type ResolvedKey = Awaited<ReturnType<KeyResolver>>;

export interface ProviderKeysOptions {
  /** An unknown key id makes a new fetch at most this often (ms). */
  minRefreshMs: number;
  /** After this long (ms) the keys are refreshed in the background; they stay in use meanwhile. */
  maxAgeMs: number;
  /** The backend the keys belong to (named in the error when they cannot be had). */
  backendId: string;
  /** Told when a background refresh fails (the old keys stay in use). */
  onBackgroundFailure(error: unknown): void;
}

/**
 * The provider's signing keys (its JWKS), cached. Fetched on first need; fetched again when a token
 * names a key id the cache does not have (at most every `minRefreshMs`, so a flood of tokens with
 * made-up key ids cannot make idgate hammer the provider), and refreshed in the background when
 * older than `maxAgeMs`. When the provider is down, tokens signed with a cached key keep working;
 * a token needing a key idgate does not have yet is BACKEND_UNAVAILABLE.
 */
export class ProviderKeys {
  private local: KeyResolver | null = null;
  private fetchedAt = 0;
  private lastAttempt = 0;
  private lastFailure: BackendUnavailableError | null = null;
  private inflight: Promise<void> | null = null;

  constructor(
    private readonly load: () => Promise<JSONWebKeySet>,
    private readonly options: ProviderKeysOptions,
  ) {}

  /** Drops the cached keys (the provider's jwks_uri changed). */
  reset(): void {
    this.local = null;
    this.fetchedAt = 0;
    this.lastAttempt = 0;
  }

  /** The key resolver for jose's jwtVerify. */
  readonly resolve = async (header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<ResolvedKey> => {
    const now = Date.now();
    if (!this.local) {
      // While the provider is known to be down, answer at once instead of waiting out a timeout
      // for every request; try again after the minimum interval.
      if (this.lastFailure && now - this.lastAttempt < this.options.minRefreshMs) throw this.lastFailure;
      await this.refresh();
    } else if (now - this.fetchedAt > this.options.maxAgeMs && this.mayFetch(now)) {
      this.refresh().catch((error: unknown) => this.options.onBackgroundFailure(error));
    }
    try {
      return await this.local!(header, token);
    } catch (error) {
      if (error instanceof joseErrors.JWKSNoMatchingKey && this.mayFetch(Date.now())) {
        await this.refresh();
        return this.local!(header, token);
      }
      throw error;
    }
  };

  private mayFetch(now: number): boolean {
    return now - this.lastAttempt >= this.options.minRefreshMs;
  }

  private refresh(): Promise<void> {
    this.inflight ??= (async () => {
      this.lastAttempt = Date.now();
      try {
        const jwks = await this.load();
        this.local = createLocalJWKSet(jwks);
        this.fetchedAt = Date.now();
        this.lastFailure = null;
      } catch (error) {
        // Any failure (the provider down, or a key set that is not one) waits out minRefreshMs:
        // a stream of tokens must not turn into a stream of fetches.
        this.lastFailure =
          error instanceof BackendUnavailableError
            ? error
            : new BackendUnavailableError(this.options.backendId, 'the provider sent unusable keys', {
                cause: error,
              });
        throw this.lastFailure;
      } finally {
        this.inflight = null;
      }
    })();
    return this.inflight;
  }
}
