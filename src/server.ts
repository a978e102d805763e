import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import fastifyApollo from '@as-integrations/fastify';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/knex';
import type { AppConfig } from './config';
import type { Caller, RequestContext } from './context';
import { openDatabase, type Database } from './db/orm';
import { refusalForContextError } from './errors/refusal';
import { makeErrorFormatter, toRefusal } from './graphql/errors';
import { bearerToken } from './auth/tokens';
import { registerSsoRoutes } from './http/sso.routes';
import { registerHealthRoutes } from './http/health.routes';
import { requestContext } from './http/request-context';
import { BackendSet } from './services/support/backend-set';
import { ensureBootstrapAdmin } from './services/bootstrap';
import { createServices, type Services } from './services/wiring';
import { buildSubgraphAppSchema } from './federation/subgraph';
import { introspectionPolicyPlugin } from './graphql/introspection.plugin';
import { graphqlBodyErrorHandler } from './graphql/http-errors';
import { applyJsonInputLimits } from './graphql/json-input';
import { limitParseOptions, limitValidationRules } from './graphql/limits';
import { requestLimitsPlugin } from './graphql/limits.plugin';
import { PAGE_MAX } from './domain/rules';
import { createGraphiqlIde } from './ide/graphiql';
import { createRateLimits } from './ratelimit/rate-limits';
import { gracefulShutdown, trackRequests, type ShutdownResult } from './shutdown';
import { observabilityPlugin } from './graphql/observability.plugin';
import { checkReadiness } from './http/health.routes';
import { instrumentBackend } from './observability/backend-calls';
import { registerHttpInstrumentation } from './observability/http-hooks';
import { listenForMetrics, registerMetricsRoute, type MetricsListener } from './observability/metrics.routes';
import { PrometheusMetrics } from './observability/prometheus';
import { NO_TELEMETRY } from './observability/telemetry';
import { idgateTracer, startTracing, type Tracing } from './observability/tracing';

/** Bound on closing backends and pools after HTTP has closed (see docs/operations.md, "Shutdown"). */
export const RESOURCES_CLOSE_MS = 2000;

export interface IdgateServer {
  app: FastifyInstance;
  db: Database;
  services: Services;
  /** Starts listening (and on `metrics.port`, when set); resolves to the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** The base URL of the separate metrics listener (`metrics.port`) once listening, else null. */
  metricsUrl(): string | null;
  /** Stops HTTP, the backends and the database: `shutdown()` with the configured grace period. */
  close(): Promise<void>;
  /**
   * Graceful stop (see shutdown.ts): /readyz turns 503, no new connections, requests in flight
   * finish within `graceMs` (default `shutdown.graceSeconds`) or are cut, then GraphQL, mail,
   * backends and the database close. Calling it again returns the same promise.
   */
  shutdown(options?: { graceMs?: number }): Promise<ShutdownResult>;
  /** During a shutdown: cuts the requests still running now instead of at the end of the grace period. */
  cutNow(): void;
}

export interface ServerOptions {
  /** Logger settings for fastify (false: silent). */
  logger?: boolean | { level: string; stream?: NodeJS.WritableStream };
}

/**
 * A request as logged: the SSO routes carry the provider's code and state in their query string,
 * so their query is never logged.
 */
