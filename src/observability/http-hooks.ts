import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { withOperationSpan } from './operation-span';
import type { RequestTelemetry } from './telemetry';

/** The route label of a request that matched no route (a 404): never its URL. */
export const UNMATCHED_ROUTE = 'unmatched';

/** What the HTTP hooks report to. */
export interface HttpInstrumentation {
  /** Receives every answered request; null: no HTTP metrics. */
  telemetry: RequestTelemetry | null;
  /** Opens the request's spans; null: no tracing (and no tracing hooks at all). */
  tracer: Tracer | null;
  /** The GraphQL route: its requests get an operation span inside the HTTP span. */
  graphqlPath: string;
}

/** The spans of one request in flight. */
interface RequestSpans {
  http: Span;
  operation: Span | null;
  /** The context the handler runs in: the HTTP span (and the operation span) active. */
  context: Context;
  ended: boolean;
}

/** A POST, or a GET with a `query` parameter: not the IDE page a browser loads from the same path. */
function carriesOperation(request: FastifyRequest): boolean {
  if (request.method === 'POST') return true;
  return request.method === 'GET' && (request.query as Record<string, unknown> | null)?.query !== undefined;
}

function endSpans(spans: RequestSpans, status: number | null): void {
  if (spans.ended) return;
  spans.ended = true;
  spans.operation?.end();
  if (status === null) {
    spans.http.setStatus({ code: SpanStatusCode.ERROR, message: 'request aborted' });
  } else {
    spans.http.setAttribute('http.response.status_code', status);
    // Server spans are errors for 5xx only: a 4xx is the client's (OpenTelemetry HTTP conventions).
    if (status >= 500) spans.http.setStatus({ code: SpanStatusCode.ERROR });
  }
  spans.http.end();
}

/**
 * The fastify hooks of metrics and tracing, the one place HTTP requests are observed:
 * - metrics: each answered request counts by route pattern, method and status, and its time is
 *   observed (fastify's own measure, from the arrival of the request to the end of the response);
 * - tracing: a SERVER span per request (`POST /graphql`), continuing the caller's trace when the
 *   request carries a W3C `traceparent`; for the GraphQL route an operation span inside it, which
 *   is the active span while the handler runs (activated just before the handler, after the body
 *   is read, so that the context survives body parsing). Attributes: method, route pattern and
 *   status; never the URL, query string, client address or a header.
 * Registered on the root instance before any route, so that every route has them.
 */
export function registerHttpInstrumentation(app: FastifyInstance, how: HttpInstrumentation): void {
  const telemetry = how.telemetry;
  if (telemetry) {
    app.addHook('onResponse', (request, reply, done) => {
      telemetry.httpRequest(
        request.routeOptions.url ?? UNMATCHED_ROUTE,
        request.method,
        reply.statusCode,
        reply.elapsedTime / 1000,
      );
      done();
    });
  }
  const tracer = how.tracer;
  if (!tracer) return;
  const inFlight = new WeakMap<FastifyRequest, RequestSpans>();
  app.addHook('onRequest', (request, _reply, done) => {
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const route = request.routeOptions.url;
    const http = tracer.startSpan(
      route ? `${request.method} ${route}` : request.method,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': request.method, ...(route ? { 'http.route': route } : {}) },
      },
      parent,
    );
    inFlight.set(request, { http, operation: null, context: trace.setSpan(parent, http), ended: false });
    done();
  });
  app.addHook('preHandler', (request, _reply, done) => {
    const spans = inFlight.get(request);
    if (!spans) return done();
    if (request.routeOptions.url === how.graphqlPath && carriesOperation(request) && !spans.operation) {
      // Named by the Apollo Server plugin once the operation is known; this is the GraphQL
      // conventions' name for an operation not known (yet).
      const operation = tracer.startSpan('GraphQL Operation', { kind: SpanKind.INTERNAL }, spans.context);
      spans.operation = operation;
      spans.context = withOperationSpan(trace.setSpan(spans.context, operation), operation);
    }
    // fastify calls the handler from `done`: the handler and everything it awaits run in this context.
    context.with(spans.context, done);
  });
  app.addHook('onResponse', (request, reply, done) => {
    const spans = inFlight.get(request);
    if (spans) endSpans(spans, reply.statusCode);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    const spans = inFlight.get(request);
    if (spans) endSpans(spans, null);
    done();
  });
}
