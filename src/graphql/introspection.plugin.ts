import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, visit, type DocumentNode } from 'graphql';
import type { RequestContext } from '../context';
import { ForbiddenError, UnauthenticatedError } from '../errors/errors';

/** Who may introspect: `on` anyone, `admins` only callers with an admin's token. */
export type IntrospectionMode = 'on' | 'admins';

/**
 * The fields that reveal the schema: GraphQL's own introspection and federation's `_service { sdl }`
 * (the whole SDL in one string). `__typename` is not among them: clients and gateways need it.
 */
const SCHEMA_FIELDS = new Set(['__schema', '__type', '_service']);

/** True when any operation or fragment of the document selects a schema-revealing field. */
export function asksForSchema(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.FIELD](node) {
      if (SCHEMA_FIELDS.has(node.name.value)) found = true;
    },
  });
  return found;
}

/** graphql-js ends some validation and coercion messages with ` Did you mean "name"?`. */
export function stripSuggestions(message: string): string {
  return message.replace(/\s*Did you mean [\s\S]*$/, '');
}

/**
 * Enforces `graphql.introspection` and who sees suggestions. With introspection `admins`, a caller
 * that is not an authenticated admin gets UNAUTHENTICATED (no or a bad token, HTTP 401) or FORBIDDEN
 * (HTTP 403) for a document asking for `__schema`, `__type` or `_service`. With suggestions `admins`
 * (in production, or whenever introspection is `admins`), such a caller gets error messages without
 * "Did you mean …" suggestions, which would leak field and type names just the same.
 */
export function introspectionPolicyPlugin(
  mode: IntrospectionMode,
  suggestions: 'on' | 'admins' = mode,
): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      if (contextValue.caller?.user.isAdmin) return;
      if (mode === 'on' && suggestions === 'on') return;
      return {
        async didResolveOperation({ document, response }) {
          if (mode === 'on' || !asksForSchema(document)) return;
          if (!contextValue.caller) {
            response.http.status = 401;
            response.http.headers.set('www-authenticate', 'Bearer');
            throw new UnauthenticatedError('Introspection needs an administrator token');
          }
          response.http.status = 403;
          throw new ForbiddenError('Introspection is restricted to administrators');
        },
        async willSendResponse({ response }) {
          if (suggestions === 'on') return;
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          const result = response.body.singleResult;
          result.errors = result.errors!.map((error) => ({
            ...error,
            message: stripSuggestions(error.message),
          }));
        },
      };
    },
  };
}
