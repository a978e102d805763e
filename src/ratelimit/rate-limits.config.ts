import { z } from 'zod';

/** One limit, resolved: at most `limit` counted calls per window of `windowSeconds` for one key. */
export interface LimitSettings {
  /** Calls counted within one window before the next is refused. */
  limit: number;
  /** Length of the window; it starts with the first counted call of a key. */
  windowSeconds: number;
  /**
   * 0: a refused key waits until its window ends. Otherwise a key that goes over the limit is
   * blocked this long, and each further block within the backoff memory doubles the previous one.
   */
  blockSeconds: number;
  /** The longest block the doubling reaches (equal to blockSeconds: no growth). */
  maxBlockSeconds: number;
}

/** The limits of every rate-limited operation, resolved with their defaults; null: that limit is off. */
export interface RateLimitsConfig {
  /** False turns every limit off. */
  enabled: boolean;
  /** Prefix of every key in the shared store (Redis keys, rows of the rate_limits table). */
  keyPrefix: string;
  /** IPv6 clients are counted by their network of this length (one subscriber usually holds a /64). */
  ipv6PrefixLength: number;
  login: {
    /** Every login per client address, counted before the password is checked. */
    attemptsPerAddress: LimitSettings | null;
    /** Logins that do not succeed, per client address. */
    failuresPerAddress: LimitSettings | null;
    /** Logins that do not succeed, per account (domain + name) from any address. */
    failuresPerAccount: LimitSettings | null;
  };
  confirmEmail: {
    /** Wrong, expired or unknown codes, per client address. */
    failuresPerAddress: LimitSettings | null;
    /** Wrong, expired or unknown codes, per account from any address. */
    failuresPerAccount: LimitSettings | null;
  };
  sendEmailVerification: {
    /** Codes mailed, per caller address. */
    attemptsPerAddress: LimitSettings | null;
    /** Codes mailed, per target account. */
    attemptsPerAccount: LimitSettings | null;
  };
  resetPassword: {
    /** Resets, per caller address. */
    attemptsPerAddress: LimitSettings | null;
    /** Resets, per target account. */
    attemptsPerAccount: LimitSettings | null;
  };
}

type Operation = 'login' | 'confirmEmail' | 'sendEmailVerification' | 'resetPassword';

/** The defaults idgate ships with (docs/security.md, "Rate limits", explains each). */
export const RATE_LIMIT_DEFAULTS: Omit<RateLimitsConfig, 'enabled' | 'keyPrefix' | 'ipv6PrefixLength'> = {
  login: {
    attemptsPerAddress: { limit: 30, windowSeconds: 60, blockSeconds: 0, maxBlockSeconds: 0 },
    failuresPerAddress: { limit: 10, windowSeconds: 60, blockSeconds: 60, maxBlockSeconds: 900 },
    failuresPerAccount: { limit: 10, windowSeconds: 3600, blockSeconds: 900, maxBlockSeconds: 86400 },
  },
  confirmEmail: {
    failuresPerAddress: { limit: 10, windowSeconds: 600, blockSeconds: 600, maxBlockSeconds: 3600 },
    failuresPerAccount: { limit: 10, windowSeconds: 3600, blockSeconds: 3600, maxBlockSeconds: 86400 },
  },
  sendEmailVerification: {
    attemptsPerAddress: { limit: 30, windowSeconds: 600, blockSeconds: 0, maxBlockSeconds: 0 },
    attemptsPerAccount: { limit: 5, windowSeconds: 3600, blockSeconds: 0, maxBlockSeconds: 0 },
  },
  resetPassword: {
    attemptsPerAddress: { limit: 30, windowSeconds: 600, blockSeconds: 0, maxBlockSeconds: 0 },
    attemptsPerAccount: { limit: 5, windowSeconds: 3600, blockSeconds: 0, maxBlockSeconds: 0 },
  },
};

/** Seven days: the in-memory store cannot time anything longer than about 24 days. */
const MAX_SECONDS = 7 * 86400;

