import { TestBrowser, fragmentOf } from './http-browser';
import type { Driver } from './databases';
import { freePort, newKey, startTestProvider, type TestProvider } from './oidc-provider';
import { startTestServer, type TestServer } from './server';

export const SSO_BACKEND = 'sso';
export const CLIENT_ID = 'idgate-test';
export const CLIENT_SECRET = 'test-client-secret-0123456789abcdef';
export const API_AUDIENCE = 'https://api.idgate.test';
/** The frontend idgate returns to; never fetched (the browser stops at it). */
export const APP = 'http://app.test/';

export interface SsoEnvironment {
  t: TestServer;
  provider: TestProvider;
  /** idgate's login URL for a return URL. */
  loginUrl(returnTo?: string): string;
  /**
   * A whole browser login as `sub` (any password): idgate's login route, the provider's login and
   * consent forms, idgate's callback. Resolves the final redirect to the frontend and its fragment.
   */
  browserLogin(
    sub: string,
    returnTo?: string,
    browser?: TestBrowser,
  ): Promise<{ location: string; fragment: URLSearchParams }>;
  close(): Promise<void>;
}

/**
 * idgate (default domain: a local and an SSO backend) in front of a real oidc-provider, both on free
 * loopback ports. `sso` adds to or overrides the SSO backend's config.
 */
export async function startSsoEnvironment(
  driver: Driver,
  accounts: Map<string, Record<string, unknown>>,
  sso: Record<string, unknown> = {},
  logStream?: NodeJS.WritableStream,
): Promise<SsoEnvironment> {
  const port = await freePort();
  const redirectUrl = `http://127.0.0.1:${port}/auth/sso/${SSO_BACKEND}/callback`;
  const provider = await startTestProvider({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: [redirectUrl],
    postLogoutRedirectUris: [`${APP}bye`],
    accounts,
    keys: [await newKey('key-1')],
  });
  let t: TestServer;
  try {
    t = await startTestServer(
      driver,
      {
        domains: [
          {
            name: 'default',
            backends: [
              { id: 'local', kind: 'local' },
              {
                id: SSO_BACKEND,
                kind: 'sso',
                displayName: 'Test provider',
                issuer: provider.issuer,
                clientId: CLIENT_ID,
                clientSecret: CLIENT_SECRET,
                scopes: ['openid', 'profile', 'email', 'groups'],
                redirectUrl,
                allowedReturnUrls: [APP, 'http://other.test/exact-page'],
                postLogoutRedirectUrl: `${APP}bye`,
                audience: API_AUDIENCE,
                allowInsecureHttp: true,
                jwksMinRefreshSeconds: 0,
                timeoutSeconds: 2,
                ...sso,
              },
            ],
          },
        ],
      },
      { port, logStream },
    );
  } catch (error) {
    await provider.stop();
    throw error;
  }
  const loginUrl = (returnTo?: string) =>
    `${t.url}/auth/sso/${SSO_BACKEND}/login${returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`}`;
  return {
    t,
    provider,
    loginUrl,
    async browserLogin(sub, returnTo = `${APP}after-login`, browser = new TestBrowser()) {
      const { location, response } = await browser.follow(loginUrl(returnTo), [APP], {
        login: sub,
        password: 'any-password',
      });
      if (!location) throw new Error(`login did not return to the app (${response.status})`);
      return { location, fragment: fragmentOf(location) };
    },
    async close() {
      await t.close();
      await provider.stop();
    },
  };
}
