import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CallOutcome, Telemetry } from './telemetry';

/** What /readyz sees: the database and each backend, up or down. */
export interface ReadinessReport {
  /** Whether the database answered `select 1` in time. */
  database: 'up' | 'down';
  /** Each backend by id, and whether it answered its health check in time. */
  backends: { id: string; state: 'up' | 'down' }[];
}

/** The database connection pool at one moment. */
export interface PoolStats {
  /** Connections lent out to a query or transaction. */
  used: number;
  /** Open connections waiting in the pool. */
  free: number;
  /** Queries and transactions waiting for a connection. */
  pendingAcquires: number;
  /** The most connections the pool opens. */
  max: number;
}

/** Where the metrics that are read at scrape time come from. */
export interface ScrapeSources {
  /** Probes the database and every backend as /readyz does, each bounded in time. */
  readiness(): Promise<ReadinessReport>;
  /** The database pool now, or null when the database has none worth reporting. */
  pool(): PoolStats | null;
}

/** Latency buckets (seconds) of every histogram: few and fixed, from 5 ms to 10 s. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A health probe result is reused for this long, so that scrapes cannot hammer the backends. */
const READINESS_MAX_AGE_MS = 5000;

/** The HTTP methods counted by name; any other is counted as OTHER. */
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/**
 * idgate's metrics in a prom-client registry of its own (one per server): the counters and
 * histograms the services, rate limits, backends and request hooks report to (see
 * docs/operations.md, "Metrics and tracing", for every name), the values read at scrape time
 * (backend health, database pool) and prom-client's default process and Node.js metrics (event-loop
 * delay among them).
 */
export class PrometheusMetrics implements Telemetry {
  /** The registry /metrics renders. */
  readonly registry = new Registry();
  private readonly graphqlRequests;
  private readonly graphqlDuration;
  private readonly httpRequests;
  private readonly httpDuration;
  private readonly logins;
  private readonly lockouts;
  private readonly refusals;
  private readonly backendCalls;
  private readiness: { at: number; report: Promise<ReadinessReport> } | null = null;

