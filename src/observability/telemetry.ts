/**
 * What the services, the rate limits and the backends report about their work, as small interfaces
 * that know nothing of Prometheus or OpenTelemetry's SDK. The server builds one implementation
 * (./prometheus.ts when metrics are on, {@link NO_TELEMETRY} when they are off) and hands it to them
 * through their constructors (src/services/wiring.ts). Nothing here ever takes a user name, an email,
 * a token or a client address: only fixed, bounded values.
 */

/** Password logins and the locks they lead to. */
export interface LoginTelemetry {
  /** A password login succeeded (a session was issued). */
  loginSucceeded(): void;
  /** A password login was answered UNAUTHENTICATED (unknown name, wrong password, user who may not log in). */
  loginFailed(): void;
  /** A failed login (or password check) locked the account: the failure that set the lock. */
  accountLocked(): void;
}

/** Calls refused by a rate limit (src/ratelimit). */
export interface RateLimitTelemetry {
  /** Declares a limit that is on, so that it shows up with 0 refusals before its first one. */
  limitDeclared(limit: string): void;
  /** One call was refused with RATE_LIMITED by `limit` (e.g. "login.failuresPerAddress"). */
  limitRefused(limit: string): void;
}

/** How one call to a backend ended. */
export type CallOutcome = 'ok' | 'error';

/** Calls to the identity backends (timed by the instrumenting proxy of ./backend-calls.ts). */
export interface BackendTelemetry {
  /** One call of `call` (a method of the backend contract) on backend `backendId` took `seconds`. */
  backendCall(backendId: string, call: string, outcome: CallOutcome, seconds: number): void;
}

/** Requests at the edge: the HTTP hooks and the Apollo Server plugin report them. */
export interface RequestTelemetry {
  /**
   * One GraphQL operation ended. `operation` is already bounded (a known name, `unknown` or
   * `anonymous`), `code` is the contract code of its first error or `OK`.
   */
  graphqlOperation(operation: string, code: string, seconds: number): void;
  /** One HTTP request was answered; `route` is the route pattern (or `unmatched`), never the URL. */
  httpRequest(route: string, method: string, status: number, seconds: number): void;
}

/** Everything idgate reports: one object implements all of it. */
export interface Telemetry extends LoginTelemetry, RateLimitTelemetry, BackendTelemetry, RequestTelemetry {}

/** Reports nothing: metrics are off (or a unit test builds a service without them). */
export const NO_TELEMETRY: Telemetry = {
  loginSucceeded: () => undefined,
  loginFailed: () => undefined,
  accountLocked: () => undefined,
  limitDeclared: () => undefined,
  limitRefused: () => undefined,
  backendCall: () => undefined,
  graphqlOperation: () => undefined,
  httpRequest: () => undefined,
};
