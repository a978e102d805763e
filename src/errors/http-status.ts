import type { AppError, ErrorCode } from './errors';

/**
 * idgate's one rule for the HTTP status of a GraphQL answer (see docs/operations.md, "HTTP status
 * codes"):
 *
 * - A request that reached execution answers **200**, whatever its errors (each error carries its
 *   contract code in `extensions.code`; `data` is present, possibly null). This is what the
 *   GraphQL-over-HTTP spec asks for `application/json` and recommends for
 *   `application/graphql-response+json`.
 * - A request refused **before** execution (while its token was checked, or by a policy that looks
 *   at the document) answers with the status of its code, below, and no `data`. Some of these
 *   answers carry a header that tells the client what to do next (`Retry-After`, `WWW-Authenticate`).
 * - Malformed requests (bad JSON, a document that does not parse or validate, variables that do
 *   not coerce) get 400 from Apollo Server itself, with code BAD_USER_INPUT.
 */
export const REFUSAL_STATUS: Readonly<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  BACKEND_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

/** `Retry-After` (seconds) on a 503 BACKEND_UNAVAILABLE refusal: about one round of the timeouts. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** The status and headers of a request refused before execution with `error`. */
export function refusalHead(error: AppError): { status: number; headers: Map<string, string> } {
  const headers = new Map<string, string>();
  if (error.code === 'UNAUTHENTICATED') headers.set('www-authenticate', 'Bearer error="invalid_token"');
  if (error.code === 'BACKEND_UNAVAILABLE')
    headers.set('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
  if (error.code === 'RATE_LIMITED') {
    const seconds = Number(error.extensions.retryAfterSeconds);
    if (Number.isFinite(seconds) && seconds > 0) headers.set('retry-after', String(Math.ceil(seconds)));
  }
  return { status: REFUSAL_STATUS[error.code], headers };
}

/** The extensions of an error as a client may see them: everything but Apollo's `http` instructions. */
export function publicExtensions(error: AppError): Record<string, unknown> {
  const { http: _http, ...rest } = error.extensions as Record<string, unknown>;
  return rest;
}
