import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { defaultRegistry, type BackendRegistry } from '../backends/registry';
import {
  DEFAULT_DATABASE_TIMEOUTS,
  parseDatabaseUrl,
  type DatabaseTarget,
  type DatabaseTimeouts,
} from './db/orm';
import {
  metricsFileSchema,
  metricsTokenSchema,
  resolveMetrics,
  type MetricsConfig,
} from './observability/metrics.config';
import { tracingFromEnv, type TracingConfig } from './observability/tracing.config';
import { isProxyAddress } from './ratelimit/keys';
import {
  rateLimitsFileSchema,
  resolveRateLimits,
  type RateLimitsConfig,
} from './ratelimit/rate-limits.config';
import { DEFAULT_GRAPHQL_LIMITS, type GraphqlLimits } from './graphql/limits';

/** A configuration problem: the message is one line naming the key and what is wrong. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const domainName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,62}$/,
    'must be 1..63 lower-case letters, digits or "-", starting with a letter or digit',
  );
const backendId = z
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

const fileSchema = z
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

export interface BackendConfig {
  id: string;
  kind: string;
  [key: string]: unknown;
}

export interface DomainConfig {
  name: string;
  backends: BackendConfig[];
}

export interface AppConfig {
  /** The backend kinds the config was checked against; the server builds its backends with it. */
  registry: BackendRegistry;
  port: number;
  host: string;
  /** Where the database is, and the bounds on waiting for it. */
  database: DatabaseTarget & { timeouts: DatabaseTimeouts };
  /** Graceful shutdown: how long requests in flight may run on after SIGTERM/SIGINT. */
  shutdown: { graceSeconds: number };
  domains: DomainConfig[];
  admin: { name: string; password: string | null };
  sessions: { ttlSeconds: number; idleTimeoutSeconds: number };
  serviceAccounts: { tokenTtlSeconds: number };
  lockout: { maxFailures: number; windowSeconds: number; lockSeconds: number };
  passwordPolicy: { minLength: number; maxLength: number; forbidName: boolean; forbidCommon: boolean };
  emailVerification: { codeTtlSeconds: number; maxAttempts: number; resendIntervalSeconds: number };
  mail: {
    from: string;
    smtp: {
      host: string;
      port: number;
      secure: boolean;
      requireTls: boolean;
      user: string | null;
      password: string | null;
    } | null;
  };
  logLevel: string;
  graphql: {
    /** Who may introspect the schema. */
    introspection: 'on' | 'admins';
    /**
     * Who sees "Did you mean …" suggestions in error messages: `admins` in production or when
     * introspection is for admins only (a suggestion names fields just as introspection would).
     */
    suggestions: 'on' | 'admins';
    /** Whether browsers get the GraphiQL IDE at GET /graphql. */
    ide: boolean;
    /** How the subgraph SDL is published: with or without the authorization directives. */
    federation: { authorizationDirectives: boolean };
    /** Bounds on every GraphQL request, checked before it runs. */
    limits: GraphqlLimits;
  };
  http: {
    /** Fastify's trustProxy: whose X-Forwarded-For names the client address. */
    trustProxy: TrustProxy;
  };
  /** The rate limits, resolved with their defaults. */
  rateLimits: RateLimitsConfig;
  /** REDIS_URL: when set, the rate limits are kept in this Redis (shared by every replica). */
  redisUrl: string | null;
  /** GET /metrics, resolved with its defaults (IDGATE_METRICS_TOKEN included). */
  metrics: MetricsConfig;
  /** Where spans go (the OTEL_EXPORTER_OTLP_* variables); null: no tracing, the SDK is not loaded. */
  tracing: TracingConfig | null;
}

export const DEFAULT_DOMAIN = 'default';

function formatPath(path: (string | number)[]): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part),
    '',
  );
}

function firstIssue(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0]!;
  const path = formatPath([...(prefix ? [prefix] : []), ...issue.path]);
  if (issue.code === 'unrecognized_keys') {
    const key = formatPath([...(prefix ? [prefix] : []), ...issue.path, issue.keys[0]!]);
    return `${key}: unknown key`;
  }
  return `${path || '(top level)'}: ${issue.message}`;
}

