import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { loadConfig } from '../../src/config';
import { createServer, type IdgateServer } from '../../src/server';
import { LoginDocument } from '../generated/graphql';
import { gql, ok, type GqlError } from '../helpers/client';
import { freshDatabase, type Driver, type TestDatabase } from '../helpers/databases';
import { ADMIN_PASSWORD } from '../helpers/server';
import { TcpProxy } from '../helpers/tcp-proxy';

/** An in-process idgate whose database traffic (PostgreSQL) goes through a TcpProxy. */
export interface FaultServer {
  url: string;
  server: IdgateServer;
  database: TestDatabase;
  /** Null on SQLite. */
  proxy: TcpProxy | null;
  adminToken: string;
  close(): Promise<void>;
}

/** Writes `content` as a temp config file and returns its path. */
export function configFile(content: object): string {
  const path = join(mkdtempSync(join(tmpdir(), 'idgate-faults-')), 'idgate.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

/** Starts idgate on a fresh database; on PostgreSQL through a new proxy. */
export async function startFaultServer(driver: Driver, file: object = {}): Promise<FaultServer> {
  const database = await freshDatabase(driver);
  const proxy = driver === 'postgres' ? await TcpProxy.start() : null;
  const config = loadConfig({
    DATABASE_URL: proxy ? proxy.url(database.url) : database.url,
    PORT: '0',
    IDGATE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    IDGATE_CONFIG: configFile(file),
  });
  const logger = process.env.IDGATE_TEST_LOG ? { level: 'info' } : false;
  let server: IdgateServer;
  try {
    server = await createServer(config, { logger });
  } catch (error) {
    await proxy?.close();
    await database.drop();
    throw error;
  }
  const url = await server.listen(0, '127.0.0.1');
  const adminToken = ok(await gql(url, LoginDocument, { name: 'admin', password: ADMIN_PASSWORD })).login
    .token;
  return {
    url,
    server,
    database,
    proxy,
    adminToken,
    async close() {
      proxy?.resume();
      await server.close();
      await proxy?.close();
      await database.drop();
    },
  };
}

/** One answer of /graphql as a fault test looks at it. */
export interface Answer {
  status: number;
  ms: number;
  retryAfter: string | null;
  hasData: boolean;
  errors: GqlError[];
}

/** Posts one operation and times the whole answer (status, headers and body). */
export async function timedCall<T, V>(
  url: string,
  document: TypedDocumentNode<T, V> | string,
  variables?: V,
  token?: string | null,
): Promise<Answer> {
  const started = Date.now();
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: typeof document === 'string' ? document : print(document), variables }),
  });
  const text = await res.text();
  const body = JSON.parse(text) as { data?: unknown; errors?: GqlError[] };
  return {
    status: res.status,
    ms: Date.now() - started,
    retryAfter: res.headers.get('retry-after'),
    hasData: 'data' in body,
    errors: body.errors ?? [],
  };
}

/**
 * Checks one answer against the rule of docs/operations.md ("HTTP status codes"): executed requests
 * answer 200 (data present), requests refused before execution answer the status of their code
 * (503 with Retry-After for BACKEND_UNAVAILABLE); never 500, never INTERNAL_SERVER_ERROR.
 */
export function assertFollowsStatusRule(answer: Answer, context: string): void {
  const codes = answer.errors.map((e) => e.extensions.code);
  assert.ok(!codes.includes('INTERNAL_SERVER_ERROR'), `${context}: INTERNAL_SERVER_ERROR`);
  assert.notEqual(answer.status, 500, context);
  if (answer.hasData) {
    assert.equal(answer.status, 200, context);
  } else {
    assert.equal(answer.errors.length, 1, context);
    if (codes[0] === 'BACKEND_UNAVAILABLE') {
      assert.equal(answer.status, 503, context);
      assert.ok(Number(answer.retryAfter) > 0, `${context}: Retry-After`);
    }
  }
}

/** Asks /readyz and times it. */
export async function readyz(
  url: string,
): Promise<{ status: number; ms: number; body: Record<string, unknown> }> {
  const started = Date.now();
  const res = await fetch(`${url}/readyz`);
  const body = (await res.json()) as Record<string, unknown>;
  return { status: res.status, ms: Date.now() - started, body };
}

/** Polls /readyz until it answers 200, for at most `withinMs`; returns how long that took. */
export async function waitUntilReady(url: string, withinMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const { status } = await readyz(url);
    if (status === 200) return Date.now() - started;
    if (Date.now() - started > withinMs) assert.fail(`not ready again within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
