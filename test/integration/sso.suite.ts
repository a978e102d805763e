import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { exportSPKI, importJWK } from 'jose';
import {
  ChangeMyPasswordDocument,
  CreateGroupDocument,
  CreateUserDocument,
  DeleteGroupDocument,
  DeleteUserDocument,
  DisableUserDocument,
  EnableUserDocument,
  GetUserDocument,
  LoginDocument,
  LogoutDocument,
  LogoutWithProviderDocument,
  MeDocument,
  MySessionsDocument,
  ResetPasswordDocument,
  RevokeMySessionsDocument,
  RevokeSessionDocument,
  SendEmailVerificationDocument,
  SetRequiredActionsDocument,
  SetUserGroupsDocument,
  UpdateMyProfileDocument,
  UpdateMySettingsDocument,
  UpdateUserDocument,
  UpdateUserProfileDocument,
} from '../generated/graphql';
import { PassThrough } from 'node:stream';
import { TestBrowser, fragmentOf, requestedUrls } from '../helpers/http-browser';
import { failure, ok, type GqlResult } from '../helpers/client';
import type { Driver } from '../helpers/databases';
import { newKey, rawJwt } from '../helpers/oidc-provider';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server';
import { snapshot } from '../helpers/snapshot';
import {
  API_AUDIENCE,
  APP,
  CLIENT_ID,
  CLIENT_SECRET,
  SSO_BACKEND,
  startSsoEnvironment,
  type SsoEnvironment,
} from '../helpers/sso';

const ANN = {
  preferred_username: 'ann',
  email: 'ann@sso.test',
  email_verified: true,
  given_name: 'Ann',
  family_name: 'Smith',
  name: 'Ann Smith',
  groups: ['/engineering', 'sso-devs'],
};

