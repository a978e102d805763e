import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import { SpanStatusCode } from '@opentelemetry/api';
import type { GraphQLSchema } from 'graphql';
import * as readyOperations from '../client/generated/graphql';
import type { RequestContext } from '../context';
import type { ErrorCode } from '../errors/errors';
import { activeOperationSpan } from '../observability/operation-span';
import type { RequestTelemetry } from '../observability/telemetry';

/** The operation label of a request that named no operation. */
export const ANONYMOUS_OPERATION = 'anonymous';
/** The operation label of a name idgate does not know: names are the client's, labels must stay few. */
export const UNKNOWN_OPERATION = 'unknown';
/** The code label of a successful operation. */
export const OK_CODE = 'OK';

/** The contract's error codes: the only code labels besides OK (anything else would be OTHER). */
const CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'BACKEND_UNAVAILABLE',
  'RATE_LIMITED',
  'INTERNAL_SERVER_ERROR',
]);

/** The codes that are the server's fault rather than the client's. */
const SERVER_FAULTS: ReadonlySet<string> = new Set(['INTERNAL_SERVER_ERROR', 'BACKEND_UNAVAILABLE', 'OTHER']);

/** The names of the ready operations idgate ships for frontends (schema/operations/*.graphql). */
export function readyOperationNames(): string[] {
  const names: string[] = [];
  for (const value of Object.values(readyOperations) as unknown[]) {
    const definitions = (value as { kind?: unknown; definitions?: unknown[] } | null)?.definitions;
    if ((value as { kind?: unknown } | null)?.kind !== 'Document' || !Array.isArray(definitions)) continue;
    for (const d of definitions as { kind: string; name?: { value: string } }[]) {
      if (d.kind === 'OperationDefinition' && d.name) names.push(d.name.value);
    }
  }
  return names;
}

/**
 * The operation names counted under their own label: the root fields of the schema, as spelled and
 * with a capital first letter (`users`, `Users`), the ready operations of schema/operations, and
 * the operator's `metrics.operationNames`.
 */
export function knownOperationNames(schema: GraphQLSchema, extra: readonly string[]): Set<string> {
  const names = new Set<string>([...readyOperationNames(), ...extra]);
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    for (const field of Object.keys(root?.getFields() ?? {})) {
      names.add(field);
      names.add(field.charAt(0).toUpperCase() + field.slice(1));
    }
  }
  return names;
}

/** The bounded label of an operation name. */
export function operationLabel(name: string | null | undefined, known: ReadonlySet<string>): string {
  if (!name) return ANONYMOUS_OPERATION;
  return known.has(name) ? name : UNKNOWN_OPERATION;
}

/** The code of the response's first error (already formatted to the contract), or OK. */
export function resultCode(response: GraphQLResponse): string {
  const body = response.body;
  const errors = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
  const code = errors?.[0]?.extensions?.code;
  if (!errors?.length) return OK_CODE;
  return typeof code === 'string' && CODES.has(code) ? code : 'OTHER';
}

/** What the plugin reports to. */
export interface ObservabilityPluginOptions {
  /** Receives each operation's label, code and time; null: no metrics. */
  telemetry: RequestTelemetry | null;
  /** Operation names besides the schema's and the ready operations' (`metrics.operationNames`). */
  operationNames: readonly string[];
}

/**
 * Metrics and the span of each GraphQL operation, in one Apollo Server plugin: at the end of each
 * request it reports the operation (its name when known, else `unknown`, or `anonymous`), the code
 * of the first error or OK, and the time from the start of GraphQL processing (after the bearer
 * token was checked) to the response. With tracing on, it names the operation span the HTTP hooks
 * opened (`query UsersPage`) and sets `graphql.operation.type`, `graphql.operation.name` (the
 * client's name as sent) and `idgate.result.code`; never the document or the variables.
 */
export function observabilityPlugin(options: ObservabilityPluginOptions): ApolloServerPlugin<RequestContext> {
  let known: ReadonlySet<string> = new Set();
  const telemetry = options.telemetry;
  return {
    async serverWillStart({ schema }) {
      known = knownOperationNames(schema, options.operationNames);
    },
    async requestDidStart({ request }) {
      const started = performance.now();
      const span = activeOperationSpan();
      return {
        async didResolveOperation({ operation, operationName }) {
          if (!span || !operation) return;
          const name = operationName && operationName.length <= 100 ? operationName : null;
          span.updateName(name ? `${operation.operation} ${name}` : operation.operation);
          span.setAttribute('graphql.operation.type', operation.operation);
          if (name) span.setAttribute('graphql.operation.name', name);
        },
        async willSendResponse({ response, operationName }) {
          const code = resultCode(response);
          telemetry?.graphqlOperation(
            operationLabel(operationName ?? request.operationName, known),
            code,
            (performance.now() - started) / 1000,
          );
          if (span) {
            span.setAttribute('idgate.result.code', code);
            // As for HTTP's 5xx: only the server's own failures make the span an error.
            if (SERVER_FAULTS.has(code)) span.setStatus({ code: SpanStatusCode.ERROR });
          }
        },
      };
    },
  };
}
