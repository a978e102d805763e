import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendRegistry } from '../../backends/registry';
import { loadConfig } from '../../src/config';
import { createServer, type IdgateServer } from '../../src/server';
import { LoginDocument } from '../generated/graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { gql, ok, type GqlResult } from './client';
import { freshDatabase, type Driver, type TestDatabase } from './databases';

export const ADMIN_PASSWORD = 'admin-Password-1';

export interface TestServer {
  url: string;
  server: IdgateServer;
  database: TestDatabase;
  driver: Driver;
  /** A session token of the bootstrap admin of the default domain. */
  adminToken: string;
  /** Sends one operation, as the admin unless another token (or null) is given. */
  call<T, V>(document: TypedDocumentNode<T, V>, variables?: V, token?: string | null): Promise<GqlResult<T>>;
  /** Counts the SQL statements run while `work` runs. */
  countQueries<T>(work: () => Promise<T>): Promise<{ result: T; count: number; statements: string[] }>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Listen on this port instead of a free one. */
  port?: number;
  /** Where the server's log goes (at debug level); silent without it unless IDGATE_TEST_LOG is set. */
  logStream?: NodeJS.WritableStream;
  /**
   * Start on this existing database (e.g. another test server's `database.url`, for a second
   * replica) instead of a fresh one; it is not dropped on close.
   */
  databaseUrl?: string;
  /** More environment for loadConfig, e.g. REDIS_URL. */
  env?: NodeJS.ProcessEnv;
  /** The backend kinds the config may name (a test's own backend among them). */
  registry?: BackendRegistry;
}

/**
 * Starts a real idgate (in this process, so tests can count its SQL) on a fresh database and a free
 * port (or `options.port`), and logs the bootstrap admin in. `configFile` is written to a temp file
 * as IDGATE_CONFIG. Unless `configFile` has a `rateLimits` section, the rate limits are off: every
 * test talks from 127.0.0.1, and only the rate-limit tests are about those limits.
 */
export async function startTestServer(
  driver: Driver,
  configFile?: object,
  options: TestServerOptions = {},
): Promise<TestServer> {
  const database: TestDatabase = options.databaseUrl
    ? { url: options.databaseUrl, drop: async () => undefined }
    : await freshDatabase(driver);
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: database.url,
    PORT: '0',
    IDGATE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    ...options.env,
  };
  const file: object =
    configFile && 'rateLimits' in configFile ? configFile : { ...configFile, rateLimits: { enabled: false } };
  {
    const dir = mkdtempSync(join(tmpdir(), 'idgate-config-'));
    const path = join(dir, 'idgate.json');
    writeFileSync(path, JSON.stringify(file));
    env.IDGATE_CONFIG = path;
  }
  const config = loadConfig(env, options.registry);
  let server: IdgateServer;
  try {
    const logger = options.logStream
      ? { level: 'debug', stream: options.logStream }
      : process.env.IDGATE_TEST_LOG
        ? { level: 'info' }
        : false;
    server = await createServer(config, { logger });
  } catch (error) {
    await database.drop();
    throw error;
  }
  const url = await server.listen(options.port ?? 0, '127.0.0.1');
  const login = ok(await gql(url, LoginDocument, { name: 'admin', password: ADMIN_PASSWORD }));
  return {
    url,
    server,
    database,
    driver,
    adminToken: login.login.token,
    call(document, variables, token = login.login.token) {
      return gql(url, document, variables, token);
    },
    async countQueries(work) {
      const statements: string[] = [];
      const stop = server.db.onQuery((sql) => statements.push(sql));
      try {
        const result = await work();
        return { result, count: statements.length, statements };
      } finally {
        stop();
      }
    },
    async close() {
      await server.close();
      await database.drop();
    },
  };
}

export const DRIVERS: Driver[] = ['sqlite', 'postgres'];
