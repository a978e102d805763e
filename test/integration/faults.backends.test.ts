import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ListUsersDocument, LoginDocument, MeDocument } from '../generated/graphql';
import { gql, ok } from '../helpers/client';
import { newKey } from '../helpers/oidc-provider';
import { startTestServer, type TestServer } from '../helpers/server';
import { ldapBackendConfig, startSlapd, type TestSlapd } from '../helpers/slapd';
import { API_AUDIENCE, SSO_BACKEND, startSsoEnvironment, type SsoEnvironment } from '../helpers/sso';
import { TcpProxy } from '../helpers/tcp-proxy';
import { assertFollowsStatusRule, readyz, timedCall, waitUntilReady, type Answer } from './faults.shared';

/** The bounds, measured over real HTTP, with each backend's default timeouts. */
const REQUEST_BOUND_MS = 5000;
const READYZ_BOUND_MS = 2000;
const ALICE = { name: 'alice', password: 'alice-Password-1' };

/** A TCP server that accepts connections and never answers (nor closes them): a hung service. */
async function silentServer(port: number): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function assertUnavailable(answer: Answer, backend: string, context: string): void {
  assert.ok(answer.ms < REQUEST_BOUND_MS, `${context}: ${answer.ms} ms`);
  assertFollowsStatusRule(answer, context);
  assert.equal(answer.errors.length, 1, context);
  assert.equal(answer.errors[0]!.extensions.code, 'BACKEND_UNAVAILABLE', context);
  assert.equal(answer.errors[0]!.extensions.backend, backend, context);
}

