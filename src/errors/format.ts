import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  BackendAuthError,
  BackendError,
  BackendConflictError,
  BackendInputError,
  BackendNotFoundError,
} from '../../backends/errors';
import {
  AppError,
  BackendUnavailableAppError,
  BadInputError,
  ConflictError,
  InternalError,
  NotFoundError,
  UnauthenticatedError,
  type FieldError,
} from './errors';
import { describeDatabaseFailure, isDatabaseUnavailable } from './database-errors';
import { publicExtensions } from './http-status';

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

/** Turns anything thrown into one of the contract's public errors. */
export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof ArgumentValidationError) {
    return new BadInputError(flattenValidation(error.extensions.validationErrors as ValidationError[]));
  }
  if (error instanceof BackendError) {
    if (error instanceof BackendConflictError) return new ConflictError(error.reason, error.message);
    if (error instanceof BackendInputError)
      return new BadInputError([{ field: error.field, message: error.message }]);
    if (error instanceof BackendNotFoundError) return new NotFoundError(error.resource);
    if (error instanceof BackendAuthError) return new UnauthenticatedError('Invalid or expired token');
    return new BackendUnavailableAppError(error.backendId);
  }
  if (isDatabaseUnavailable(error)) return new BackendUnavailableAppError('database');
  if (error instanceof UniqueConstraintViolationException) {
    const text = String(error.message);
    if (text.includes('email')) return new ConflictError('EMAIL_TAKEN', 'email already taken');
    return new ConflictError('NAME_TAKEN', 'name already taken');
  }
  return null;
}

/**
 * Apollo's formatError: every error leaves with a contract code and public extensions only. Errors
 * that are not ours are logged whole and replaced by INTERNAL_SERVER_ERROR, with no stack or driver text.
 */
export function makeErrorFormatter(log: ErrorLogger) {
  return (formatted: GraphQLFormattedError, raw: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(raw);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    const mapped = toAppError(original);
    if (isDatabaseUnavailable(original))
      log.error({ database: describeDatabaseFailure(original) }, 'database unavailable');
    if (mapped) return { ...base, message: mapped.message, extensions: publicExtensions(mapped) };
    const code = formatted.extensions?.code;
    if (original instanceof GraphQLError && typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
      return { ...base, extensions: { code: 'BAD_USER_INPUT', fields: [], detail: code } };
    }
    log.error({ err: original }, 'unexpected error while resolving a request');
    const internal = new InternalError();
    return { ...base, message: internal.message, extensions: { ...internal.extensions } };
  };
}
