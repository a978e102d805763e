import { UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  BackendAuthError,
  BackendConflictError,
  BackendError,
  BackendInputError,
  BackendNotFoundError,
  BackendRefusedError,
} from '../../backends/errors';
import { brokenUniqueConstraint, UNIQUE_CONSTRAINTS } from '../db/constraints';
import { isDatabaseUnavailable } from './database-errors';
import {
  AppError,
  BackendUnavailableAppError,
  BadInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
} from './errors';

/**
 * Turns what a service, a backend or the database threw into one of the contract's errors, or null
 * when it is none of those (an unexpected error: logged whole, answered INTERNAL_SERVER_ERROR).
 */
export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof BackendError) return fromBackend(error);
  if (error instanceof UniqueConstraintViolationException) {
    const name = brokenUniqueConstraint(error);
    const meaning = name ? UNIQUE_CONSTRAINTS[name]!.meaning : null;
    if (meaning === 'EMAIL_TAKEN') return new ConflictError('EMAIL_TAKEN', 'email already taken');
    return new ConflictError('NAME_TAKEN', 'name already taken');
  }
  if (isDatabaseUnavailable(error)) return new BackendUnavailableAppError('database');
  return null;
}

function fromBackend(error: BackendError): AppError {
  if (error instanceof BackendConflictError) return new ConflictError(error.reason, error.message);
  if (error instanceof BackendInputError)
    return new BadInputError([{ field: error.field, message: error.message }]);
  if (error instanceof BackendNotFoundError) return new NotFoundError(error.resource);
  if (error instanceof BackendAuthError) return new UnauthenticatedError('Invalid or expired token');
  if (error instanceof BackendRefusedError) {
    return new ForbiddenError(`Backend "${error.backendId}" refused the change: ${error.message}`, {
      backend: error.backendId,
    });
  }
  return new BackendUnavailableAppError(error.backendId);
}
