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
import { backendId, fileSchema, type TrustProxy } from './config-file';
import { metricsTokenSchema, resolveMetrics, type MetricsConfig } from './observability/metrics.config';
import { tracingFromEnv, type TracingConfig } from './observability/tracing.config';
import { resolveRateLimits, type RateLimitsConfig } from './ratelimit/rate-limits.config';
import { DEFAULT_GRAPHQL_LIMITS, type GraphqlLimits } from './graphql/limits';

export type { TrustProxy } from './config-file';

/** A configuration problem: the message is one line naming the key and what is wrong. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

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