  constructor(
    private readonly sources: ScrapeSources,
    backendIds: readonly string[],
  ) {
    const registers = [this.registry];
    this.graphqlRequests = new Counter({
      name: 'idgate_graphql_requests_total',
      help: 'GraphQL operations by operation name (known names only) and result code (OK or the first error code)',
      labelNames: ['operation', 'code'] as const,
      registers,
    });
    this.graphqlDuration = new Histogram({
      name: 'idgate_graphql_request_duration_seconds',
      help: 'Time to answer a GraphQL operation, by operation name and result code',
      labelNames: ['operation', 'code'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.httpRequests = new Counter({
      name: 'idgate_http_requests_total',
      help: 'HTTP requests by route pattern, method and status code',
      labelNames: ['route', 'method', 'status'] as const,
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'idgate_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route pattern and method',
      labelNames: ['route', 'method'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.logins = new Counter({
      name: 'idgate_logins_total',
      help: 'Password logins by result: success, or failure (answered UNAUTHENTICATED)',
      labelNames: ['result'] as const,
      registers,
    });
    this.lockouts = new Counter({
      name: 'idgate_login_lockouts_total',
      help: 'Failed logins or password checks that locked the account',
      registers,
    });
    this.refusals = new Counter({
      name: 'idgate_rate_limit_refusals_total',
      help: 'Calls refused with RATE_LIMITED, by limit',
      labelNames: ['limit'] as const,
      registers,
    });
    this.backendCalls = new Histogram({
      name: 'idgate_backend_call_duration_seconds',
      help: 'Calls to identity backends by backend id, call (method of the backend contract) and outcome',
      labelNames: ['backend', 'call', 'outcome'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    });
    // Known series start at 0, so that rate() and alerts see the first event.
    this.logins.inc({ result: 'success' }, 0);
    this.logins.inc({ result: 'failure' }, 0);

    // The pool first: read before this scrape's own health probe takes a connection.
    new Gauge({
      name: 'idgate_db_pool_connections',
      help: 'Database pool connections by state: used (lent to a query) or free',
      labelNames: ['state'] as const,
      registers,
      collect() {
        const pool = sources.pool();
        if (!pool) return;
        this.set({ state: 'used' }, pool.used);
        this.set({ state: 'free' }, pool.free);
      },
    });
    new Gauge({
      name: 'idgate_db_pool_pending_acquires',
      help: 'Queries and transactions waiting for a database connection',
      registers,
      collect() {
        const pool = sources.pool();
        if (pool) this.set(pool.pendingAcquires);
      },
    });
    new Gauge({
      name: 'idgate_db_pool_max_connections',
      help: 'The most connections the database pool opens',
      registers,
      collect() {
        const pool = sources.pool();
        if (pool) this.set(pool.max);
      },
    });
    const readiness = () => this.readinessReport();
    new Gauge({
      name: 'idgate_database_up',
      help: 'Whether the database answers (1) or not (0), probed as /readyz does',
      registers,
      async collect() {
        const report = await readiness();
        this.set(report.database === 'up' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'idgate_backend_up',
      help: 'Whether each identity backend answers (1) or not (0), probed as /readyz does',
      labelNames: ['backend'] as const,
      registers,
      async collect() {
        const report = await readiness();
        for (const id of backendIds) {
          const state = report.backends.find((b) => b.id === id)?.state;
          this.set({ backend: id }, state === 'up' ? 1 : 0);
        }
      },
    });
    // Process (CPU, memory, file descriptors) and Node.js (event-loop delay, heap, GC) metrics.
    collectDefaultMetrics({ register: this.registry });
  }

  /** The Prometheus text exposition of every metric; probes health first (bounded, see /readyz). */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** The Content-Type of {@link render}'s text. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Counts a successful password login. */
  loginSucceeded(): void {
    this.logins.inc({ result: 'success' });
  }

  /** Counts a password login answered UNAUTHENTICATED. */
  loginFailed(): void {
    this.logins.inc({ result: 'failure' });
  }

  /** Counts a failure that locked an account. */
  accountLocked(): void {
    this.lockouts.inc();
  }

  /** Shows a limit that is on with 0 refusals. */
  limitDeclared(limit: string): void {
    this.refusals.inc({ limit }, 0);
  }

  /** Counts a refusal by `limit`. */
  limitRefused(limit: string): void {
    this.refusals.inc({ limit });
  }

  /** Observes the time of one backend call. */
  backendCall(backendId: string, call: string, outcome: CallOutcome, seconds: number): void {
    this.backendCalls.observe({ backend: backendId, call, outcome }, seconds);
  }

  /** Counts one GraphQL operation and observes its time. */
  graphqlOperation(operation: string, code: string, seconds: number): void {
    this.graphqlRequests.inc({ operation, code });
    this.graphqlDuration.observe({ operation, code }, seconds);
  }

  /** Counts one HTTP request (methods outside the usual ones as OTHER) and observes its time. */
  httpRequest(route: string, method: string, status: number, seconds: number): void {
    const m = METHODS.has(method) ? method : 'OTHER';
    this.httpRequests.inc({ route, method: m, status: String(status) });
    this.httpDuration.observe({ route, method: m }, seconds);
  }

  /**
   * The health of the database and the backends for this scrape: one probe serves every gauge of a
   * scrape and every scrape within {@link READINESS_MAX_AGE_MS}, so that frequent or parallel
   * scrapes cost the backends one probe.
   */
  private readinessReport(): Promise<ReadinessReport> {
    const now = Date.now();
    if (this.readiness && now - this.readiness.at < READINESS_MAX_AGE_MS) return this.readiness.report;
    const report = this.sources
      .readiness()
      .catch((): ReadinessReport => ({ database: 'down', backends: [] }));
    this.readiness = { at: now, report };
    return report;
  }
}