describe('silent backends (connections accepted, never answered), with default timeouts', () => {
  describe('LDAP', () => {
    let slapd: TestSlapd;
    let proxy: TcpProxy;
    let t: TestServer;
    before(async () => {
      slapd = await startSlapd({});
      proxy = await TcpProxy.start({ host: '127.0.0.1', port: slapd.port });
      const ldap = {
        ...ldapBackendConfig(slapd, 'ldap', true),
        urls: [`ldap://127.0.0.1:${proxy.port}`],
        connectTimeoutMs: undefined,
        timeoutMs: undefined,
      };
      t = await startTestServer('sqlite', {
        domains: [{ name: 'default', backends: [{ id: 'local', kind: 'local' }, ldap] }],
      });
    });
    after(async () => {
      proxy?.resume();
      await t?.close();
      await proxy?.close();
      await slapd?.close();
    });

    it('answers BACKEND_UNAVAILABLE (ldap) within 5 s, /readyz 503 within 2 s, /healthz 200; recovers by itself', async (tc) => {
      // Fill the pool: the silence then meets idle pooled connections as well as new ones.
      await Promise.all(Array.from({ length: 4 }, () => gql(t.url, LoginDocument, ALICE)));
      ok(await t.call(ListUsersDocument, { filter: { backend: 'ldap' }, first: 1 }));
      proxy.drop();
      try {
        const calls: Promise<Answer>[] = [];
        for (let i = 0; i < 6; i++) calls.push(timedCall(t.url, LoginDocument, ALICE, null));
        for (let i = 0; i < 3; i++) {
          calls.push(
            timedCall(t.url, ListUsersDocument, { filter: { backend: 'ldap' }, first: 5 }, t.adminToken),
          );
        }
        const ready = readyz(t.url);
        const health = await fetch(`${t.url}/healthz`);
        assert.equal(health.status, 200);
        const answers = await Promise.all(calls);
        answers.forEach((a, i) => assertUnavailable(a, 'ldap', `call ${i}: ${JSON.stringify(a)}`));
        const r = await ready;
        assert.equal(r.status, 503);
        assert.ok(r.ms < READYZ_BOUND_MS, `readyz took ${r.ms} ms`);
        const states = Object.fromEntries(
          (r.body.backends as { id: string; state: string }[]).map((b) => [b.id, b.state]),
        );
        assert.deepEqual(states, { local: 'up', ldap: 'down' });
        // Again, once every pooled connection has been given up.
        const again = await Promise.all([
          timedCall(t.url, LoginDocument, ALICE, null),
          timedCall(t.url, LoginDocument, ALICE, null),
        ]);
        again.forEach((a, i) => assertUnavailable(a, 'ldap', `again ${i}: ${JSON.stringify(a)}`));
        // Local users do not depend on the directory.
        ok(await gql(t.url, MeDocument, {}, t.adminToken));
        tc.diagnostic(
          `silent LDAP: slowest answer ${Math.max(...answers.map((a) => a.ms), ...again.map((a) => a.ms))} ms, readyz ${r.ms} ms`,
        );
      } finally {
        proxy.resume();
      }
      await waitUntilReady(t.url, 15_000);
      ok(await gql(t.url, LoginDocument, ALICE));
    });
  });

  describe('SSO provider', () => {
    let env: SsoEnvironment;
    const accounts = new Map<string, Record<string, unknown>>([
      ['sub-erin', { preferred_username: 'erin', email: 'erin@sso.test' }],
    ]);
    before(async () => {
      env = await startSsoEnvironment('sqlite', accounts, { timeoutSeconds: undefined });
    });
    after(async () => {
      await env?.close();
    });

    it('answers BACKEND_UNAVAILABLE (sso) within 5 s, /readyz 503 within 2 s; cached keys keep working; recovers', async (tc) => {
      const cached = await env.provider.accessToken({ sub: 'sub-erin', aud: API_AUDIENCE });
      ok(await gql(env.t.url, MeDocument, {}, cached));
      const fresh = await newKey('key-silent');
      const withNewKey = await env.provider.accessToken(
        { sub: 'sub-erin', aud: API_AUDIENCE },
        { key: fresh },
      );
      await env.provider.stop();
      const silent = await silentServer(env.provider.port);
      try {
        const loginStart = (async () => {
          const started = Date.now();
          const res = await fetch(env.loginUrl(), { redirect: 'manual' });
          const body = (await res.json()) as { errors: { extensions: Record<string, unknown> }[] };
          return { status: res.status, ms: Date.now() - started, extensions: body.errors[0]!.extensions };
        })();
        const calls = [
          timedCall(env.t.url, MeDocument, {}, withNewKey), // needs the provider's keys: refused before execution
          timedCall(env.t.url, MeDocument, {}, withNewKey),
        ];
        const ready = readyz(env.t.url);
        const answers = await Promise.all(calls);
        answers.forEach((a, i) => assertUnavailable(a, SSO_BACKEND, `call ${i}: ${JSON.stringify(a)}`));
        const start = await loginStart;
        assert.equal(start.status, 503);
        assert.deepEqual(start.extensions, { code: 'BACKEND_UNAVAILABLE', backend: SSO_BACKEND });
        assert.ok(start.ms < REQUEST_BOUND_MS, `login start took ${start.ms} ms`);
        const r = await ready;
        assert.equal(r.status, 503);
        assert.ok(r.ms < READYZ_BOUND_MS, `readyz took ${r.ms} ms`);
        assert.equal(
          (r.body.backends as { id: string; state: string }[]).find((b) => b.id === SSO_BACKEND)!.state,
          'down',
        );
        // A token signed with a key idgate already holds needs no provider.
        ok(await gql(env.t.url, MeDocument, {}, cached));
        tc.diagnostic(
          `silent provider: slowest answer ${Math.max(start.ms, ...answers.map((a) => a.ms))} ms, readyz ${r.ms} ms`,
        );
      } finally {
        await silent.close();
        env.provider.keys.push(fresh);
        await env.provider.start();
      }
      await waitUntilReady(env.t.url, 15_000);
      ok(await gql(env.t.url, MeDocument, {}, withNewKey));
      assert.equal((await fetch(env.loginUrl(), { redirect: 'manual' })).status, 302);
    });
  });
});