/** Reads and checks a config file (YAML or JSON: JSON is YAML). Throws ConfigError. */
export function loadConfigFile(
  path: string,
  registry: BackendRegistry = defaultRegistry(),
): z.infer<typeof fileSchema> & { domains?: DomainConfig[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(
      `IDGATE_CONFIG: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new ConfigError(
      `IDGATE_CONFIG: ${path} is not valid YAML/JSON: ${(e as Error).message.split('\n')[0]}`,
    );
  }
  const parsed = fileSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new ConfigError(`IDGATE_CONFIG ${path}: ${firstIssue(parsed.error, '')}`);
  const file = parsed.data;
  const domains: DomainConfig[] | undefined = file.domains?.map((d, di) => ({
    name: d.name,
    backends: d.backends.map((b, bi) => checkBackend(registry, path, b, `domains[${di}].backends[${bi}]`)),
  }));
  return { ...file, domains };
}

function checkBackend(
  registry: BackendRegistry,
  path: string,
  raw: Record<string, unknown>,
  where: string,
): BackendConfig {
  const kind = raw.kind;
  if (typeof kind !== 'string') throw new ConfigError(`IDGATE_CONFIG ${path}: ${where}.kind: required`);
  const factory = registry.get(kind);
  if (!factory) {
    throw new ConfigError(
      `IDGATE_CONFIG ${path}: ${where}.kind: unknown backend kind "${kind}" (known: ${registry.kinds().join(', ')})`,
    );
  }
  const idCheck = backendId.safeParse(raw.id);
  if (!idCheck.success)
    throw new ConfigError(`IDGATE_CONFIG ${path}: ${where}.id: ${idCheck.error.issues[0]!.message}`);
  const parsed = factory.configSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`IDGATE_CONFIG ${path}: ${firstIssue(parsed.error, where)}`);
  return parsed.data as BackendConfig;
}

/** Builds the whole configuration from the environment (and the file it names). Throws ConfigError. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  registry: BackendRegistry = defaultRegistry(),
): AppConfig {
  const portText = env.PORT ?? '4000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT: "${portText}" is not a port number (0..65535)`);
  }
  const databaseUrl = env.DATABASE_URL ?? 'sqlite:./data/idgate.db';
  const database = parseDatabaseUrl(databaseUrl);
  if (!database) {
    throw new ConfigError('DATABASE_URL: must be sqlite:<path> or postgres://user:pass@host:port/db');
  }
  const file: ReturnType<typeof loadConfigFile> = env.IDGATE_CONFIG
    ? loadConfigFile(env.IDGATE_CONFIG, registry)
    : {};
  const domains: DomainConfig[] = file.domains ?? [
    { name: DEFAULT_DOMAIN, backends: [{ id: 'local', kind: 'local', displayName: 'Local users' }] },
  ];
  const seenDomains = new Set<string>();
  const seenBackends = new Set<string>();
  domains.forEach((d, di) => {
    if (seenDomains.has(d.name))
      throw new ConfigError(`IDGATE_CONFIG: domains[${di}].name: "${d.name}" is declared twice`);
    seenDomains.add(d.name);
    d.backends.forEach((b, bi) => {
      if (seenBackends.has(b.id)) {
        throw new ConfigError(
          `IDGATE_CONFIG: domains[${di}].backends[${bi}].id: "${b.id}" is declared twice`,
        );
      }
      seenBackends.add(b.id);
    });
  });
  if (!seenDomains.has(DEFAULT_DOMAIN)) {
    throw new ConfigError(`IDGATE_CONFIG: domains: the system domain "${DEFAULT_DOMAIN}" must be declared`);
  }
  const adminName = env.IDGATE_ADMIN_NAME ?? 'admin';
  if (!/^[\p{L}\p{N}._@+-]{1,100}$/u.test(adminName)) {
    throw new ConfigError('IDGATE_ADMIN_NAME: must be 1..100 letters, digits or . _ @ + -');
  }
  const passwordPolicy = {
    minLength: file.passwordPolicy?.minLength ?? 8,
    maxLength: file.passwordPolicy?.maxLength ?? 256,
    forbidName: file.passwordPolicy?.forbidName ?? true,
    forbidCommon: file.passwordPolicy?.forbidCommon ?? true,
  };
  if (passwordPolicy.minLength > passwordPolicy.maxLength) {
    throw new ConfigError(
      'IDGATE_CONFIG: passwordPolicy.minLength: must not exceed passwordPolicy.maxLength',
    );
  }
  const redisUrl = env.REDIS_URL || null;
  if (redisUrl !== null && !isRedisUrl(redisUrl)) {
    throw new ConfigError('REDIS_URL: must be redis://[user:password@]host[:port][/db] or rediss://…');
  }
  const metricsToken = env.IDGATE_METRICS_TOKEN || null;
  if (metricsToken !== null) {
    const check = metricsTokenSchema.safeParse(metricsToken);
    if (!check.success) throw new ConfigError(`IDGATE_METRICS_TOKEN: ${check.error.issues[0]!.message}`);
  }
  const metrics = resolveMetrics(file.metrics, metricsToken);
  if (metrics.port !== null && metrics.port !== 0 && metrics.port === port) {
    throw new ConfigError(`IDGATE_CONFIG: metrics.port: ${metrics.port} is the API's port (PORT)`);
  }
  const tracing = tracingFromEnv(env);
  if ('problem' in tracing) throw new ConfigError(tracing.problem);
  const adminPassword = env.IDGATE_ADMIN_PASSWORD || null;
  if (adminPassword !== null && adminPassword.length < 8) {
    throw new ConfigError('IDGATE_ADMIN_PASSWORD: must be at least 8 characters');
  }
  return {
    registry,
    port,
    host: env.HOST ?? '0.0.0.0',
    database: {
      ...database,
      timeouts: {
        connectTimeoutMs: file.database?.connectTimeoutMs ?? DEFAULT_DATABASE_TIMEOUTS.connectTimeoutMs,
        statementTimeoutMs: file.database?.statementTimeoutMs ?? DEFAULT_DATABASE_TIMEOUTS.statementTimeoutMs,
        acquireTimeoutMs: file.database?.acquireTimeoutMs ?? DEFAULT_DATABASE_TIMEOUTS.acquireTimeoutMs,
        idleInTransactionTimeoutMs:
          file.database?.idleInTransactionTimeoutMs ?? DEFAULT_DATABASE_TIMEOUTS.idleInTransactionTimeoutMs,
        poolSize: file.database?.poolSize ?? DEFAULT_DATABASE_TIMEOUTS.poolSize,
        sqliteBusyTimeoutMs:
          file.database?.sqliteBusyTimeoutMs ?? DEFAULT_DATABASE_TIMEOUTS.sqliteBusyTimeoutMs,
      },
    },
    shutdown: { graceSeconds: file.shutdown?.graceSeconds ?? 10 },
    domains,
    admin: { name: adminName, password: adminPassword },
    sessions: {
      ttlSeconds: file.sessions?.ttlSeconds ?? 12 * 3600,
      idleTimeoutSeconds: file.sessions?.idleTimeoutSeconds ?? 3600,
    },
    serviceAccounts: { tokenTtlSeconds: (file.serviceAccounts?.tokenTtlDays ?? 365) * 86400 },
    lockout: {
      maxFailures: file.lockout?.maxFailures ?? 5,
      windowSeconds: file.lockout?.windowSeconds ?? 900,
      lockSeconds: file.lockout?.lockSeconds ?? 900,
    },
    passwordPolicy,
    emailVerification: {
      codeTtlSeconds: file.emailVerification?.codeTtlSeconds ?? 900,
      maxAttempts: file.emailVerification?.maxAttempts ?? 5,
      resendIntervalSeconds: file.emailVerification?.resendIntervalSeconds ?? 60,
    },
    mail: {
      from: file.mail?.from ?? 'idgate <no-reply@localhost>',
      smtp: file.mail?.smtp
        ? {
            host: file.mail.smtp.host,
            port: file.mail.smtp.port ?? (file.mail.smtp.secure ? 465 : 587),
            secure: file.mail.smtp.secure ?? false,
            requireTls: file.mail.smtp.requireTls ?? false,
            user: file.mail.smtp.user ?? null,
            password: file.mail.smtp.password ?? null,
          }
        : null,
    },
    logLevel: env.LOG_LEVEL ?? 'info',
    graphql: graphqlSettings(file.graphql, env.NODE_ENV === 'production'),
    http: { trustProxy: file.http?.trustProxy ?? false },
    rateLimits: resolveRateLimits(file.rateLimits),
    redisUrl,
    metrics,
    tracing: tracing.tracing,
  };
}

