import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { bearerToken } from '../auth/tokens';
import type { PrometheusMetrics } from './prometheus';

/** The path Prometheus scrapes. */
export const METRICS_PATH = '/metrics';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * GET /metrics: the Prometheus text format. With a token, a scrape without `Authorization: Bearer
 * <token>` (or with another token) gets 401; the token is compared in constant time (as digests, so
 * that its length does not show either).
 */
export function registerMetricsRoute(
  app: FastifyInstance,
  metrics: PrometheusMetrics,
  token: string | null,
): void {
  const expected = token === null ? null : digest(token);
  app.get(METRICS_PATH, async (request, reply) => {
    if (expected) {
      const given = bearerToken(request.headers.authorization);
      if (!given || !timingSafeEqual(digest(given), expected)) {
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer realm="metrics"')
          .type('text/plain; charset=utf-8')
          .send('401 Unauthorized: /metrics needs the metrics bearer token\n');
      }
    }
    const text = await metrics.render();
    return reply.header('cache-control', 'no-store').type(metrics.contentType).send(text);
  });
}

/** The separate listener of `metrics.port`. */
export interface MetricsListener {
  /** Its base URL (the scrape URL is this plus /metrics). */
  readonly url: string;
  /** Stops listening. */
  close(): Promise<void>;
}

/**
 * Serves /metrics alone on its own port (`metrics.port`), e.g. one that only the monitoring network
 * reaches; every other path there is 404. Its requests are not logged one by one.
 */
export async function listenForMetrics(
  metrics: PrometheusMetrics,
  token: string | null,
  port: number,
  host: string,
  log: FastifyBaseLogger,
): Promise<MetricsListener> {
  const app = Fastify({
    loggerInstance: log,
    // A scrape every few seconds would fill the log with request lines.
    logController: new LogController({ disableRequestLogging: true }),
  });
  registerMetricsRoute(app, metrics, token);
  await app.listen({ port, host });
  const address = app.server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}`,
    close: () => app.close(),
  };
}
