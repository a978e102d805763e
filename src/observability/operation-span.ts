import { context, createContextKey, type Context, type Span } from '@opentelemetry/api';

/**
 * The span of the GraphQL operation a request carries, kept in the OpenTelemetry context: the HTTP
 * hooks open it (./http-hooks.ts) and make it the active span for the whole execution, so that
 * backend calls become its children; the Apollo Server plugin (src/graphql/observability.plugin.ts)
 * names it and records the result once the operation is known.
 */
const OPERATION_SPAN = createContextKey('idgate.graphql.operation-span');

/** `parent` with `span` recorded as the GraphQL operation's span. */
export function withOperationSpan(parent: Context, span: Span): Context {
  return parent.setValue(OPERATION_SPAN, span);
}

/** The GraphQL operation span of the active context, if the request has one (tracing on). */
export function activeOperationSpan(): Span | undefined {
  return context.active().getValue(OPERATION_SPAN) as Span | undefined;
}
