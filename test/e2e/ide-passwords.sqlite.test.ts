import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { CreateUserDocument } from '../generated/graphql';
import { artifactPath, launchChromium, type Browser } from '../helpers/browser';
import { ok } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';

/** The browser globals the page functions use (the tests compile without TypeScript's DOM lib). */
interface PageGlobals {
  document: {
    querySelector(
      selector: string,
    ): { textContent: string | null; CodeMirror?: { getValue(): string } } | null;
  };
  localStorage: Record<string, string> & { clear(): void };
}

const USER = 'ide-user';
const USER_PASSWORD = 'Ide-Secret-Pass-77';
const NEW_USER_PASSWORD = 'Other-Secret-Pass-88';

/** Replaces the text of a CodeMirror editor by typing into it, as a person would. */
async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

const QUERY_EDITOR = '.graphiql-query-editor .CodeMirror';
const TOOL_EDITOR = '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror';

/** Runs what the editors hold and waits until the response shows `expected`. */
async function run(page: Page, expected: string): Promise<string> {
  const response = () =>
    page.evaluate(
      () =>
        (globalThis as unknown as PageGlobals).document
          .querySelector('.graphiql-response .CodeMirror')
          ?.CodeMirror?.getValue() ?? '',
    );
  // GraphiQL reads the operation name from the editor after a short debounce.
  await page.waitForTimeout(500);
  await page.click('.graphiql-execute-button');
  try {
    await page.waitForFunction(
      (text) =>
        (globalThis as unknown as PageGlobals).document
          .querySelector('.graphiql-response .CodeMirror')
          ?.CodeMirror?.getValue()
          .includes(text) ?? false,
      expected,
      { timeout: 10_000 },
    );
  } catch (error) {
    throw new Error(`no ${expected} in the response: ${await response()}`, { cause: error });
  }
  return response();
}

async function storedEntries(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => ({ ...(globalThis as unknown as PageGlobals).localStorage }));
}

describe('GraphiQL IDE never stores a password', () => {
  let t: TestServer;
  let browser: Browser;

  before(async () => {
    t = await startTestServer('sqlite');
    ok(await t.call(CreateUserDocument, { input: { name: USER, password: USER_PASSWORD } }));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('keeps ordinary queries in history, but no login, password variable or token in localStorage', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${t.url}/graphql`);
    await page.waitForSelector('.graphiql-container');

    // 1. A login with the password written inline in the document.
    await typeInto(
      page,
      QUERY_EDITOR,
      `mutation { login(name: "${USER}", password: "${USER_PASSWORD}") { token } }`,
    );
    const inline = JSON.parse(await run(page, '"token"')) as { data: { login: { token: string } } };
    const tokens = [inline.data.login.token];

    // 2. A login whose password travels in a variable that is not called "password".
    await typeInto(
      page,
      QUERY_EDITOR,
      'mutation SignIn($who: String!, $pw: String!) { login(name: $who, password: $pw) { token } }',
    );
    await page.click('.graphiql-editor-tools button:has-text("Variables")');
    await typeInto(page, TOOL_EDITOR, JSON.stringify({ who: USER, pw: USER_PASSWORD }));
    const viaVariables = JSON.parse(await run(page, '"token"')) as { data: { login: { token: string } } };
    tokens.push(viaVariables.data.login.token);

    // 3. An admin creating a user: the password is a variable's input field named "password".
    await page.click('.graphiql-editor-tools button:has-text("Headers")');
    await typeInto(page, TOOL_EDITOR, JSON.stringify({ Authorization: `Bearer ${t.adminToken}` }));
    await typeInto(
      page,
      QUERY_EDITOR,
      'mutation NewUser($input: CreateUserInput!) { createUser(input: $input) { name } }',
    );
    await page.click('.graphiql-editor-tools button:has-text("Variables")');
    await typeInto(
      page,
      TOOL_EDITOR,
      JSON.stringify({ input: { name: 'ide-new', password: NEW_USER_PASSWORD } }),
    );
    await run(page, '"ide-new"');

    // 4. An ordinary query, which history keeps.
    await typeInto(page, TOOL_EDITOR, '{}');
    await typeInto(page, QUERY_EDITOR, '{ me { name } }');
    await run(page, '"admin"');

    // GraphiQL writes its tabs and editors after a debounce (500 ms): give it time to.
    await page.waitForTimeout(1500);
    const stored = await storedEntries(page);
    const everything = JSON.stringify(stored);
    for (const secret of [USER_PASSWORD, NEW_USER_PASSWORD, t.adminToken, ...tokens]) {
      assert.ok(!everything.includes(secret), `localStorage holds a secret: ${everything}`);
    }
    assert.doesNotMatch(everything, /login\(|createUser/, 'no document with a password is stored');
    const history = stored['idgate:graphiql:queries'];
    assert.ok(history, `history is stored: ${everything}`);
    const kept = (JSON.parse(history) as { queries: Array<{ query: string }> }).queries.map((q) => q.query);
    assert.deepEqual(kept, ['{ me { name } }']);
    // The tabs are still valid for GraphiQL: every tab keeps its keys.
    const tabs = JSON.parse(stored['idgate:graphiql:tabState']!) as { tabs: Array<Record<string, unknown>> };
    assert.ok(tabs.tabs.length >= 1);
    for (const tab of tabs.tabs) assert.ok('query' in tab && 'variables' in tab && 'headers' in tab);
    await page.screenshot({ path: artifactPath('graphiql-no-passwords.png') });

    // After a reload, the history panel offers the ordinary query and nothing else.
    await page.reload();
    await page.waitForSelector('.graphiql-container');
    await page.click('button[aria-label="Show History"]');
    await page.waitForSelector('.graphiql-history-item >> text={ me { name } }');
    assert.equal(await page.locator('.graphiql-history-item').count(), 1);
    await page.close();
  });
});