function requestForLog(request: FastifyRequest) {
  const url = request.url.startsWith('/auth/sso/') ? request.url.split('?')[0] : request.url;
  return {
    method: request.method,
    url,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** Builds the whole server: database (migrated), backends, bootstrap admin, GraphQL. Does not listen. */
export async function createServer(config: AppConfig, options: ServerOptions = {}): Promise<IdgateServer> {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: typeof options.logger === 'object' ? options.logger.level : config.logLevel,
            ...(typeof options.logger === 'object' && options.logger.stream
              ? { stream: options.logger.stream }
              : {}),
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            serializers: { req: requestForLog },
          },
    // Whose X-Forwarded-For names the client (request.ip): nobody's unless configured, so that a
    // client cannot pick the address its rate limits are counted under.
    trustProxy: config.http.trustProxy,
    bodyLimit: config.graphql.limits.bodyBytes,
  });
  // Metrics and tracing: each off costs nothing per request (no hooks, no wrapped backends).
  const tracer = config.tracing ? idgateTracer() : null;
  // Read at scrape time only, once the database is open.
  let opened: Database | null = null;
  const metrics: PrometheusMetrics | null = config.metrics.enabled
    ? new PrometheusMetrics(
        {
          readiness: () => checkReadiness(opened!, backends, app.log),
          pool: () => opened?.poolStats() ?? null,
        },
        config.domains.flatMap((d) => d.backends.map((b) => b.id)),
      )
    : null;
  const telemetry = metrics ?? NO_TELEMETRY;
  registerHttpInstrumentation(app, { telemetry: metrics, tracer, graphqlPath: '/graphql' });
  const backends: BackendSet = new BackendSet(config.domains, config.registry, { log: app.log }, (backend) =>
    instrumentBackend(backend, { telemetry: metrics, tracer }),
  );
  const requests = trackRequests(app);
  const db = await openDatabase(config.database, config.database.timeouts);
  opened = db;
  const limits = await createRateLimits(config, app.log, telemetry);
  let tracing: Tracing | null = null;
  let metricsListener: MetricsListener | null = null;
  try {
    if (config.tracing) tracing = await startTracing(config.tracing, app.log);
    await backends.initAll();
    const services = createServices(config, backends, app.log, limits, telemetry);
    await ensureBootstrapAdmin(db.orm.em.fork() as EntityManager, config, backends, app.log);

    const ide = config.graphql.ide ? createGraphiqlIde() : null;
    const requestLimits = config.graphql.limits;
    const apollo = new ApolloServer<RequestContext>({
      // The API as an Apollo Federation 2 subgraph: the same resolvers plus _service and _entities.
      schema: applyJsonInputLimits(await buildSubgraphAppSchema(services, config.graphql.federation), {
        depth: requestLimits.jsonDepth,
        bytes: requestLimits.jsonBytes,
      }),
      // Checked before anything runs: the parser stops at the token limit, the rules refuse deep,
      // aliased, directive-laden documents and a second credential field.
      parseOptions: limitParseOptions(requestLimits),
      validationRules: limitValidationRules(requestLimits),
      formatError: makeErrorFormatter(app.log),
      includeStacktraceInErrorResponses: false,
      introspection: true,
      csrfPrevention: true,
      // idgate's own shutdown (shutdown.ts) drains HTTP; Apollo must not catch SIGTERM and re-raise it.
      stopOnTerminationSignals: false,
      plugins: [
        // idgate's own GraphiQL page (no CDN) instead of Apollo's landing page.
        ide ? ide.plugin : ApolloServerPluginLandingPageDisabled(),
        introspectionPolicyPlugin(config.graphql.introspection, config.graphql.suggestions),
        requestLimitsPlugin(requestLimits, PAGE_MAX),
        // No federated traces (ftv1) for whoever asks: idgate reports to no Apollo service.
        ApolloServerPluginInlineTraceDisabled(),
        // No cache hints (idgate's answers are per caller and never cached): and no per-field hook.
        ApolloServerPluginCacheControlDisabled(),
        ...(metrics || tracer
          ? [observabilityPlugin({ telemetry: metrics, operationNames: config.metrics.operationNames })]
          : []),
      ],
    });
    await apollo.start();

    const context = async (request: FastifyRequest): Promise<RequestContext> => {
      const em = db.orm.em.fork() as EntityManager;
      const token = bearerToken(request.headers.authorization);
      let caller: Caller | null = null;
      if (token) {
        try {
          caller = await services.tokens.authenticate({ em, log: request.log }, token);
        } catch (error) {
          // The token could not be checked (the database or an SSO provider did not answer, a
          // provisioning clash): the request is refused before execution, with an HTTP status.
          throw toRefusal(refusalForContextError(error, request.log));
        }
      }
      return requestContext(request, db, services, caller, token !== null && caller === null, em);
    };
    await app.register(async (scope) => {
      // Body refusals (too large, not JSON) at /graphql answer in GraphQL's shape with a contract code.
      scope.setErrorHandler(graphqlBodyErrorHandler(requestLimits.bodyBytes));
      await scope.register(fastifyApollo(apollo), { path: '/graphql', context });
    });
    ide?.register(app, '/graphql');
    registerHealthRoutes(app, db, backends, { isDraining: () => requests.draining });
    registerSsoRoutes(app, db, services);
    if (metrics && config.metrics.port === null) {
      registerMetricsRoute(app, metrics, config.metrics.token);
      if (!config.metrics.token) {
        app.log.info('metrics at /metrics with no token: keep /metrics away from the public network');
      }
    }

    let stopping: Promise<ShutdownResult> | null = null;
    let cut: () => void = () => undefined;
    const cutEarly = new Promise<void>((resolve) => (cut = resolve));
    const shutdown = (shutdownOptions: { graceMs?: number } = {}) =>
      (stopping ??= gracefulShutdown({
        app,
        tracker: requests,
        log: app.log,
        graceMs: shutdownOptions.graceMs ?? config.shutdown.graceSeconds * 1000,
        resourcesMs: RESOURCES_CLOSE_MS,
        cutEarly,
        async closeResources() {
          await metricsListener?.close();
          await apollo.stop();
          services.mail.close();
          await backends.destroyAll();
          await limits.close();
          await db.orm.close(true);
          // Last: the spans of the requests and calls above are sent before the process goes.
          await tracing?.shutdown();
        },
      }));
    return {
      app,
      db,
      services,
      async listen(port = config.port, host = config.host) {
        await app.listen({ port, host });
        if (metrics && config.metrics.port !== null && !metricsListener) {
          metricsListener = await listenForMetrics(
            metrics,
            config.metrics.token,
            config.metrics.port,
            host,
            app.log.child({ component: 'metrics' }),
          );
        }
        const address = app.server.address();
        const actual = typeof address === 'object' && address ? address.port : port;
        return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}`;
      },
      metricsUrl: () => metricsListener?.url ?? null,
      async close() {
        await shutdown();
      },
      shutdown,
      cutNow: () => cut(),
    };
  } catch (error) {
    await backends.destroyAll().catch(() => undefined);
    await limits.close().catch(() => undefined);
    await db.orm.close(true).catch(() => undefined);
    await tracing?.shutdown().catch(() => undefined);
    throw error;
  }
}