/** One limit in the file: `false` (or `enabled: false`) turns it off; given keys override the default. */
const limitSchema = z.preprocess(
  (value) => (value === false ? { enabled: false } : value),
  z
    .object({
      enabled: z.boolean().optional(),
      limit: z.number().int().min(1).max(100_000).optional(),
      windowSeconds: z.number().int().min(1).max(MAX_SECONDS).optional(),
      blockSeconds: z.number().int().min(0).max(MAX_SECONDS).optional(),
      maxBlockSeconds: z.number().int().min(0).max(MAX_SECONDS).optional(),
    })
    .strict(),
);

type LimitInput = z.infer<typeof limitSchema>;

function section<K extends string>(keys: readonly [K, ...K[]]) {
  const shape = Object.fromEntries(keys.map((k) => [k, limitSchema.optional()])) as Record<
    K,
    z.ZodOptional<typeof limitSchema>
  >;
  return z.object(shape).strict().optional();
}

/** The `rateLimits:` section of the config file. */
export const rateLimitsFileSchema = z
  .object({
    enabled: z.boolean().optional(),
    keyPrefix: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,32}$/, 'must be 1..32 letters, digits, ".", "_" or "-"')
      .optional(),
    ipv6PrefixLength: z.number().int().min(32).max(128).optional(),
    login: section(['attemptsPerAddress', 'failuresPerAddress', 'failuresPerAccount']),
    confirmEmail: section(['failuresPerAddress', 'failuresPerAccount']),
    sendEmailVerification: section(['attemptsPerAddress', 'attemptsPerAccount']),
    resetPassword: section(['attemptsPerAddress', 'attemptsPerAccount']),
  })
  .strict()
  .superRefine((file, ctx) => {
    // Checked against the merged values, so that overriding one key cannot leave a block longer
    // than its maximum.
    for (const [operation, limits] of Object.entries(RATE_LIMIT_DEFAULTS)) {
      for (const [name, defaults] of Object.entries(limits as Record<string, LimitSettings>)) {
        const given = (file[operation as Operation] as Record<string, LimitInput> | undefined)?.[name];
        const merged = mergeLimit(defaults, given);
        if (merged && merged.blockSeconds > 0 && merged.maxBlockSeconds < merged.blockSeconds) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: [operation, name, 'maxBlockSeconds'],
            message: `must be at least blockSeconds (${merged.blockSeconds})`,
          });
        }
      }
    }
  });

/** The `rateLimits:` section as checked, before the defaults are filled in. */
export type RateLimitsFile = z.infer<typeof rateLimitsFileSchema>;

function mergeLimit(defaults: LimitSettings, given: LimitInput | undefined): LimitSettings | null {
  if (given?.enabled === false) return null;
  const blockSeconds = given?.blockSeconds ?? defaults.blockSeconds;
  // A block given without a maximum does not grow unless the default maximum is larger.
  const maxBlockSeconds = given?.maxBlockSeconds ?? Math.max(defaults.maxBlockSeconds, blockSeconds);
  return {
    limit: given?.limit ?? defaults.limit,
    windowSeconds: given?.windowSeconds ?? defaults.windowSeconds,
    blockSeconds,
    maxBlockSeconds: blockSeconds > 0 ? maxBlockSeconds : 0,
  };
}

/** Resolves the checked `rateLimits:` section (or its absence) against the defaults. */
export function resolveRateLimits(file: RateLimitsFile | undefined): RateLimitsConfig {
  const pick = <O extends Operation>(operation: O): RateLimitsConfig[O] => {
    const defaults = RATE_LIMIT_DEFAULTS[operation] as Record<string, LimitSettings>;
    const given = (file?.[operation] ?? {}) as Record<string, LimitInput | undefined>;
    return Object.fromEntries(
      Object.entries(defaults).map(([name, d]) => [name, mergeLimit(d, given[name])]),
    ) as RateLimitsConfig[O];
  };
  return {
    enabled: file?.enabled ?? true,
    keyPrefix: file?.keyPrefix ?? 'idgate',
    ipv6PrefixLength: file?.ipv6PrefixLength ?? 64,
    login: pick('login'),
    confirmEmail: pick('confirmEmail'),
    sendEmailVerification: pick('sendEmailVerification'),
    resetPassword: pick('resetPassword'),
  };
}
