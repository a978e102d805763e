import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { GraphQLError } from 'graphql';
import { Client } from 'pg';
import {
  ConnectionException,
  DeadlockException,
  DriverException,
  LockWaitTimeoutException,
  NotNullConstraintViolationException,
  SyntaxErrorException,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { BackendUnavailableError } from '../../backends/errors';
import { ConfigError, loadConfig } from '../../src/config';
import { DEFAULT_DATABASE_TIMEOUTS } from '../../src/db/orm';
import {
  databaseUnavailableReason,
  describeDatabaseFailure,
  isDatabaseUnavailable,
} from '../../src/errors/database-errors';
import {
  BackendUnavailableAppError,
  ConflictError,
  RateLimitedError,
  UnauthenticatedError,
} from '../../src/errors/errors';
import { toAppError } from '../../src/errors/map';
import { makeErrorFormatter, toRefusal } from '../../src/graphql/errors';
import { publicExtensions, refusalHead, REFUSAL_STATUS } from '../../src/errors/http-status';
import { refusalForContextError } from '../../src/errors/refusal';

/** An error as pg, knex or better-sqlite3 make it: a message and, often, a code. */
function driverError(message: string, code?: string, name = 'Error'): Error {
  const error = new Error(message) as Error & { code?: string };
  error.name = name;
  if (code) error.code = code;
  return error;
}

/** A logger that keeps what it is given. */
function memoryLog() {
  const entries: { level: string; obj: object; msg?: string }[] = [];
  return {
    entries,
    error: (obj: object, msg?: string) => entries.push({ level: 'error', obj, msg }),
    warn: (obj: object, msg?: string) => entries.push({ level: 'warn', obj, msg }),
  };
}

describe('database errors', () => {
  it('recognises the failure shapes of pg, knex, tarn, better-sqlite3 and MikroORM as "database unavailable"', () => {
    const unavailable: [string, unknown][] = [
      ['connection refused', driverError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
      ['connection reset', driverError('read ECONNRESET', 'ECONNRESET')],
      ['broken pipe', driverError('write EPIPE', 'EPIPE')],
      ['unknown host', driverError('getaddrinfo ENOTFOUND db', 'ENOTFOUND')],
      ['terminated', driverError('Connection terminated unexpectedly')],
      ['connect timeout', driverError('Connection terminated due to connection timeout')],
      ['pg connect timer', driverError('timeout expired')],
      ['query timeout', driverError('Query read timeout')],
      ['not queryable', driverError('Client has encountered a connection error and is not queryable')],
      ['closed client', driverError('Client was closed and is not queryable')],
      [
        'knex transaction',
        driverError('Transaction query already complete, run with DEBUG=knex:tx for more info'),
      ],
      [
        'knex pool',
        driverError(
          'Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?',
          undefined,
          'KnexTimeoutError',
        ),
      ],
      ['knex destroyed', driverError('Unable to acquire a connection')],
      ['tarn aborted', driverError('aborted')],
      ['statement timeout', driverError('canceling statement due to statement timeout', '57014')],
      ['admin shutdown', driverError('terminating connection due to administrator command', '57P01')],
      [
        'crash shutdown',
        driverError('terminating connection because of crash of another server process', '57P02'),
      ],
      ['starting up', driverError('the database system is starting up', '57P03')],
      [
        'idle in transaction',
        driverError('terminating connection due to idle-in-transaction timeout', '25P03'),
      ],
      ['too many connections', driverError('sorry, too many clients already', '53300')],
      ['class 08', driverError('connection failure', '08006')],
      [
        'closed to connections',
        driverError('database "idgate" is not currently accepting connections', '55000'),
      ],
      ['no such database', driverError('database "idgate" does not exist', '3D000')],
      ['password refused', driverError('password authentication failed for user "idgate"', '28P01')],
      ['deadlock', driverError('deadlock detected', '40P01')],
      ['serialization', driverError('could not serialize access', '40001')],
      ['lock timeout', driverError('canceling statement due to lock timeout', '55P03')],
      ['sqlite busy', driverError('database is locked', 'SQLITE_BUSY')],
      ['sqlite busy snapshot', driverError('database is locked', 'SQLITE_BUSY_SNAPSHOT')],
      ['sqlite io', driverError('disk I/O error', 'SQLITE_IOERR_WRITE')],
      ['sqlite closed', new TypeError('The database connection is not open')],
      // MikroORM's wrappers copy the driver's code and message, or name the kind in their class.
      ['wrapped terminate', new DriverException(driverError('terminating connection', '57P01'))],
      ['wrapped reset', new DriverException(driverError('read ECONNRESET', 'ECONNRESET'))],
      ['wrapped busy', new LockWaitTimeoutException(driverError('database is locked', 'SQLITE_BUSY'))],
      ['wrapped deadlock', new DeadlockException(driverError('deadlock detected', '40P01'))],
      ['unable to open', new ConnectionException(driverError('unable to open database file'))],
      // knex puts the SQL before the driver's text; GraphQL wraps resolver errors; causes chain.
      ['knex message', driverError('select 1 - Connection terminated unexpectedly')],
      [
        'graphql wrap',
        new GraphQLError('x', { originalError: driverError('read ECONNRESET', 'ECONNRESET') }),
      ],
      ['cause', new Error('outer', { cause: driverError('Query read timeout') })],
    ];
    for (const [label, error] of unavailable) {
      assert.equal(isDatabaseUnavailable(error), true, label);
      const mapped = toAppError(error);
      assert.equal(mapped?.code, 'BACKEND_UNAVAILABLE', label);
      assert.equal(mapped?.extensions.backend, 'database', label);
    }
  });

  it('leaves constraint violations, bugs and other backends alone', () => {
    const others: [string, unknown][] = [
      ['unique', new UniqueConstraintViolationException(driverError('duplicate key', '23505'))],
      ['not null', new NotNullConstraintViolationException(driverError('null value', '23502'))],
      ['syntax', new SyntaxErrorException(driverError('syntax error at or near', '42601'))],
      ['undefined column', driverError('column "x" does not exist', '42703')],
      ['plain', new Error('boom')],
      ['type error', new TypeError("Cannot read properties of undefined (reading 'id')")],
      ['backend', new BackendUnavailableAppError('corp-ldap')],
      [
        "a provider's refused connection",
        new BackendUnavailableError('sso', 'provider keys could not be read', {
          cause: driverError('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED'),
        }),
      ],
      ['abort', Object.assign(new Error('This operation was aborted'), { name: 'AbortError' })],
      ['string', 'ECONNRESET'],
      ['null', null],
      ['undefined', undefined],
    ];
    for (const [label, error] of others) assert.equal(isDatabaseUnavailable(error), false, label);
    assert.equal(toAppError(others[0]![1])?.code, 'CONFLICT');
    const provider = others.find(([label]) => label.startsWith('a provider'))![1];
    assert.deepEqual(publicExtensions(toAppError(provider)!), {
      code: 'BACKEND_UNAVAILABLE',
      backend: 'sso',
    });
    const log = memoryLog();
    assert.equal(refusalForContextError(provider, log).extensions.backend, 'sso');
    assert.deepEqual(log.entries, [
      { level: 'warn', obj: { backend: 'sso' }, msg: 'checking the token failed: backend unavailable' },
    ]);
  });

  it('meets a real refused connection and a real statement timeout of pg', async () => {
    const refused = new Client({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 2000 });
    const error = await refused.connect().then(
      () => null,
      (e: unknown) => e,
    );
    assert.equal(isDatabaseUnavailable(error), true, String(error));
    const pg = new Client({
      connectionString: process.env.IDGATE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      statement_timeout: 50,
    });
    await pg.connect();
    try {
      const timeout = await pg.query('select pg_sleep(2)').then(
        () => null,
        (e: unknown) => e,
      );
      assert.equal(databaseUnavailableReason(timeout), 'statement cancelled (statement timeout)');
    } finally {
      await pg.end();
    }
  });

  it('logs the reason, class and code of a failure, never its message (which may hold SQL and values)', () => {
    const error = new DriverException(
      driverError(
        "insert into sessions (token_hash) values ('secret-hash') - Connection terminated unexpectedly",
      ),
    );
    const described = describeDatabaseFailure(error);
    assert.deepEqual(described, { reason: 'connection terminated', name: 'DriverException' });
    const log = memoryLog();
    const format = makeErrorFormatter(log);
    const formatted = format({ message: error.message }, error);
    assert.equal(formatted.extensions?.code, 'BACKEND_UNAVAILABLE');
    assert.doesNotMatch(JSON.stringify(formatted), /secret-hash|insert/);
    assert.doesNotMatch(JSON.stringify(log.entries), /secret-hash|insert/);
    assert.equal(log.entries.length, 1);
  });
});

describe('HTTP status of refusals before execution', () => {
  it('derives the status from the code, with Retry-After and WWW-Authenticate where they help', () => {
    assert.equal(REFUSAL_STATUS.BACKEND_UNAVAILABLE, 503);
    assert.equal(REFUSAL_STATUS.UNAUTHENTICATED, 401);
    const unavailable = refusalHead(new BackendUnavailableAppError('database'));
    assert.equal(unavailable.status, 503);
    assert.ok(Number(unavailable.headers.get('retry-after')) > 0);
    const unauthenticated = refusalHead(new UnauthenticatedError());
    assert.equal(unauthenticated.status, 401);
    assert.match(unauthenticated.headers.get('www-authenticate')!, /^Bearer/);
    const limited = refusalHead(new RateLimitedError(42));
    assert.deepEqual([limited.status, limited.headers.get('retry-after')], [429, '42']);
    assert.equal(refusalHead(new ConflictError('NAME_TAKEN', 'taken')).status, 409);
  });

  it("keeps Apollo's http instructions out of what the client sees", () => {
    const error = toRefusal(new BackendUnavailableAppError('database'));
    assert.ok('http' in error.extensions);
    const formatted = makeErrorFormatter(memoryLog())({ message: error.message }, error);
    assert.deepEqual(formatted.extensions, { code: 'BACKEND_UNAVAILABLE', backend: 'database' });
  });

  it('turns a failed token check into a refusal: 503 for the database, 500 (logged) for a bug', () => {
    const log = memoryLog();
    const database = refusalForContextError(driverError('Query read timeout'), log);
    assert.equal(database.code, 'BACKEND_UNAVAILABLE');
    assert.equal(refusalHead(database).status, 503);
    const bug = refusalForContextError(new TypeError('x is undefined'), log);
    assert.equal(bug.code, 'INTERNAL_SERVER_ERROR');
    assert.equal(refusalHead(bug).status, 500);
    assert.deepEqual(
      log.entries.map((e) => e.level),
      ['error', 'error'],
    );
  });
});

describe('database and shutdown configuration', () => {
  const file = (content: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'idgate-config-')), 'idgate.yaml');
    writeFileSync(path, content);
    return path;
  };

  it('has defaults of a few seconds', () => {
    const config = loadConfig({});
    assert.deepEqual(config.database.timeouts, DEFAULT_DATABASE_TIMEOUTS);
    assert.deepEqual(DEFAULT_DATABASE_TIMEOUTS, {
      connectTimeoutMs: 2000,
      statementTimeoutMs: 3000,
      acquireTimeoutMs: 2000,
      idleInTransactionTimeoutMs: 10_000,
      poolSize: 10,
      sqliteBusyTimeoutMs: 2000,
    });
    assert.deepEqual(config.shutdown, { graceSeconds: 10 });
  });

  it('reads database: and shutdown:, and refuses unknown keys and values out of range', () => {
    const config = loadConfig({
      IDGATE_CONFIG: file(
        'database:\n  connectTimeoutMs: 1000\n  statementTimeoutMs: 15000\n  poolSize: 4\nshutdown:\n  graceSeconds: 30\n',
      ),
    });
    assert.equal(config.database.timeouts.connectTimeoutMs, 1000);
    assert.equal(config.database.timeouts.statementTimeoutMs, 15_000);
    assert.equal(config.database.timeouts.poolSize, 4);
    assert.equal(config.database.timeouts.acquireTimeoutMs, 2000);
    assert.equal(config.shutdown.graceSeconds, 30);
    for (const [content, pattern] of [
      ['database:\n  queryTimeoutMs: 10\n', /database\.queryTimeoutMs: unknown key/],
      ['database:\n  connectTimeoutMs: 5\n', /database\.connectTimeoutMs/],
      ['shutdown:\n  graceSeconds: -1\n', /shutdown\.graceSeconds/],
      ['shutdown:\n  grace: 3\n', /shutdown\.grace: unknown key/],
    ] as const) {
      assert.throws(
        () => loadConfig({ IDGATE_CONFIG: file(content) }),
        (e: unknown) => e instanceof ConfigError && pattern.test(e.message),
        content,
      );
    }
  });
});
