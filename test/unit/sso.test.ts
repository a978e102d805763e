import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { claimValue, groupName, mapClaims } from '../../backends/sso/claims';
import { describeCapabilities } from '../../backends/capabilities';
import { createSsoBackend } from '../../backends/sso/sso-tokens.backend';
import { ssoBackendConfigSchema } from '../../backends/sso/sso.config';
import { ConfigError, loadConfig } from '../../src/config';
import { allowedReturnUrl, looksLikeJwt } from '../../src/services/sso/sso-crypto';

const BASE = {
  id: 'corp',
  kind: 'sso',
  issuer: 'https://login.example.org/realms/corp',
  clientId: 'idgate',
  clientSecret: 'secret',
  redirectUrl: 'https://idgate.example.org/auth/sso/corp/callback',
  allowedReturnUrls: ['https://app.example.org/'],
};

function configError(sso: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'idgate-sso-config-'));
  const path = join(dir, 'idgate.json');
  writeFileSync(
    path,
    JSON.stringify({ domains: [{ name: 'default', backends: [{ id: 'local', kind: 'local' }, sso] }] }),
  );
  try {
    loadConfig({ IDGATE_CONFIG: path });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    assert.ok(!error.message.includes('\n'));
    return error.message;
  }
  assert.fail('expected a ConfigError');
}

describe('SSO backend configuration', () => {
  it('fills the defaults', () => {
    const config = ssoBackendConfigSchema.parse(BASE);
    assert.deepEqual(config.scopes, ['openid', 'profile', 'email']);
    assert.equal(config.claims.name, 'preferred_username');
    assert.equal(config.claims.groups, 'groups');
    assert.equal(config.clockSkewSeconds, 60);
    assert.ok(!config.algorithms.some((a) => a.startsWith('HS') || a === 'none'));
    const log = { info() {}, warn() {}, error() {} };
    const plain = describeCapabilities(createSsoBackend(config, { log }));
    assert.equal(plain.readOnly, true);
    assert.deepEqual(plain.capabilities, ['redirect-login']);
    // Provider access tokens only with an audience: the method itself is there or not.
    const withTokens = createSsoBackend(ssoBackendConfigSchema.parse({ ...BASE, audience: 'api' }), { log });
    assert.deepEqual(describeCapabilities(withTokens).capabilities, ['redirect-login', 'provider-tokens']);
    assert.equal('verifyAccessToken' in createSsoBackend(config, { log }), false);
  });

  it('refuses bad entries with one line naming the key', () => {
    const at = 'domains[0].backends[1]';
    assert.ok(configError({ ...BASE, clientSecrett: 'x' }).endsWith(`${at}.clientSecrett: unknown key`));
    assert.match(
      configError({ ...BASE, algorithms: ['RS256', 'none'] }),
      /algorithms\[1\]: "none" is never allowed/,
    );
    assert.match(
      configError({ ...BASE, algorithms: ['HS256'] }),
      /algorithms\[0\]: "HS256" is never allowed/,
    );
    assert.match(configError({ ...BASE, algorithms: ['XY512'] }), /unknown algorithm "XY512"/);
    assert.match(configError({ ...BASE, issuer: 'http://login.example.org' }), /issuer: must be https/);
    assert.match(configError({ ...BASE, scopes: ['profile'] }), /scopes: must include "openid"/);
    assert.match(
      configError({ ...BASE, allowedReturnUrls: [] }),
      /allowedReturnUrls: needs at least one URL/,
    );
    assert.match(configError({ ...BASE, allowedReturnUrls: ['https://a/#x'] }), /must not have a fragment/);
    assert.match(
      configError({ ...BASE, allowedReturnUrls: ['https://ok.example.org/', 'http://app.example.org/'] }),
      /allowedReturnUrls\[1\]: must be https/,
    );
    assert.match(
      configError({ ...BASE, postLogoutRedirectUrl: 'http://app.example.org/bye' }),
      /postLogoutRedirectUrl: must be https/,
    );
    assert.match(configError({ ...BASE, redirectUrl: 'not a url' }), /redirectUrl: must be an absolute/);
    assert.match(configError({ ...BASE, claims: { nmae: 'x' } }), /claims\.nmae: unknown key/);
    const { redirectUrl: _, ...noRedirect } = BASE;
    assert.match(configError(noRedirect), /redirectUrl: Required/);
  });
});