/** SSO against a real oidc-provider: browser login, provider access tokens, read-only data, outages. */
export function defineSsoSuite(driver: Driver): void {
  describe(`SSO backend on ${driver}`, () => {
    let env: SsoEnvironment;
    const accounts = new Map<string, Record<string, unknown>>([
      ['sub-ann', { ...ANN }],
      ['sub-dave', { preferred_username: 'dave', email: 'dave@sso.test' }],
      ['sub-erin', { preferred_username: 'erin', email: 'erin@sso.test', groups: ['sso-devs'] }],
    ]);
    const call: TestServer['call'] = (doc, vars, token) => env.t.call(doc, vars, token);
    const code = (result: GqlResult<unknown>) => failure(result).extensions.code;
    /** Every secret the tests handle: none may appear in idgate's log (captured at debug level). */
    const secrets: string[] = [CLIENT_SECRET];
    let log = '';
    const accessToken = async (sub: string, claims: Record<string, unknown> = {}, options = {}) => {
      const token = await env.provider.accessToken({ sub, aud: API_AUDIENCE, ...claims }, options);
      secrets.push(token);
      return token;
    };

    before(async () => {
      const stream = new PassThrough();
      stream.on('data', (chunk: Buffer) => (log += chunk.toString()));
      env = await startSsoEnvironment(driver, accounts, {}, stream);
      const login = env.browserLogin.bind(env);
      env.browserLogin = async (...args) => {
        const result = await login(...args);
        const token = result.fragment.get('token');
        if (token) secrets.push(token);
        return result;
      };
      // A local user whose name an SSO account will also claim.
      ok(await env.t.call(CreateUserDocument, { input: { name: 'dave', password: 'dave-Password-1' } }));
    });
    after(async () => {
      await env?.close();
    });

    describe('browser login', () => {
      it('logs in through the provider and maps name, email, profile and groups', async () => {
        const { location, fragment } = await env.browserLogin('sub-ann');
        assert.ok(location.startsWith(`${APP}after-login#`), location);
        assert.equal(fragment.get('tokenType'), 'Bearer');
        assert.ok(Date.parse(fragment.get('expiresAt')!) > Date.now());
        const token = fragment.get('token')!;
        const me = ok(await env.t.call(MeDocument, undefined, token)).me;
        assert.equal(me.name, 'ann');
        assert.equal(me.displayName, 'Ann Smith');
        assert.equal(me.email, 'ann@sso.test');
        assert.equal(me.emailVerified, true);
        assert.deepEqual(me.profile, { fullName: 'Ann Smith', firstName: 'Ann', lastName: 'Smith' });
        assert.deepEqual(me.groups.map((g) => g.name).sort(), ['engineering', 'sso-devs']);
        assert.deepEqual(me.externalIds, [{ type: 'oidc-sub', id: 'sub-ann' }]);
        assert.deepEqual(me.backend, { id: SSO_BACKEND, kind: 'SSO', readOnly: true });
        assert.equal(me.state, 'ENABLED');
        assert.ok(me.lastLoginAt);
        assert.deepEqual(
          me.sessions.map((s) => [s.method, s.current]),
          [['SSO', true]],
        );
        assert.deepEqual(me.editableFields, ['settings', 'sessions']);
      });

      it('refreshes the user from the claims at the next login', async () => {
        accounts.set('sub-ann', {
          ...ANN,
          email: 'ann.smith@sso.test',
          groups: ['sso-devs', 'sso-ops'],
          family_name: undefined,
        });
        try {
          const token = (await env.browserLogin('sub-ann')).fragment.get('token')!;
          const me = ok(await env.t.call(MeDocument, undefined, token)).me;
          assert.equal(me.email, 'ann.smith@sso.test');
          assert.equal(me.profile.lastName, null);
          assert.deepEqual(me.groups.map((g) => g.name).sort(), ['sso-devs', 'sso-ops']);
        } finally {
          accounts.set('sub-ann', { ...ANN });
        }
        const token = (await env.browserLogin('sub-ann')).fragment.get('token')!;
        const me = ok(await env.t.call(MeDocument, undefined, token)).me;
        assert.deepEqual(me.groups.map((g) => g.name).sort(), ['engineering', 'sso-devs']);
      });

      it('keeps no state, nonce, verifier or code in clear, and each login is single use', async () => {
        const browser = new TestBrowser();
        const start = await browser.request(env.loginUrl(`${APP}x`));
        assert.equal(start.status, 302);
        const authorize = new URL(start.headers.get('location')!);
        assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
        const state = authorize.searchParams.get('state')!;
        const nonce = authorize.searchParams.get('nonce')!;
        assert.ok(state.length >= 43 && nonce.length >= 43);
        const setCookie = start.headers.get('set-cookie')!;
        assert.match(setCookie, /HttpOnly/);
        assert.match(setCookie, /SameSite=Lax/);
        const rows = JSON.stringify(
          await env.t.server.db.orm.em.fork().getConnection().execute('select * from sso_logins'),
        );
        assert.ok(rows.includes(createHash('sha256').update(state).digest('hex')));
        assert.ok(!rows.includes(state) && !rows.includes(nonce));
        const { location } = await browser.follow(
          start.headers.get('location')!,
          [`${env.t.url}/auth/sso/`],
          {
            login: 'sub-ann',
            password: 'x',
          },
        );
        assert.ok(location?.includes('/callback?'), String(location));
        const first = await browser.request(location!);
        assert.equal(first.status, 303);
        assert.ok(fragmentOf(first.headers.get('location')!).get('token'));
        // The same callback again (replayed state and code): refused before anything else.
        const replay = await browser.request(location!);
        assert.equal(replay.status, 400);
        const body = (await replay.json()) as { errors: { extensions: { code: string } }[] };
        assert.equal(body.errors[0]!.extensions.code, 'UNAUTHENTICATED');
      });

      it('refuses a bad state, and a callback from a browser that did not start the login', async () => {
        const browser = new TestBrowser();
        const bad = await browser.request(
          `${env.t.url}/auth/sso/${SSO_BACKEND}/callback?code=abc&state=made-up`,
        );
        assert.equal(bad.status, 400);
        const start = await browser.request(env.loginUrl());
        const { location } = await browser.follow(
          start.headers.get('location')!,
          [`${env.t.url}/auth/sso/`],
          {
            login: 'sub-ann',
            password: 'x',
          },
        );
        // Another browser (an attacker's link) brings the callback: no binding cookie, refused.
        const other = await new TestBrowser().request(location!);
        assert.equal(other.status, 400);
        const state = new URL(location!).searchParams.get('state')!;
        const tampered = await browser.request(location!.replace(state, `${state}x`));
        assert.equal(tampered.status, 400);
      });

      it('refuses a replayed code under a new login (UNAUTHENTICATED in the return fragment)', async () => {
        const browser = new TestBrowser();
        const start = await browser.request(env.loginUrl());
        const { location } = await browser.follow(
          start.headers.get('location')!,
          [`${env.t.url}/auth/sso/`],
          {
            login: 'sub-ann',
            password: 'x',
          },
        );
        const used = new URL(location!);
        const firstUse = await browser.request(used.href);
        assert.ok(fragmentOf(firstUse.headers.get('location')!).get('token'));
        // A second login in the same browser, whose callback is fed the first (already used) code.
        const second = await browser.request(env.loginUrl());
        const state = new URL(second.headers.get('location')!).searchParams.get('state')!;
        const replay = new URL(used.href);
        replay.searchParams.set('state', state);
        const answer = await browser.request(replay.href);
        assert.equal(answer.status, 303);
        const fragment = fragmentOf(answer.headers.get('location')!);
        assert.equal(fragment.get('error'), 'UNAUTHENTICATED');
        assert.equal(fragment.get('token'), null);
      });

      it('refuses an ID token with the wrong nonce', async () => {
        const browser = new TestBrowser();
        const start = await browser.request(env.loginUrl());
        const authorize = new URL(start.headers.get('location')!);
        authorize.searchParams.set('nonce', 'an-attackers-nonce-0123456789abcdefghijklmnop');
        const { location } = await browser.follow(authorize.href, [APP], { login: 'sub-ann', password: 'x' });
        const fragment = fragmentOf(location!);
        assert.equal(fragment.get('error'), 'UNAUTHENTICATED');
        assert.equal(fragment.get('token'), null);
      });

      it('sends the browser back with reason access_denied when the user cancels at the provider', async () => {
        const browser = new TestBrowser();
        let response = await browser.request(env.loginUrl());
        let url = env.loginUrl();
        while (response.status >= 300 && response.status < 400) {
          url = new URL(response.headers.get('location')!, url).href;
          response = await browser.request(url);
        }
        const cancel = /href="([^"]+)">\[ Cancel \]/.exec(await response.text())![1]!;
        const { location } = await browser.follow(new URL(cancel, url).href, [APP]);
        const fragment = fragmentOf(location!);
        assert.equal(fragment.get('error'), 'UNAUTHENTICATED');
        assert.equal(fragment.get('reason'), 'access_denied');
      });

      it('refuses return URLs that are not on the allow-list', async () => {
        for (const returnTo of [
          'http://evil.test/',
          'http://app.test.evil.test/',
          'https://app.test/',
          'http://other.test/exact-page/deeper',
          'http://other.test/exact-pages',
          'http://app.test/#fragment',
          'http://user:pw@app.test/',
          'javascript:alert(1)',
          '//evil.test/',
        ]) {
          const res = await fetch(env.loginUrl(returnTo), { redirect: 'manual' });
          assert.equal(res.status, 400, returnTo);
          const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
          assert.equal(body.errors[0]!.extensions.code, 'BAD_USER_INPUT');
        }
        for (const returnTo of [
          'http://other.test/exact-page',
          'http://app.test/a/b?c=d',
          'http://app.test/x/../y',
        ]) {
          const res = await fetch(env.loginUrl(returnTo), { redirect: 'manual' });
          assert.equal(res.status, 302, returnTo);
        }
        const unknown = await fetch(`${env.t.url}/auth/sso/local/login`, { redirect: 'manual' });
        assert.equal(unknown.status, 404);
      });

      it('refuses an SSO account whose name an existing user has (no takeover)', async () => {
        const { fragment } = await env.browserLogin('sub-dave');
        assert.equal(fragment.get('error'), 'CONFLICT');
        assert.equal(fragment.get('reason'), 'NAME_TAKEN');
        const dave = ok(await env.t.call(GetUserDocument, { name: 'dave' })).user!;
        assert.equal(dave.backend.id, 'local');
      });

      it('ends the session with logoutWithProvider and names the provider end-session URL', async () => {
        const token = (await env.browserLogin('sub-ann')).fragment.get('token')!;
        const out = ok(await env.t.call(LogoutWithProviderDocument, undefined, token)).logoutWithProvider;
        assert.equal(out.loggedOut, true);
        const url = new URL(out.endSessionUrl!);
        assert.equal(url.origin + url.pathname, `${env.provider.issuer}/session/end`);
        assert.ok(url.searchParams.get('id_token_hint')!.split('.').length === 3);
        assert.equal(url.searchParams.get('post_logout_redirect_uri'), `${APP}bye`);
        assert.equal(code(await env.t.call(MeDocument, undefined, token)), 'UNAUTHENTICATED');
        // A password session has no provider to log out of.
        const admin = ok(
          await env.t.call(LoginDocument, { name: 'admin', password: ADMIN_PASSWORD }, null),
        ).login;
        const local = ok(
          await env.t.call(LogoutWithProviderDocument, undefined, admin.token),
        ).logoutWithProvider;
        assert.deepEqual(local, { loggedOut: true, endSessionUrl: null });
      });
    });

    describe('provider access tokens', () => {
      it('accepts a valid token, provisioning the user on first use, with a transient session', async () => {
        const token = await accessToken('sub-erin', {
          preferred_username: 'erin',
          email: 'erin@sso.test',
          groups: ['sso-devs'],
        });
        const me = ok(await env.t.call(MeDocument, undefined, token)).me;
        assert.equal(me.name, 'erin');
        assert.deepEqual(
          me.groups.map((g) => g.name),
          ['sso-devs'],
        );
        assert.equal(me.sessions.length, 1);
        assert.equal(me.sessions[0]!.method, 'SSO');
        assert.equal(me.sessions[0]!.current, true);
        assert.equal(ok(await env.t.call(MeDocument, undefined, token)).me.id, me.id);
      });

      it('names a first-seen user by the subject when neither token nor userinfo has the name claim', async () => {
        // The provider's userinfo endpoint does not take a token it did not issue itself.
        const token = await accessToken('sub-finn', { email: 'finn@sso.test' });
        const me = ok(await env.t.call(MeDocument, undefined, token)).me;
        assert.equal(me.name, 'sub-finn');
        assert.equal(me.email, 'finn@sso.test');
        // A known user's token without the claim leaves the name (and the absent claims) alone.
        const known = ok(await env.t.call(MeDocument, undefined, await accessToken('sub-erin'))).me;
        assert.equal(known.name, 'erin');
        assert.equal(known.email, 'erin@sso.test');
      });

      it('refuses tampered, expired, wrong-audience, wrong-issuer, alg none and HMAC tokens', async () => {
        const good = await accessToken('sub-erin');
        const [h, p, s] = good.split('.');
        const payload = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
        const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: 'sub-ann' })).toString('base64url')}.${s}`;
        const key = env.provider.keys[0]!;
        const publicPem = await exportSPKI(
          (await importJWK(key.publicJwk, key.alg, { extractable: true })) as never,
        );
        const hmacInput = `${Buffer.from(JSON.stringify({ alg: 'HS256', kid: key.kid })).toString('base64url')}.${p}`;
        const refused = {
          tampered,
          expired: await accessToken('sub-erin', { exp: Math.floor(Date.now() / 1000) - 3600 }),
          wrongAudience: await env.provider.accessToken({ sub: 'sub-erin', aud: 'https://other.test' }),
          noAudience: await env.provider.accessToken({ sub: 'sub-erin' }),
          wrongIssuer: await accessToken('sub-erin', { iss: 'http://127.0.0.1:1/other' }),
          otherKeySameKid: await accessToken('sub-erin', {}, { key: { ...(await newKey(key.kid)) } }),
          unknownKid: await accessToken('sub-erin', {}, { key: await newKey('made-up-kid') }),
          algNone: rawJwt({ alg: 'none', kid: key.kid }, payload),
          hmacWithPublicKey: `${hmacInput}.${createHmac('sha256', publicPem).update(hmacInput).digest('base64url')}`,
          hmacWithJwk: `${hmacInput}.${createHmac('sha256', JSON.stringify(key.publicJwk)).update(hmacInput).digest('base64url')}`,
          notJson: 'abc.def.ghi',
          idTokenShaped: await accessToken('sub-erin', { nonce: 'n-0123456789' }),
          // Issued (or valid from) an hour in the future: beyond any clock skew.
          issuedInFuture: await accessToken('sub-erin', {
            iat: Math.floor(Date.now() / 1000) + 3600,
            exp: Math.floor(Date.now() / 1000) + 7200,
          }),
          notYetValid: await accessToken('sub-erin', {
            nbf: Math.floor(Date.now() / 1000) + 3600,
            exp: Math.floor(Date.now() / 1000) + 7200,
          }),
        };
        for (const [label, token] of Object.entries(refused)) {
          const result = await env.t.call(MeDocument, undefined, token);
          assert.equal(result.errors?.[0]?.extensions.code, 'UNAUTHENTICATED', label);
        }
        ok(await env.t.call(MeDocument, undefined, good));
        // Within the clock skew (60 s by default), a token issued a little "in the future" is taken.
        const slightlyAhead = await accessToken('sub-erin', { iat: Math.floor(Date.now() / 1000) + 20 });
        ok(await env.t.call(MeDocument, undefined, slightlyAhead));
      });

      it('logout refuses the token from then on; revokeMySessions leaves it working', async () => {
        const token = await accessToken('sub-erin');
        const sessions = ok(await env.t.call(MySessionsDocument, undefined, token)).me.sessions;
        const current = sessions.find((s) => s.current)!;
        assert.equal(current.method, 'SSO');
        assert.equal(
          typeof ok(await env.t.call(RevokeMySessionsDocument, undefined, token)).revokeMySessions,
          'number',
        );
        ok(await env.t.call(MeDocument, undefined, token));
        const out = ok(await env.t.call(LogoutWithProviderDocument, undefined, token)).logoutWithProvider;
        assert.ok(out.endSessionUrl!.startsWith(`${env.provider.issuer}/session/end`));
        assert.equal(new URL(out.endSessionUrl!).searchParams.get('id_token_hint'), null);
        assert.equal(code(await env.t.call(MeDocument, undefined, token)), 'UNAUTHENTICATED');
        const other = await accessToken('sub-erin');
        const id = ok(await env.t.call(MySessionsDocument, undefined, other)).me.sessions.find(
          (s) => s.current,
        )!.id;
        assert.equal(ok(await env.t.call(RevokeSessionDocument, { id }, other)).revokeSession, true);
        assert.equal(code(await env.t.call(MeDocument, undefined, other)), 'UNAUTHENTICATED');
        assert.equal(code(await env.t.call(LogoutDocument, undefined, other)), 'UNAUTHENTICATED');
      });

      it('refuses the tokens of a disabled user and lets them work again once enabled', async () => {
        const token = await accessToken('sub-erin');
        ok(await env.t.call(MeDocument, undefined, token));
        ok(await env.t.call(DisableUserDocument, { name: 'erin' }));
        assert.equal(code(await env.t.call(MeDocument, undefined, token)), 'UNAUTHENTICATED');
        ok(await env.t.call(EnableUserDocument, { name: 'erin' }));
        ok(await env.t.call(MeDocument, undefined, token));
      });

      it('picks up a rotated provider key and drops a removed one', async () => {
        const oldKey = env.provider.keys[0]!;
        const oldToken = await accessToken('sub-erin');
        ok(await env.t.call(MeDocument, undefined, oldToken));
        const rotated = await newKey('key-2');
        const elliptic = await newKey('key-2e', 'ES256');
        env.provider.keys.splice(0, env.provider.keys.length, rotated, elliptic);
        await env.provider.stop();
        await env.provider.start();
        for (const key of [rotated, elliptic]) {
          const newToken = await accessToken('sub-erin', {}, { key });
          assert.equal(ok(await env.t.call(MeDocument, undefined, newToken)).me.name, 'erin', key.kid);
        }
        assert.equal(code(await env.t.call(MeDocument, undefined, oldToken)), 'UNAUTHENTICATED');
        assert.notEqual(oldKey.kid, rotated.kid);
      });
    });

    describe('read-only directory data', () => {
      it('refuses every change to SSO-owned data with READ_ONLY_BACKEND and changes nothing', async () => {
        const annToken = (await env.browserLogin('sub-ann')).fragment.get('token')!;
        ok(await env.t.call(CreateGroupDocument, { name: 'local-team' }));
        const before = await snapshot(env.t.server);
        const attempts: [string, GqlResult<unknown>][] = [
          [
            'createUser',
            await call(CreateUserDocument, { input: { name: 'new-sso', backend: SSO_BACKEND } }),
          ],
          ['displayName', await call(UpdateUserDocument, { name: 'ann', input: { displayName: 'X' } })],
          ['email', await call(UpdateUserDocument, { name: 'ann', input: { email: 'x@sso.test' } })],
          ['mobile', await call(UpdateUserDocument, { name: 'ann', input: { mobile: '+1 555 0100' } })],
          ['attributes', await call(UpdateUserDocument, { name: 'ann', input: { attributes: { a: 1 } } })],
          ['profile', await call(UpdateUserProfileDocument, { name: 'ann', input: { firstName: 'X' } })],
          ['own profile', await call(UpdateMyProfileDocument, { input: { firstName: 'X' } }, annToken)],
          [
            'own password',
            await call(
              ChangeMyPasswordDocument,
              { oldPassword: 'a-Password-1', newPassword: 'b-Password-2' },
              annToken,
            ),
          ],
          ['reset password', await call(ResetPasswordDocument, { name: 'ann' })],
          ['email change', await call(SendEmailVerificationDocument, { name: 'ann', email: 'y@sso.test' })],
          [
            'remove group',
            await call(SetUserGroupsDocument, { name: 'ann', input: { remove: ['sso-devs'] } }),
          ],
          ['add group', await call(SetUserGroupsDocument, { name: 'erin', input: { add: ['engineering'] } })],
          ['set groups', await call(SetUserGroupsDocument, { name: 'ann', input: { set: [] } })],
          ['delete user', await call(DeleteUserDocument, { name: 'ann' })],
          ['create group', await call(CreateGroupDocument, { name: 'sso-new', backend: SSO_BACKEND })],
          ['delete group', await call(DeleteGroupDocument, { name: 'sso-devs' })],
        ];
        for (const [label, result] of attempts) {
          const error = failure(result);
          assert.equal(error.extensions.code, 'FORBIDDEN', `${label}: ${JSON.stringify(error)}`);
          assert.equal(error.extensions.reason, 'READ_ONLY_BACKEND', label);
          assert.equal(error.extensions.backend, SSO_BACKEND, label);
        }
        assert.equal(await snapshot(env.t.server), before);
      });

      it('keeps gateway-owned data writable for SSO users', async () => {
        const annToken = (await env.browserLogin('sub-ann')).fragment.get('token')!;
        const updated = ok(
          await env.t.call(UpdateUserDocument, {
            name: 'ann',
            input: {
              tags: [{ key: 'team', value: 'blue' }],
              isAdmin: false,
              validity: { end: '2999-01-01T00:00:00Z' },
            },
          }),
        ).updateUser;
        assert.deepEqual(updated.tags, [{ key: 'team', value: 'blue' }]);
        ok(await env.t.call(SetRequiredActionsDocument, { name: 'ann', actions: ['ACCEPT_TERMS'] }));
        const grouped = ok(
          await env.t.call(SetUserGroupsDocument, { name: 'ann', input: { add: ['local-team'] } }),
        ).setUserGroups;
        assert.ok(grouped.groups.some((g) => g.name === 'local-team'));
        ok(await env.t.call(UpdateMySettingsDocument, { input: { language: 'de' } }, annToken));
        // A new login keeps the gateway's data and the membership in a local group.
        const again = (await env.browserLogin('sub-ann')).fragment.get('token')!;
        const me = ok(await env.t.call(MeDocument, undefined, again)).me;
        assert.deepEqual(me.tags, [{ key: 'team', value: 'blue' }]);
        assert.deepEqual(me.requiredActions, ['ACCEPT_TERMS']);
        assert.deepEqual(me.groups.map((g) => g.name).sort(), ['engineering', 'local-team', 'sso-devs']);
      });

      it('cannot be locked out of the provider login by failed password logins under its name', async () => {
        for (let i = 0; i < 6; i++) {
          const error = failure(
            await env.t.call(LoginDocument, { name: 'ann', password: `guess-${i}-password` }, null),
          );
          assert.equal(error.extensions.code, 'UNAUTHENTICATED');
        }
        const ann = ok(await env.t.call(GetUserDocument, { name: 'ann' })).user!;
        assert.equal(ann.failedLoginCount, 0);
        assert.equal(ann.state, 'ENABLED');
        const { fragment } = await env.browserLogin('sub-ann');
        assert.ok(fragment.get('token'), JSON.stringify([...fragment.entries()]));
      });

      it('refuses the browser login of a disabled user', async () => {
        ok(await env.t.call(DisableUserDocument, { name: 'ann' }));
        try {
          const { fragment } = await env.browserLogin('sub-ann');
          assert.equal(fragment.get('error'), 'UNAUTHENTICATED');
        } finally {
          ok(await env.t.call(EnableUserDocument, { name: 'ann' }));
        }
      });
    });

    describe('provider outage', () => {
      it('answers BACKEND_UNAVAILABLE naming the backend, keeps cached keys working, and recovers', async () => {
        const cached = await accessToken('sub-erin');
        ok(await env.t.call(MeDocument, undefined, cached));
        const fresh = await newKey('key-3');
        const withNewKey = await accessToken('sub-erin', {}, { key: fresh });
        await env.provider.stop();
        try {
          const ready = await fetch(`${env.t.url}/readyz`);
          assert.equal(ready.status, 503);
          const body = (await ready.json()) as { backends: { id: string; state: string }[] };
          assert.equal(body.backends.find((b) => b.id === SSO_BACKEND)!.state, 'down');
          const start = await fetch(env.loginUrl(), { redirect: 'manual' });
          assert.equal(start.status, 503);
          const startBody = (await start.json()) as { errors: { extensions: Record<string, unknown> }[] };
          assert.deepEqual(startBody.errors[0]!.extensions, {
            code: 'BACKEND_UNAVAILABLE',
            backend: SSO_BACKEND,
          });
          const error = failure(await env.t.call(MeDocument, undefined, withNewKey));
          assert.equal(error.extensions.code, 'BACKEND_UNAVAILABLE');
          assert.equal(error.extensions.backend, SSO_BACKEND);
          assert.ok(!JSON.stringify(error).includes('fetch'), JSON.stringify(error));
          // Signed with a key idgate already has: works while the provider is down.
          ok(await env.t.call(MeDocument, undefined, cached));
        } finally {
          env.provider.keys.push(fresh);
          await env.provider.start();
        }
        assert.equal(ok(await env.t.call(MeDocument, undefined, withNewKey)).me.name, 'erin');
        assert.equal((await fetch(env.loginUrl(), { redirect: 'manual' })).status, 302);
        assert.equal((await fetch(`${env.t.url}/readyz`)).status, 200);
      });

      it('starts while the provider is down and works once it is back, without a restart', async () => {
        await env.provider.stop();
        let second: TestServer | undefined;
        try {
          second = await startTestServer(driver, {
            domains: [
              {
                name: 'default',
                backends: [
                  { id: 'local', kind: 'local' },
                  {
                    id: 'late',
                    kind: 'sso',
                    issuer: env.provider.issuer,
                    clientId: CLIENT_ID,
                    redirectUrl: 'http://127.0.0.1:9/auth/sso/late/callback',
                    allowedReturnUrls: [APP],
                    allowInsecureHttp: true,
                    timeoutSeconds: 2,
                  },
                ],
              },
            ],
          });
          assert.equal((await fetch(`${second.url}/readyz`)).status, 503);
          assert.equal(
            (await fetch(`${second.url}/auth/sso/late/login`, { redirect: 'manual' })).status,
            503,
          );
        } finally {
          await env.provider.start();
        }
        try {
          assert.equal(
            (await fetch(`${second.url}/auth/sso/late/login`, { redirect: 'manual' })).status,
            302,
          );
          assert.equal((await fetch(`${second.url}/readyz`)).status, 200);
        } finally {
          await second.close();
        }
      });

      it('sends the browser back with BACKEND_UNAVAILABLE when the provider fails at the callback', async () => {
        const browser = new TestBrowser();
        const start = await browser.request(env.loginUrl());
        const { location } = await browser.follow(
          start.headers.get('location')!,
          [`${env.t.url}/auth/sso/`],
          {
            login: 'sub-ann',
            password: 'x',
          },
        );
        await env.provider.stop();
        let answer: Response;
        try {
          answer = await browser.request(location!);
        } finally {
          await env.provider.start();
        }
        const fragment = fragmentOf(answer.headers.get('location')!);
        assert.equal(fragment.get('error'), 'BACKEND_UNAVAILABLE');
        assert.equal(fragment.get('backend'), SSO_BACKEND);
      });
    });

    it('never logs the client secret, a token, an authorization code, a state or a nonce', () => {
      for (const url of requestedUrls) {
        const params = new URL(url).searchParams;
        for (const name of ['code', 'state', 'nonce', 'code_challenge']) {
          const value = params.get(name);
          if (value && value.length >= 16) secrets.push(value);
        }
      }
      assert.ok(log.includes('/auth/sso/sso/callback'), 'the log was captured');
      assert.ok(secrets.length > 20);
      for (const secret of secrets) assert.ok(!log.includes(secret), `logged: ${secret.slice(0, 12)}…`);
    });
  });
}
