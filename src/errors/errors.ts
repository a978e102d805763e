import { GraphQLError } from 'graphql';

/** The public error codes of the contract. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'BACKEND_UNAVAILABLE'
  | 'RATE_LIMITED'
  | 'INTERNAL_SERVER_ERROR';

export interface FieldError {
  field: string;
  message: string;
}

/** Base of every error a client may see: its code is a literal, its extensions are public. */
export abstract class AppError<C extends ErrorCode = ErrorCode> extends GraphQLError {
  abstract readonly code: C;
  constructor(message: string, extensions: Record<string, unknown>, code: C) {
    super(message, { extensions: { code, ...extensions } });
  }
}

export class UnauthenticatedError extends AppError<'UNAUTHENTICATED'> {
  readonly code = 'UNAUTHENTICATED' as const;
  constructor(message = 'Authentication required') {
    super(message, {}, 'UNAUTHENTICATED');
  }
}

export class ForbiddenError extends AppError<'FORBIDDEN'> {
  readonly code = 'FORBIDDEN' as const;
  constructor(message = 'Not allowed', extra: Record<string, unknown> = {}) {
    super(message, { reason: 'NOT_ALLOWED', ...extra }, 'FORBIDDEN');
  }
}

export class ReadOnlyBackendError extends AppError<'FORBIDDEN'> {
  readonly code = 'FORBIDDEN' as const;
  constructor(backend: string) {
    super(
      `Backend "${backend}" is read-only: this data cannot be changed here`,
      { reason: 'READ_ONLY_BACKEND', backend },
      'FORBIDDEN',
    );
  }
}

export type Resource = 'user' | 'group' | 'session' | 'serviceAccount' | 'domain' | 'backend';

export class NotFoundError extends AppError<'NOT_FOUND'> {
  readonly code = 'NOT_FOUND' as const;
  constructor(resource: Resource, message?: string) {
    super(message ?? `${resource} not found`, { resource }, 'NOT_FOUND');
  }
}

export class BadInputError extends AppError<'BAD_USER_INPUT'> {
  readonly code = 'BAD_USER_INPUT' as const;
  constructor(fields: FieldError[], message?: string) {
    super(message ?? fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields }, 'BAD_USER_INPUT');
  }
}

export type ConflictReason = 'NAME_TAKEN' | 'EMAIL_TAKEN' | 'VERSION_MISMATCH';

export class ConflictError extends AppError<'CONFLICT'> {
  readonly code = 'CONFLICT' as const;
  constructor(reason: ConflictReason, message: string, extra: Record<string, unknown> = {}) {
    super(message, { reason, ...extra }, 'CONFLICT');
  }
}

export class VersionMismatchError extends ConflictError {
  constructor(currentVersion: number) {
    super('VERSION_MISMATCH', `The record has changed: it is at version ${currentVersion}`, {
      currentVersion,
    });
  }
}

export class BackendUnavailableAppError extends AppError<'BACKEND_UNAVAILABLE'> {
  readonly code = 'BACKEND_UNAVAILABLE' as const;
  constructor(backend: string) {
    super(`Backend "${backend}" is unavailable`, { backend }, 'BACKEND_UNAVAILABLE');
  }
}

export class RateLimitedError extends AppError<'RATE_LIMITED'> {
  readonly code = 'RATE_LIMITED' as const;
  constructor(retryAfterSeconds: number) {
    super(`Too many attempts: retry in ${retryAfterSeconds} s`, { retryAfterSeconds }, 'RATE_LIMITED');
  }
}

export class InternalError extends AppError<'INTERNAL_SERVER_ERROR'> {
  readonly code = 'INTERNAL_SERVER_ERROR' as const;
  constructor() {
    super('Internal server error', {}, 'INTERNAL_SERVER_ERROR');
  }
}
