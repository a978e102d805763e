/**
 * Errors a backend raises. They carry no GraphQL knowledge: src/errors/map.ts maps them to the
 * public error codes. A backend never lets a driver or directory message
 * escape: it wraps it in one of these and keeps the original as `cause` for the server log.
 */
export abstract class BackendError extends Error {
  abstract readonly kind:
    'unavailable' | 'conflict' | 'invalid' | 'not-found' | 'unauthenticated' | 'refused';
  constructor(
    readonly backendId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The backend's server cannot be reached, refused the connection or did not answer in time. */
export class BackendUnavailableError extends BackendError {
  readonly kind = 'unavailable' as const;
}

/** A name or email the backend keeps unique is already taken. */
export class BackendConflictError extends BackendError {
  readonly kind = 'conflict' as const;
  constructor(
    backendId: string,
    readonly reason: 'NAME_TAKEN' | 'EMAIL_TAKEN',
    options?: { cause?: unknown },
  ) {
    super(backendId, reason === 'NAME_TAKEN' ? 'name already taken' : 'email already taken', options);
  }
}

/** The backend cannot store a value it was given (a field it has no place for, a value it rejects). */
export class BackendInputError extends BackendError {
  readonly kind = 'invalid' as const;
  constructor(
    backendId: string,
    readonly field: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(backendId, message, options);
  }
}

/** The record the caller named is not in the backend (any more). */
export class BackendNotFoundError extends BackendError {
  readonly kind = 'not-found' as const;
  constructor(
    backendId: string,
    readonly resource: 'user' | 'group',
    options?: { cause?: unknown },
  ) {
    super(backendId, `${resource} not found`, options);
  }
}

/**
 * The provider's answer or a token does not prove who the caller is: bad state, code or nonce, a
 * bad signature, issuer, audience or algorithm, an expired token, or the user cancelled at the
 * provider (`reason: 'access_denied'`).
 */
export class BackendAuthError extends BackendError {
  readonly kind = 'unauthenticated' as const;
  constructor(
    backendId: string,
    readonly reason: 'access_denied' | 'invalid',
    options?: { cause?: unknown },
  ) {
    super(
      backendId,
      reason === 'access_denied' ? 'login cancelled at the provider' : 'login not proven',
      options,
    );
  }
}

/**
 * The backend understood the change and refuses it for lack of rights or by policy (LDAP
 * insufficientAccessRights, unwillingToPerform): the caller is not allowed, the backend is fine.
 */
export class BackendRefusedError extends BackendError {
  readonly kind = 'refused' as const;
}
