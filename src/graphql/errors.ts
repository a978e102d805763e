import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import { AppError, BadInputError, InternalError, type FieldError } from '../errors/errors';
import { toAppError } from '../errors/map';
import { describeDatabaseFailure, isDatabaseUnavailable } from '../errors/database-errors';
import { publicExtensions, refusalHead } from '../errors/http-status';

/**
 * The one edge where errors become GraphQL errors: services and backends throw plain domain errors
 * (src/errors), and this module turns them into `extensions.code` and public extensions.
 */

/** What the formatter logs to: no secret reaches it, only the original error. */
export interface ErrorLogger {
  error(obj: object, msg?: string): void;
}

/** Codes Apollo itself gives to requests that never reached a resolver: all bad input. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

function flattenValidation(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    for (const message of new Set(Object.values(e.constraints ?? {}))) out.push({ field, message });
    if (e.children?.length) out.push(...flattenValidation(e.children, field));
  }
  return out;
}

/** A domain error, or what the GraphQL layer itself threw (argument validation), as a contract error. */
export function toPublicError(error: unknown): AppError | null {
  if (error instanceof ArgumentValidationError) {
    return new BadInputError(flattenValidation(error.extensions.validationErrors as ValidationError[]));
  }
  return toAppError(error);
}

/**
 * The GraphQL error that refuses a request before execution (its token could not be checked): the
 * contract error, with the HTTP status and headers of its code (src/errors/http-status.ts) in
 * `extensions.http`, which Apollo Server answers with and the formatter keeps from the client.
 */
export function toRefusal(error: AppError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: { ...error.extensions, http: refusalHead(error) },
    originalError: error,
  });
}

/**
 * Apollo's formatError: every error leaves with a contract code and public extensions only. Errors
 * that are not ours are logged whole and replaced by INTERNAL_SERVER_ERROR, with no stack or driver text.
 */
export function makeErrorFormatter(log: ErrorLogger) {
  return (formatted: GraphQLFormattedError, raw: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(raw);
    // An error raised outside a resolver (the context builder, a scalar) carries ours as its cause.
    const cause =
      original instanceof GraphQLError && original.originalError ? original.originalError : original;
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    const mapped = toPublicError(cause);
    if (isDatabaseUnavailable(cause))
      log.error({ database: describeDatabaseFailure(cause) }, 'database unavailable');
    if (mapped) return { ...base, message: mapped.message, extensions: publicExtensions(mapped) };
    const code = formatted.extensions?.code;
    if (original instanceof GraphQLError && typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
      const detail = typeof formatted.extensions?.detail === 'string' ? formatted.extensions.detail : code;
      return { ...base, extensions: { code: 'BAD_USER_INPUT', fields: [], detail } };
    }
    log.error({ err: original }, 'unexpected error while resolving a request');
    const internal = new InternalError();
    return { ...base, message: internal.message, extensions: { ...internal.extensions } };
  };
}
