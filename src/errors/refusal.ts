import { describeDatabaseFailure, isDatabaseUnavailable } from './database-errors';
import { InternalError, type AppError } from './errors';
import { toAppError } from './map';

/** Where a refusal is logged (a request's logger). */
export interface RefusalLogger {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/**
 * The error that refuses a request whose context could not be built (its token could not be
 * checked); answered with the HTTP status of its code (see http-status.ts): 503 BACKEND_UNAVAILABLE
 * when the database or a backend did not answer, 401/409/… for the contract's other codes, and 500
 * INTERNAL_SERVER_ERROR (logged whole) for anything unexpected. Logs what an operator needs and
 * never SQL, a token or a driver's text.
 */
export function refusalForContextError(error: unknown, log: RefusalLogger): AppError {
  const mapped = toAppError(error);
  if (mapped?.code === 'BACKEND_UNAVAILABLE') {
    if (isDatabaseUnavailable(error)) {
      log.error(
        { database: describeDatabaseFailure(error) },
        'checking the token failed: database unavailable',
      );
    } else {
      log.warn({ backend: mapped.extensions.backend }, 'checking the token failed: backend unavailable');
    }
  }
  if (mapped) return mapped;
  log.error({ err: error }, 'checking the token failed');
  return new InternalError();
}
