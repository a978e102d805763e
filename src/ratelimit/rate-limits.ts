import type { BackendLogger } from '../../backends/types';
import type { AppConfig } from '../config';
import type { RateLimitTelemetry } from '../observability/telemetry';
import { accountKey, addressKey } from './keys';
import { Limit, type Taken } from './limit';
import type { LimitSettings, RateLimitsConfig } from './rate-limits.config';
import { openRateLimitStore, storeKindFor, type RateLimitStore } from './store';

/** A call that passed its limits; the service reports how it ended. */
export interface Attempt {
  /**
   * The call succeeded: its point is given back to the per-address failure limit (a success is not
   * a failure, but it does not wipe out the address's earlier failures either), and the account's
   * failure count and backoff start over.
   */
  succeeded(): Promise<void>;
}

const NOTHING_TO_REPORT: Attempt = { succeeded: async () => undefined };

/**
 * The rate limits of idgate's expensive or guessable operations, in one place: the services call
 * `before…` ahead of the work (it throws RATE_LIMITED with `retryAfterSeconds`), and report success.
 * Every call is counted before the work starts, so that parallel calls cannot all pass a limit
 * before their failures are counted; a success gives its point back.
 */
export class RateLimits {
  private readonly login;
  private readonly confirm;
  private readonly verification;
  private readonly reset;
  private readonly ipv6PrefixLength: number;

  constructor(
    config: RateLimitsConfig,
    private readonly store: RateLimitStore,
    log: BackendLogger,
    telemetry: RateLimitTelemetry,
  ) {
    const make = (name: string, settings: LimitSettings | null): Limit | null => {
      if (!config.enabled || !settings) return null;
      telemetry.limitDeclared(name);
      const local = name.endsWith('PerAddress');
      return new Limit(name, settings, store, config.keyPrefix, log, local, telemetry);
    };
    this.ipv6PrefixLength = config.ipv6PrefixLength;
    this.login = {
      attemptsPerAddress: make('login.attemptsPerAddress', config.login.attemptsPerAddress),
      failuresPerAddress: make('login.failuresPerAddress', config.login.failuresPerAddress),
      failuresPerAccount: make('login.failuresPerAccount', config.login.failuresPerAccount),
    };
    this.confirm = {
      failuresPerAddress: make('confirmEmail.failuresPerAddress', config.confirmEmail.failuresPerAddress),
      failuresPerAccount: make('confirmEmail.failuresPerAccount', config.confirmEmail.failuresPerAccount),
    };
    this.verification = {
      attemptsPerAddress: make(
        'sendEmailVerification.attemptsPerAddress',
        config.sendEmailVerification.attemptsPerAddress,
      ),
      attemptsPerAccount: make(
        'sendEmailVerification.attemptsPerAccount',
        config.sendEmailVerification.attemptsPerAccount,
      ),
    };
    this.reset = {
      attemptsPerAddress: make('resetPassword.attemptsPerAddress', config.resetPassword.attemptsPerAddress),
      attemptsPerAccount: make('resetPassword.attemptsPerAccount', config.resetPassword.attemptsPerAccount),
    };
  }

  /**
   * Before a password login, ahead of any lookup or password hash: counts the attempt for the client
   * address (every attempt, then as a possible failure) and as a possible failure of the account
   * `name` in `domain` (whether it exists or not). Throws RATE_LIMITED when one of them is spent.
   */
  async beforeLogin(ipAddress: string | null, domain: string, name: string): Promise<Attempt> {
    const address = addressKey(ipAddress, this.ipv6PrefixLength);
    // The address limits come first: a client stepping through names is stopped before it can fill
    // the store with a key per name.
    await this.login.attemptsPerAddress?.take(address);
    const perAddress = await this.login.failuresPerAddress?.take(address);
    const perAccount = await this.login.failuresPerAccount?.take(accountKey(domain, name));
    return this.attempt(perAddress, perAccount);
  }

  /** Before an email code is checked: counts a possible failure per client address and per account. */
  async beforeConfirmEmail(ipAddress: string | null, domain: string, name: string): Promise<Attempt> {
    const perAddress = await this.confirm.failuresPerAddress?.take(
      addressKey(ipAddress, this.ipv6PrefixLength),
    );
    const perAccount = await this.confirm.failuresPerAccount?.take(accountKey(domain, name));
    return this.attempt(perAddress, perAccount);
  }

  /** Before a verification code is mailed to the account: counts it per caller address and per account. */
  async beforeSendEmailVerification(ipAddress: string | null, domain: string, name: string): Promise<void> {
    await this.verification.attemptsPerAddress?.take(addressKey(ipAddress, this.ipv6PrefixLength));
    await this.verification.attemptsPerAccount?.take(accountKey(domain, name));
  }

  /** Before a password reset of the account: counts it per caller address and per account. */
  async beforeResetPassword(ipAddress: string | null, domain: string, name: string): Promise<void> {
    await this.reset.attemptsPerAddress?.take(addressKey(ipAddress, this.ipv6PrefixLength));
    await this.reset.attemptsPerAccount?.take(accountKey(domain, name));
  }

  /** An administrator unlocked the account: its login failures and their backoff are forgotten. */
  async clearAccount(domain: string, name: string): Promise<void> {
    await this.login.failuresPerAccount?.clear(accountKey(domain, name));
  }

  /** Releases the store (connections, timers). */
  async close(): Promise<void> {
    await this.store.close();
  }

  private attempt(perAddress: Taken | undefined, perAccount: Taken | undefined): Attempt {
    if (!perAddress && !perAccount) return NOTHING_TO_REPORT;
    return {
      succeeded: async () => {
        if (perAddress) await perAddress.limit.giveBack(perAddress);
        if (perAccount) await perAccount.limit.clear(perAccount.key);
      },
    };
  }
}

/**
 * Builds the rate limits of a server from its configuration, opening the store it names. Does not
 * throw when the store cannot be reached: it counts in memory until the store answers. Refusals are
 * reported to `telemetry`, by limit name.
 */
export async function createRateLimits(
  config: AppConfig,
  log: BackendLogger,
  telemetry: RateLimitTelemetry,
): Promise<RateLimits> {
  const kind = config.rateLimits.enabled ? storeKindFor(config.redisUrl, config.database) : 'memory';
  const store = await openRateLimitStore(kind, config.database, config.redisUrl, log);
  const limits = new RateLimits(config.rateLimits, store, log, telemetry);
  if (config.rateLimits.enabled) log.info({ store: kind }, 'rate limits on');
  return limits;
}
