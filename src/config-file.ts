import { z } from 'zod';
import { metricsFileSchema } from './observability/metrics.config';
import { isProxyAddress } from './ratelimit/keys';
import { rateLimitsFileSchema } from './ratelimit/rate-limits.config';

/**
 * The config file's shape (YAML or JSON), checked with zod: every key idgate reads, each with its
 * bounds. src/config.ts reads the file against it and resolves the defaults; docs/configuration.md
 * lists the keys.
 */

export const domainName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,62}$/,
    'must be 1..63 lower-case letters, digits or "-", starting with a letter or digit',
  );
export const backendId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, 'must be 1..63 letters, digits, "_" or "-"');
const seconds = z.number().int().positive();
const millis = (min: number, max: number) => z.number().int().min(min).max(max);

/**
 * Fastify's `trustProxy` as idgate takes it: off, on (every peer is a trusted proxy), or the proxies'
 * addresses. Not a hop count: fastify 5 ignores those, since a count cannot tell a proxy from a client
 * that connects directly and sends its own X-Forwarded-For.
 */
export type TrustProxy = boolean | string[];

const trustProxySchema = z.unknown().superRefine((value, ctx) => {
  if (typeof value === 'boolean') return;
  if (typeof value === 'number') {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message:
        'a hop count cannot tell a proxy from a client that sends its own X-Forwarded-For: list the proxies (addresses or CIDR ranges) instead',
    });
    return;
  }
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((entry, i) => {
      if (typeof entry !== 'string' || !isProxyAddress(entry)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [i],
          message: 'must be an IP address, a CIDR range, loopback, linklocal or uniquelocal',
        });
      }
    });
    return;
  }
  ctx.addIssue({
    code: z.ZodIssueCode.custom,
    message: 'must be true, false or a list of proxy addresses or CIDR ranges',
  });
}) as z.ZodType<TrustProxy>;

export const fileSchema = z
  .object({
    domains: z
      .array(
        z
          .object({
            name: domainName,
            backends: z.array(z.record(z.unknown())).min(1, 'needs at least one backend'),
          })
          .strict(),
      )
      .min(1)
      .optional(),
    sessions: z
      .object({
        /** Absolute lifetime of a login session. */
        ttlSeconds: seconds.optional(),
        /** A session unused for this long ends. */
        idleTimeoutSeconds: seconds.optional(),
      })
      .strict()
      .optional(),
    serviceAccounts: z
      .object({ tokenTtlDays: z.number().int().positive().max(3650).optional() })
      .strict()
      .optional(),
    lockout: z
      .object({
        /** Failed logins within the window that lock the account. */
        maxFailures: z.number().int().min(1).max(1000).optional(),
        windowSeconds: seconds.optional(),
        /** How long a lock lasts before it lifts by itself. */
        lockSeconds: seconds.optional(),
      })
      .strict()
      .optional(),
    passwordPolicy: z
      .object({
        minLength: z.number().int().min(1).max(256).optional(),
        maxLength: z.number().int().min(8).max(1024).optional(),
        /** Refuse a password equal to the user name (any case). */
        forbidName: z.boolean().optional(),
        /** Refuse passwords on the shipped list of common passwords. */
        forbidCommon: z.boolean().optional(),
      })
      .strict()
      .optional(),
    emailVerification: z
      .object({
        codeTtlSeconds: seconds.optional(),
        maxAttempts: z.number().int().min(1).max(100).optional(),
        resendIntervalSeconds: z.number().int().min(0).optional(),
      })
      .strict()
      .optional(),
    mail: z
      .object({
        from: z.string().min(3).optional(),
        smtp: z
          .object({
            host: z.string().min(1),
            port: z.number().int().min(1).max(65535).optional(),
            /** true: TLS from the start (port 465); false: plain, upgraded by STARTTLS when offered. */
            secure: z.boolean().optional(),
            /** Refuse to send unless STARTTLS succeeds. */
            requireTls: z.boolean().optional(),
            user: z.string().optional(),
            password: z.string().optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    http: z
      .object({
        /**
         * Which proxies' X-Forwarded-For to believe for the client address (rate limits, sessions,
         * logs): false (the default) believes none.
         */
        trustProxy: trustProxySchema.optional(),
      })
      .strict()
      .optional(),
    /** Per-address and per-account limits of login, confirmEmail, sendEmailVerification and resetPassword. */
    rateLimits: rateLimitsFileSchema.optional(),
    /** Bounded waits on the database (docs/operations.md, "Timeouts"). */
    database: z
      .object({
        connectTimeoutMs: millis(100, 60_000).optional(),
        statementTimeoutMs: millis(100, 3_600_000).optional(),
        acquireTimeoutMs: millis(100, 60_000).optional(),
        idleInTransactionTimeoutMs: millis(1000, 3_600_000).optional(),
        poolSize: z.number().int().min(1).max(200).optional(),
        sqliteBusyTimeoutMs: millis(0, 60_000).optional(),
      })
      .strict()
      .optional(),
    /** Graceful shutdown on SIGTERM/SIGINT (docs/operations.md, "Shutdown"). */
    shutdown: z
      .object({
        /** How long requests in flight may run on after the signal before they are cut. */
        graceSeconds: z.number().int().min(0).max(3600).optional(),
      })
      .strict()
      .optional(),
    /** GET /metrics (Prometheus): on or off, its bearer token, its own port, extra operation names. */
    metrics: metricsFileSchema.optional(),
    graphql: z
      .object({
        /**
         * on: anyone may introspect; admins: only authenticated admins (suggestions hidden from others).
         * Default `on`, or `admins` when NODE_ENV is `production`.
         */
        introspection: z.enum(['on', 'admins']).optional(),
        /** Serve the GraphiQL IDE to browsers at GET /graphql (default true). */
        ide: z.boolean().optional(),
        /** The Apollo Federation subgraph SDL (docs/clients.md, "Apollo Federation"). */
        federation: z
          .object({
            /** @authenticated on the fields that need a caller (default true; false for @apollo/gateway). */
            authorizationDirectives: z.boolean().optional(),
          })
          .strict()
          .optional(),
        /** Bounds on a request, checked before anything runs (see docs/security.md, "GraphQL limits"). */
        limits: z
          .object({
            depth: z.number().int().min(2).max(100).optional(),
            aliases: z.number().int().min(0).max(10_000).optional(),
            tokens: z.number().int().min(100).max(50_000).optional(),
            directives: z.number().int().min(0).max(10_000).optional(),
            cost: z.number().int().min(1).optional(),
            bodyBytes: z
              .number()
              .int()
              .min(1024)
              .max(100 * 1024 * 1024)
              .optional(),
            jsonDepth: z.number().int().min(1).max(256).optional(),
            jsonBytes: z
              .number()
              .int()
              .min(2)
              .max(16 * 1024 * 1024)
              .optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