describe('SSO claim mapping', () => {
  const claims = ssoBackendConfigSchema.parse(BASE).claims;

  it('maps the standard claims, nested claims and groups', () => {
    const { identity, skippedGroups } = mapClaims(
      {
        sub: 'abc',
        preferred_username: 'ann',
        name: 'Ann Smith',
        given_name: 'Ann',
        family_name: 'Smith',
        email: 'ann@example.org',
        email_verified: 'true',
        groups: ['/eng/backend', 'Domain Users', 'ops', 'OPS', 42, 'bad,name'],
      },
      claims,
      true,
    );
    assert.equal(identity.name, 'ann');
    assert.equal(identity.displayName, 'Ann Smith');
    assert.equal(identity.email, 'ann@example.org');
    assert.equal(identity.emailVerified, true);
    assert.deepEqual(identity.profile, { firstName: 'Ann', lastName: 'Smith', fullName: 'Ann Smith' });
    assert.deepEqual(
      identity.groups!.map((g) => g.name),
      ['eng.backend', 'Domain-Users', 'ops'],
    );
    assert.deepEqual(skippedGroups, ['bad,name']);
    assert.deepEqual(identity.externalIds, [{ type: 'oidc-sub', id: 'abc' }]);
    assert.equal(claimValue({ realm_access: { roles: ['a'] } }, 'realm_access.roles') instanceof Array, true);
    assert.deepEqual(claimValue({ 'https://x.test/groups': ['g'] }, 'https://x.test/groups'), ['g']);
    assert.equal(groupName('  '), null);
  });

  it('falls back to the subject as name, and clears absent claims only when complete', () => {
    const complete = mapClaims({ sub: 'user-1', preferred_username: 'has space' }, claims, true).identity;
    assert.equal(complete.name, 'user-1');
    assert.deepEqual(complete.groups, []);
    const partial = mapClaims({ sub: 'user-1' }, claims, false).identity;
    assert.equal(partial.name, undefined);
    assert.equal(partial.groups, undefined);
    assert.equal(partial.email, undefined);
    const noGroups = mapClaims({ sub: 'u' }, { ...claims, groups: null }, true).identity;
    assert.equal(noGroups.groups, undefined);
  });
});

describe('SSO return URLs and tokens', () => {
  const allowed = ['https://app.example.org/', 'https://admin.example.org/start'];

  it('allows exact URLs and paths under an entry ending in "/"', () => {
    assert.equal(
      allowedReturnUrl('https://app.example.org/a/b?c=1', allowed),
      'https://app.example.org/a/b?c=1',
    );
    assert.equal(
      allowedReturnUrl('https://admin.example.org/start', allowed),
      'https://admin.example.org/start',
    );
    for (const bad of [
      'https://admin.example.org/start/x',
      'https://admin.example.org/startx',
      'https://app.example.org.evil.test/',
      'http://app.example.org/',
      'https://app.example.org/#t',
      'https://u@app.example.org/',
      'https://evil.test/?https://app.example.org/',
      '/relative',
      'x'.repeat(3000),
      `https://app.example.org/${'é'.repeat(1000)}`, // short as typed, over the limit once encoded
    ]) {
      assert.equal(allowedReturnUrl(bad, allowed), null, bad);
    }
  });

  it('tells JWTs from idgate tokens', () => {
    assert.equal(looksLikeJwt('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'), true);
    assert.equal(looksLikeJwt('a'.repeat(43)), false);
  });
});
