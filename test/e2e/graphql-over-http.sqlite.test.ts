import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { serverAudits, type AuditResult } from 'graphql-http';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * The SHOULD audits idgate does not meet, as documented in docs/clients.md: Apollo Server answers 400 to
 * a request whose document does not parse or validate, or whose variables do not coerce, also when
 * the client accepts only application/json (where the spec recommends 200).
 */
const KNOWN_SHOULD_WARNINGS = ['572B', 'FDE2', '7B9B'];
/**
 * The MAY audits that send GET requests without a CSRF-prevention header: Apollo's CSRF prevention
 * refuses them (400). With `apollo-require-preflight` they pass (asserted below).
 */
const CSRF_REFUSED_GETS = ['5A70', 'D6D5', '6A70'];

let t: TestServer;
const url = () => `${t.url}/graphql`;

/** fetch, adding the header Apollo's CSRF prevention asks of GET requests. */
const withPreflight = (input: string, init: RequestInit = {}) =>
  fetch(input, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), 'apollo-require-preflight': 'true' },
  });

describe('GraphQL over HTTP: graphql-http server audits against idgate', () => {
  before(async () => {
    t = await startTestServer('sqlite');
  });
  after(async () => {
    await t?.close();
  });

  const results: AuditResult[] = [];
  describe('as any client sends them', () => {
    for (const audit of serverAudits({ url })) {
      const level = audit.name.split(' ')[0];
      it(`${audit.id} ${audit.name}`, async () => {
        const result = await audit.fn();
        results.push(result);
        const reason = result.status === 'ok' ? '' : result.reason;
        if (level === 'MUST') assert.equal(result.status, 'ok', reason);
        else if (level === 'SHOULD')
          assert.equal(result.status, KNOWN_SHOULD_WARNINGS.includes(audit.id) ? 'warn' : 'ok', reason);
        else assert.equal(result.status, CSRF_REFUSED_GETS.includes(audit.id) ? 'notice' : 'ok', reason);
      });
    }
  });

  describe('GET requests with apollo-require-preflight', () => {
    for (const audit of serverAudits({ url, fetchFn: withPreflight })) {
      if (!CSRF_REFUSED_GETS.includes(audit.id)) continue;
      it(`${audit.id} ${audit.name}`, async () => {
        const result = await audit.fn();
        assert.equal(result.status, 'ok', result.status === 'ok' ? '' : result.reason);
      });
    }
  });

  describe('media types, methods and CSRF prevention', () => {
    it('answers application/graphql-response+json when asked for it', async () => {
      const res = await fetch(url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/graphql-response\+json/);
      assert.deepEqual(await res.json(), { data: { __typename: 'Query' } });
    });

    it('runs queries over GET and refuses mutations over GET (405, Allow: POST)', async () => {
      const get = (query: string) =>
        withPreflight(`${url()}?query=${encodeURIComponent(query)}`, {
          headers: { accept: 'application/graphql-response+json', authorization: `Bearer ${t.adminToken}` },
        });
      const query = await get('{ me { name } }');
      assert.equal(query.status, 200);
      assert.deepEqual(await query.json(), { data: { me: { name: 'admin' } } });
      const mutation = await get('mutation { logout }');
      assert.equal(mutation.status, 405);
      assert.equal(mutation.headers.get('allow'), 'POST');
      // The session is still alive: the mutation did not run.
      assert.equal((await get('{ me { name } }')).status, 200);
    });

    it('refuses requests a browser could send cross-site without a preflight', async () => {
      const csrf = /Cross-Site Request Forgery/;
      const simpleGet = await fetch(`${url()}?query=${encodeURIComponent('{ __typename }')}`);
      assert.equal(simpleGet.status, 400);
      assert.match(await simpleGet.text(), csrf);
      const textPost = await fetch(url(), {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      assert.equal(textPost.status, 400);
      assert.match(await textPost.text(), csrf);
      const formPost = await fetch(url(), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'query=%7B__typename%7D',
      });
      assert.ok(formPost.status >= 400 && formPost.status < 500, String(formPost.status));
      // x-apollo-operation-name also counts as the required header.
      const named = await fetch(`${url()}?query=${encodeURIComponent('query T { __typename }')}`, {
        headers: { 'x-apollo-operation-name': 'T' },
      });
      assert.equal(named.status, 200);
    });
  });

  it('counts: every MUST passes', () => {
    const count = (level: string, status: string) =>
      results.filter((r) => r.name.startsWith(level) && r.status === status).length;
    assert.ok(count('MUST', 'ok') >= 13);
    assert.equal(count('MUST', 'error'), 0);
    assert.equal(count('SHOULD', 'warn'), KNOWN_SHOULD_WARNINGS.length);
  });
});
