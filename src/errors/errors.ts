/**
 * The errors a client may see, as plain domain errors: services and backends throw these (or backend
 * errors, mapped in ./map.ts) and know nothing of GraphQL. The GraphQL edge (src/graphql/errors.ts)
 * turns them into GraphQL errors with `extensions.code`; the SCIM routes into SCIM error bodies.
 */

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
export abstract class AppError<C extends ErrorCode = ErrorCode> extends Error {
  abstract readonly code: C;
  /** Public details sent along with the code (`reason`, `fields`, `backend`, …). */
  readonly extensions: Readonly<Record<string, unknown>>;
  constructor(message: string, extensions: Record<string, unknown>, code: C) {
    super(message);
    this.name = new.target.name;
    this.extensions = { code, ...extensions };
  }
}

export class UnauthenticatedError extends AppError<'UNAUTHENTICATED'> {
  readonly code = 'UNAUTHENTICATED' as const;
  constructor(message = 'Authentication required', extra: Record<string, unknown> = {}) {
    super(message, extra, 'UNAUTHENTICATED');
  }
}

export type ForbiddenReason = 'NOT_ALLOWED' | 'READ_ONLY_BACKEND' | 'LAST_ADMIN';

export class ForbiddenError extends AppError<'FORBIDDEN'> {
  readonly code = 'FORBIDDEN' as const;
  constructor(message = 'Not allowed', extra: Record<string, unknown> = {}) {
    super(message, { reason: 'NOT_ALLOWED', ...extra }, 'FORBIDDEN');
  }
}

export class ReadOnlyBackendError extends ForbiddenError {
  constructor(backend: string) {
    super(`Backend "${backend}" is read-only: this data cannot be changed here`, {
      reason: 'READ_ONLY_BACKEND',
      backend,
    });
  }
}

export type Resource =
  'user' | 'group' | 'session' | 'serviceAccount' | 'domain' | 'backend' | 'mfaCredential' | 'auditEvent';

export class NotFoundError extends AppError<'NOT_FOUND'> {
  readonly code = 'NOT_FOUND' as const;
  constructor(resource: Resource, message?: string) {
    super(message ?? `${resource} not found`, { resource }, 'NOT_FOUND');
  }
}

export class BadInputError extends AppError<'BAD_USER_INPUT'> {
  readonly code = 'BAD_USER_INPUT' as const;
  readonly fields: FieldError[];
  constructor(fields: FieldError[], message?: string, extra: Record<string, unknown> = {}) {
    super(
      message ?? fields.map((f) => `${f.field}: ${f.message}`).join('; '),
      { fields, ...extra },
      'BAD_USER_INPUT',
    );
    this.fields = fields;
  }
}

export type ConflictReason = 'NAME_TAKEN' | 'EMAIL_TAKEN' | 'VERSION_MISMATCH';

export class ConflictError extends AppError<'CONFLICT'> {
  readonly code = 'CONFLICT' as const;
  constructor(
    readonly reason: ConflictReason,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message, { reason, ...extra }, 'CONFLICT');
  }
}

export class VersionMismatchError extends ConflictError {
  constructor(readonly currentVersion: number) {
    super('VERSION_MISMATCH', `The record has changed: it is at version ${currentVersion}`, {
      currentVersion,
    });
  }
}

export class BackendUnavailableAppError extends AppError<'BACKEND_UNAVAILABLE'> {
  readonly code = 'BACKEND_UNAVAILABLE' as const;
  constructor(readonly backend: string) {
    super(`Backend "${backend}" is unavailable`, { backend }, 'BACKEND_UNAVAILABLE');
  }
}

export class RateLimitedError extends AppError<'RATE_LIMITED'> {
  readonly code = 'RATE_LIMITED' as const;
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts: retry in ${retryAfterSeconds} s`, { retryAfterSeconds }, 'RATE_LIMITED');
  }
}

export class InternalError extends AppError<'INTERNAL_SERVER_ERROR'> {
  readonly code = 'INTERNAL_SERVER_ERROR' as const;
  constructor() {
    super('Internal server error', {}, 'INTERNAL_SERVER_ERROR');
  }
}