/**
 * The `graphql` section with its defaults. In production (NODE_ENV=production) introspection is for
 * admins unless the file says otherwise, and suggestions are for admins whatever it says.
 */
function graphqlSettings(
  section: z.infer<typeof fileSchema>['graphql'],
  production: boolean,
): AppConfig['graphql'] {
  const introspection = section?.introspection ?? (production ? 'admins' : 'on');
  const limits = section?.limits;
  return {
    introspection,
    suggestions: production || introspection === 'admins' ? 'admins' : 'on',
    ide: section?.ide ?? true,
    federation: { authorizationDirectives: section?.federation?.authorizationDirectives ?? true },
    limits: {
      depth: limits?.depth ?? DEFAULT_GRAPHQL_LIMITS.depth,
      aliases: limits?.aliases ?? DEFAULT_GRAPHQL_LIMITS.aliases,
      tokens: limits?.tokens ?? DEFAULT_GRAPHQL_LIMITS.tokens,
      directives: limits?.directives ?? DEFAULT_GRAPHQL_LIMITS.directives,
      cost: limits?.cost ?? DEFAULT_GRAPHQL_LIMITS.cost,
      bodyBytes: limits?.bodyBytes ?? DEFAULT_GRAPHQL_LIMITS.bodyBytes,
      jsonDepth: limits?.jsonDepth ?? DEFAULT_GRAPHQL_LIMITS.jsonDepth,
      jsonBytes: limits?.jsonBytes ?? DEFAULT_GRAPHQL_LIMITS.jsonBytes,
    },
  };
}

function isRedisUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
  } catch {
    return false;
  }
}
