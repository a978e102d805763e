/**
 * Recognises the errors of the database stack (pg, better-sqlite3, knex and its pool tarn,
 * MikroORM's wrappers) that mean "idgate's own database cannot serve this request now": it cannot
 * be reached, it stopped answering, it is shutting down, it cancelled a statement that ran too long,
 * or it is locked or busy past the configured wait. Such errors become BACKEND_UNAVAILABLE with
 * `backend: "database"`: a client can retry later, and nothing about the database leaks.
 *
 * Constraint violations (unique keys and the like) and programming errors (bad SQL, unknown
 * columns) are deliberately not recognised here: they are not a matter of availability.
 */

/** Socket-level error codes (Node's `err.code`) seen when the database's address does not answer. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTCONN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** PostgreSQL SQLSTATE codes (besides class 08, connection exceptions) meaning "not now". */
const POSTGRES_STATES: Record<string, string> = {
  '57014': 'statement cancelled (statement timeout)',
  '57P01': 'server shutting down (admin shutdown)',
  '57P02': 'server crashed (crash shutdown)',
  '57P03': 'server not accepting connections yet',
  '57P05': 'session ended (idle session timeout)',
  '25P03': 'transaction ended (idle in transaction timeout)',
  '53000': 'insufficient resources',
  '53100': 'disk full',
  '53200': 'out of memory',
  '53300': 'too many connections',
  '55P03': 'lock not available (lock timeout)',
  '40001': 'serialization failure',
  '40P01': 'deadlock detected',
  '3D000': 'database does not exist',
  '58000': 'system error',
  '58030': 'I/O error',
};

/** SQLite result codes (better-sqlite3's `err.code`, extended codes included by prefix). */
const SQLITE_PREFIXES: [string, string][] = [
  ['SQLITE_BUSY', 'database busy (busy timeout)'],
  ['SQLITE_LOCKED', 'database table locked'],
  ['SQLITE_IOERR', 'I/O error'],
  ['SQLITE_CANTOPEN', 'cannot open the database file'],
  ['SQLITE_FULL', 'disk full'],
  ['SQLITE_NOMEM', 'out of memory'],
  ['SQLITE_PROTOCOL', 'locking protocol error'],
];

/**
 * Messages of errors that carry no code: pg's client-side failures, knex's transaction and pool
 * errors. Matched at the start or as a whole so that a longer text (with SQL before it) still counts.
 */
const MESSAGES: [RegExp, string][] = [
  [/Connection terminated/i, 'connection terminated'],
  [/timeout expired/i, 'connect timeout'],
  [/Query read timeout/i, 'no answer in time (query timeout)'],
  [/Client has encountered a connection error and is not queryable/i, 'connection broken'],
  [/Client was closed and is not queryable/i, 'connection closed'],
  [/Transaction query already complete/i, 'transaction ended by a broken connection'],
  [/Knex: Timeout acquiring a connection/i, 'no pool connection in time (acquire timeout)'],
  [/Unable to acquire a connection/i, 'pool closed'],
  [/^aborted$/i, 'pool closed'],
  [/is not currently accepting connections/i, 'database not accepting connections'],
  [/database is locked/i, 'database busy (busy timeout)'],
  [/database is busy/i, 'database busy (busy timeout)'],
  [/The database connection is not open/i, 'connection closed'],
];

/** Error class names (from knex, tarn and MikroORM) that are about availability whatever the message. */
const NAMES: Record<string, string> = {
  KnexTimeoutError: 'no pool connection in time (acquire timeout)',
  ConnectionException: 'connection failed',
  LockWaitTimeoutException: 'lock wait timeout',
  DeadlockException: 'deadlock or serialization failure',
};

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  originalError?: unknown;
  backendId?: unknown;
  extensions?: { code?: unknown };
}

/**
 * An error that already says whose failure it is: a backend's error (an LDAP directory, an SSO
 * provider: its cause may well be ECONNREFUSED, but not the database's) or one of the contract's
 * errors. The search for a database cause stops there.
 */
function classifiedElsewhere(error: ErrorShape): boolean {
  return typeof error.backendId === 'string' || typeof error.extensions?.code === 'string';
}

/** The reason one error (not its causes) names, or null. */
function ownReason(error: ErrorShape): string | null {
  const code = typeof error.code === 'string' ? error.code : null;
  if (code) {
    if (NETWORK_CODES.has(code)) return `network: ${code}`;
    if (POSTGRES_STATES[code]) return POSTGRES_STATES[code];
    if (/^08[0-9A-Z]{3}$/.test(code)) return 'connection exception';
    if (/^28[0-9A-Z]{3}$/.test(code)) return 'login refused (credentials)';
    for (const [prefix, reason] of SQLITE_PREFIXES) if (code.startsWith(prefix)) return reason;
  }
  const name = typeof error.name === 'string' ? error.name : '';
  if (NAMES[name]) return NAMES[name];
  const message = typeof error.message === 'string' ? error.message : '';
  for (const [pattern, reason] of MESSAGES) if (pattern.test(message)) return reason;
  return null;
}

/** The error and its causes (`cause`, GraphQL's `originalError`), nearest first, a few levels deep. */
function chain(error: unknown): ErrorShape[] {
  const out: ErrorShape[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && out.length < 6 && !out.includes(current)) {
    out.push(current as ErrorShape);
    const e = current as ErrorShape;
    current = e.cause ?? e.originalError;
  }
  return out;
}

/**
 * Why `error` means the database is unavailable, in a few words fit for a log line (no SQL, no
 * values); null when it does not (a constraint violation, a bug, anything not from the database).
 */
export function databaseUnavailableReason(error: unknown): string | null {
  for (const e of chain(error)) {
    if (classifiedElsewhere(e)) return null;
    const reason = ownReason(e);
    if (reason) return reason;
  }
  return null;
}

/** True when `error` means "the database cannot serve this request now" (see the module comment). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseUnavailableReason(error) !== null;
}

/**
 * What may be logged about a database failure: its reason, the error's class name and code. Never
 * the message, which may hold SQL with the values of the statement (password hashes, token hashes).
 */
export function describeDatabaseFailure(error: unknown): { reason: string; name?: string; code?: string } {
  const e = (error ?? {}) as ErrorShape;
  return {
    reason: databaseUnavailableReason(error) ?? 'unknown',
    ...(typeof e.name === 'string' ? { name: e.name } : {}),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
  };
}
