import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateGroupDocument, SetUserGroupsDocument } from '../generated/graphql';
import { artifactPath, launchChromium, type Browser } from '../helpers/browser';
import { ok } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';
import { DEFAULT_QUERY, IDE_CONTENT_SECURITY_POLICY } from '../../src/ide/graphiql';

/** The browser globals the page functions use (the tests compile without TypeScript's DOM lib). */
interface PageGlobals {
  document: {
    querySelector(
      selector: string,
    ): { textContent: string | null; CodeMirror?: { getValue(): string } } | null;
  };
  localStorage: Record<string, string>;
}

/** What a browser sends when it navigates to a page. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('GraphiQL IDE', () => {
  let t: TestServer;

  before(async () => {
    t = await startTestServer('sqlite');
    ok(await t.call(CreateGroupDocument, { name: 'ops', displayName: 'Operations' }));
    ok(await t.call(SetUserGroupsDocument, { name: 'admin', input: { add: ['ops'] } }));
  });
  after(async () => {
    await t?.close();
  });

  describe('over HTTP', () => {
    it('serves the page to browsers, with a self-only Content-Security-Policy', async () => {
      const res = await fetch(`${t.url}/graphql`, { headers: { accept: BROWSER_ACCEPT } });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(res.headers.get('content-security-policy'), IDE_CONTENT_SECURITY_POLICY);
      assert.equal(res.headers.get('x-frame-options'), 'DENY');
      const html = await res.text();
      assert.match(html, /<title>idgate · GraphiQL<\/title>/);
      // Every asset is a relative URL on idgate: nothing names another host.
      assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//);
      assert.doesNotMatch(html, /<script>/, 'no inline script');
      const assets = [...html.matchAll(/(?:src|href)="(graphql\/ide\/[^"]+)"/g)].map((m) => m[1]!);
      assert.equal(assets.length, 6);
      for (const asset of assets) {
        const file = await fetch(`${t.url}/${asset}`);
        assert.equal(file.status, 200, asset);
        assert.match(file.headers.get('content-type') ?? '', /^text\/(javascript|css)/, asset);
        assert.ok((await file.arrayBuffer()).byteLength > 0, asset);
      }
    });

    it('answers GraphQL, not the page, to clients that ask for JSON', async () => {
      const res = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
        headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
      });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { data: { __typename: 'Query' } });
      assert.equal(res.headers.get('content-security-policy'), null);
    });

    it('answers "Authentication required" to an empty bearer header, "Invalid or expired token" to a bad token', async () => {
      const me = async (authorization: string) => {
        const res = await fetch(`${t.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          body: JSON.stringify({ query: '{ me { name } }' }),
        });
        const body = (await res.json()) as { errors?: { message: string; extensions: { code: string } }[] };
        return body.errors?.map((e) => [e.message, e.extensions.code]);
      };
      // As the IDE sends it before a token is put in: "Bearer " and nothing else.
      assert.deepEqual(await me('Bearer '), [['Authentication required', 'UNAUTHENTICATED']]);
      assert.deepEqual(await me(''), [['Authentication required', 'UNAUTHENTICATED']]);
      assert.deepEqual(await me('Bearer not-a-token'), [['Invalid or expired token', 'UNAUTHENTICATED']]);
    });

    it('serves only its own files under /graphql/ide/', async () => {
      assert.equal((await fetch(`${t.url}/graphql/ide/package.json`)).status, 404);
      assert.equal((await fetch(`${t.url}/graphql/ide/..%2Fpackage.json`)).status, 404);
    });

    it('is off with graphql.ide: false', async () => {
      const off = await startTestServer('sqlite', { graphql: { ide: false } });
      try {
        const res = await fetch(`${off.url}/graphql`, { headers: { accept: BROWSER_ACCEPT } });
        assert.doesNotMatch(res.headers.get('content-type') ?? '', /text\/html/);
        assert.equal((await fetch(`${off.url}/graphql/ide/graphiql.min.js`)).status, 404);
      } finally {
        await off.close();
      }
    });
  });

  describe('in Chromium', () => {
    let browser: Browser;
    before(async () => {
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
    });

    it('runs { me { name groups { name } } } with a token, all from idgate, and keeps history', async () => {
      const origin = new URL(t.url).origin;
      const requests: string[] = [];
      const problems: string[] = [];
      browser.context.on('request', (request) => requests.push(request.url()));
      const page = await browser.context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));

      const response = await page.goto(`${t.url}/graphql`);
      assert.equal(response?.status(), 200);
      await page.waitForSelector('.graphiql-container');
      // The docs explorer is open and filled from introspection.
      await page.waitForSelector('.graphiql-doc-explorer >> text=Root Types');
      // The first tab says how to get a token and where to put it.
      const welcome = await page.evaluate(
        () =>
          (globalThis as unknown as PageGlobals).document
            .querySelector('.graphiql-query-editor .CodeMirror')
            ?.CodeMirror?.getValue() ?? '',
      );
      assert.equal(welcome, DEFAULT_QUERY);
      assert.match(welcome, /^# +login\(name: "admin",$/m);
      assert.match(welcome, /^# +password: "…"\) \{ token \}$/m);
      assert.match(welcome, /Headers tab[\s\S]*\{"Authorization": "Bearer <token>"\}/);
      // The docs explorer shows an argument's description: Query > users > filter.
      const docs = page.locator('.graphiql-doc-explorer');
      await docs
        .locator('a.graphiql-doc-explorer-type-name', { hasText: /^Query$/ })
        .first()
        .click();
      await docs
        .locator('a.graphiql-doc-explorer-field-name', { hasText: /^users$/ })
        .first()
        .click();
      await docs.getByText('Narrows the list: every given part must match.').waitFor();
      await page.screenshot({ path: artifactPath('graphiql-argument-docs.png') });

      // The header editor is open and prefilled for a bearer token.
      const headers = page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror');
      assert.match(await headers.innerText(), /"Authorization": "Bearer "/);
      await headers.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText(`{"Authorization": "Bearer ${t.adminToken}"}`);

      await page.locator('.graphiql-query-editor .CodeMirror').click();
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText('{ me { name groups { name } } }');
      await page.click('.graphiql-execute-button');

      const result = page.locator('.graphiql-response');
      await page.waitForFunction(() =>
        (globalThis as unknown as PageGlobals).document
          .querySelector('.graphiql-response')
          ?.textContent?.includes('"ops"'),
      );
      const shown = await result.innerText();
      assert.match(shown, /"name": "admin"/);
      assert.match(shown, /"name": "ops"/);
      const answer: unknown = JSON.parse(
        await page.evaluate(
          () =>
            (globalThis as unknown as PageGlobals).document
              .querySelector('.graphiql-response .CodeMirror')
              ?.CodeMirror?.getValue() ?? '',
        ),
      );
      assert.deepEqual(answer, { data: { me: { name: 'admin', groups: [{ name: 'ops' }] } } });
      await page.screenshot({ path: artifactPath('graphiql-me.png') });

      // History: the query is kept in this browser's localStorage, without the token.
      await page.click('button[aria-label="Show History"]');
      await page.waitForSelector('.graphiql-history-item >> text={ me { name groups { name } } }');
      const stored = await page.evaluate(() =>
        JSON.stringify({ ...(globalThis as unknown as PageGlobals).localStorage }),
      );
      assert.match(stored, /me \{ name groups \{ name \} \}/);
      assert.ok(!stored.includes(t.adminToken), 'the token is not stored');

      const foreign = requests.filter((url) => new URL(url).origin !== origin);
      assert.deepEqual(foreign, [], 'every request goes to idgate');
      assert.ok(requests.some((url) => url.includes('/graphql/ide/graphiql.min.js')));
      assert.deepEqual(problems, [], 'no console errors (CSP violations would show here)');
    });

    it('with graphql.introspection: admins, shows the docs once an admin token is entered', async () => {
      const restricted = await startTestServer('sqlite', { graphql: { introspection: 'admins' } });
      try {
        const page = await browser.context.newPage();
        await page.goto(`${restricted.url}/graphql`);
        await page.waitForSelector('.graphiql-doc-explorer >> text=Error fetching schema');
        await page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror').click();
        await page.keyboard.press('Control+A');
        await page.keyboard.insertText(`{"Authorization": "Bearer ${restricted.adminToken}"}`);
        // GraphiQL takes the headers from its editor after a short debounce: re-fetch until it has.
        const rootTypes = page.locator('.graphiql-doc-explorer >> text=Root Types');
        for (let attempt = 0; attempt < 10 && !(await rootTypes.isVisible()); attempt += 1) {
          await page.click('button[aria-label="Re-fetch GraphQL schema"]');
          await rootTypes.waitFor({ timeout: 500 }).catch(() => undefined);
        }
        assert.ok(await rootTypes.isVisible(), 'the docs explorer shows the schema');
        await page.screenshot({ path: artifactPath('graphiql-admins-only.png') });
        await page.close();
      } finally {
        await restricted.close();
      }
    });
  });
});
