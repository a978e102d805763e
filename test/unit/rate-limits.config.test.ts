import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config';
import { accountKey, addressKey } from '../../src/ratelimit/keys';
import { RATE_LIMIT_DEFAULTS } from '../../src/ratelimit/rate-limits.config';
import { storeKindFor } from '../../src/ratelimit/store';

function withFile(content: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'idgate-config-'));
  const path = join(dir, 'idgate.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const fromFile = (content: object) => loadConfig({ IDGATE_CONFIG: withFile(content) });

function configError(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `not a ConfigError: ${String(error)}`);
    return error.message;
  }
  assert.fail('expected a ConfigError');
}

const fileError = (content: object) => configError({ IDGATE_CONFIG: withFile(content) });

describe('rateLimits and http.trustProxy configuration', () => {
  it('ships every limit on, with the documented defaults, and trusts no proxy', () => {
    const config = loadConfig({});
    assert.deepEqual(config.rateLimits, {
      enabled: true,
      keyPrefix: 'idgate',
      ipv6PrefixLength: 64,
      ...RATE_LIMIT_DEFAULTS,
    });
    assert.deepEqual(config.rateLimits.login.failuresPerAddress, {
      limit: 10,
      windowSeconds: 60,
      blockSeconds: 60,
      maxBlockSeconds: 900,
    });
    assert.deepEqual(config.rateLimits.login.attemptsPerAddress, {
      limit: 30,
      windowSeconds: 60,
      blockSeconds: 0,
      maxBlockSeconds: 0,
    });
    assert.equal(config.http.trustProxy, false);
    assert.equal(config.redisUrl, null);
  });

  it('overrides single keys of a limit and keeps the rest', () => {
    const config = fromFile({
      rateLimits: {
        keyPrefix: 'idgate-eu',
        login: { failuresPerAddress: { limit: 5 }, failuresPerAccount: { blockSeconds: 100000 } },
        resetPassword: { attemptsPerAccount: { blockSeconds: 60 } },
      },
    });
    assert.equal(config.rateLimits.keyPrefix, 'idgate-eu');
    assert.deepEqual(config.rateLimits.login.failuresPerAddress, {
      limit: 5,
      windowSeconds: 60,
      blockSeconds: 60,
      maxBlockSeconds: 900,
    });
    // A first block above the default maximum does not grow.
    assert.equal(config.rateLimits.login.failuresPerAccount!.maxBlockSeconds, 100000);
    // A block on a limit that had none is a fixed block.
    assert.deepEqual(config.rateLimits.resetPassword.attemptsPerAccount, {
      limit: 5,
      windowSeconds: 3600,
      blockSeconds: 60,
      maxBlockSeconds: 60,
    });
    assert.deepEqual(config.rateLimits.confirmEmail, RATE_LIMIT_DEFAULTS.confirmEmail);
  });

  it('turns one limit off with false or enabled: false, and all of them with rateLimits.enabled: false', () => {
    const config = fromFile({
      rateLimits: {
        login: { attemptsPerAddress: false, failuresPerAccount: { enabled: false } },
      },
    });
    assert.equal(config.rateLimits.login.attemptsPerAddress, null);
    assert.equal(config.rateLimits.login.failuresPerAccount, null);
    assert.notEqual(config.rateLimits.login.failuresPerAddress, null);
    assert.equal(fromFile({ rateLimits: { enabled: false } }).rateLimits.enabled, false);
  });

  it('refuses unknown keys and bad values, naming the key', () => {
    assert.match(fileError({ rateLimits: { logins: {} } }), /rateLimits\.logins: unknown key$/);
    assert.match(
      fileError({ rateLimits: { login: { failuresPerAdress: { limit: 3 } } } }),
      /rateLimits\.login\.failuresPerAdress: unknown key$/,
    );
    assert.match(
      fileError({ rateLimits: { login: { failuresPerAddress: { points: 3 } } } }),
      /rateLimits\.login\.failuresPerAddress\.points: unknown key$/,
    );
    assert.match(
      fileError({ rateLimits: { confirmEmail: { failuresPerAddress: { limit: 0 } } } }),
      /rateLimits\.confirmEmail\.failuresPerAddress\.limit: /,
    );
    assert.match(
      fileError({ rateLimits: { login: { failuresPerAddress: { windowSeconds: 30 * 86400 } } } }),
      /rateLimits\.login\.failuresPerAddress\.windowSeconds: /,
    );
    assert.match(
      fileError({ rateLimits: { login: { failuresPerAddress: { blockSeconds: 60, maxBlockSeconds: 30 } } } }),
      /rateLimits\.login\.failuresPerAddress\.maxBlockSeconds: must be at least blockSeconds \(60\)$/,
    );
    assert.match(
      fileError({ rateLimits: { login: { failuresPerAccount: { maxBlockSeconds: 60 } } } }),
      /rateLimits\.login\.failuresPerAccount\.maxBlockSeconds: must be at least blockSeconds \(900\)$/,
    );
    assert.match(fileError({ rateLimits: { keyPrefix: 'a b' } }), /rateLimits\.keyPrefix: /);
    assert.match(fileError({ rateLimits: { login: true } }), /rateLimits\.login: /);
  });

  it('reads http.trustProxy as true, false or a list of proxies, and refuses hop counts', () => {
    assert.equal(fromFile({ http: { trustProxy: true } }).http.trustProxy, true);
    assert.deepEqual(
      fromFile({ http: { trustProxy: ['10.0.0.0/8', '::1', 'fd00::/8', '192.0.2.7', 'loopback'] } }).http
        .trustProxy,
      ['10.0.0.0/8', '::1', 'fd00::/8', '192.0.2.7', 'loopback'],
    );
    assert.match(fileError({ http: { trustProxy: 1 } }), /http\.trustProxy: a hop count cannot tell/);
    assert.match(
      fileError({ http: { trustProxy: ['10.0.0.1', '10.0.0.0/33'] } }),
      /http\.trustProxy\[1\]: must be an IP address, a CIDR range/,
    );
    assert.match(
      fileError({ http: { trustProxy: 'yes' } }),
      /http\.trustProxy: must be true, false or a list/,
    );
    assert.match(fileError({ http: { trustProxy: [] } }), /http\.trustProxy: /);
    assert.match(fileError({ http: { proxy: true } }), /http\.proxy: unknown key$/);
  });

  it('reads REDIS_URL and picks the store: Redis, else PostgreSQL, else memory', () => {
    assert.equal(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl, 'redis://127.0.0.1:6379');
    assert.equal(
      loadConfig({ REDIS_URL: 'rediss://u:p@cache:6380/2' }).redisUrl,
      'rediss://u:p@cache:6380/2',
    );
    assert.equal(loadConfig({ REDIS_URL: '' }).redisUrl, null);
    assert.match(configError({ REDIS_URL: 'http://127.0.0.1:6379' }), /^REDIS_URL: /);
    assert.ok(!configError({ REDIS_URL: 'redis:/x:secret@' }).includes('secret'));
    const sqlite = { kind: 'sqlite' as const, location: 'x.db' };
    const pg = { kind: 'postgresql' as const, location: 'postgres://u@h/db' };
    assert.equal(storeKindFor('redis://h', pg), 'redis');
    assert.equal(storeKindFor('redis://h', sqlite), 'redis');
    assert.equal(storeKindFor(null, pg), 'postgresql');
    assert.equal(storeKindFor(null, sqlite), 'memory');
  });
});

describe('rate-limit keys', () => {
  it('keys IPv4 by address, IPv4-mapped IPv6 as IPv4, and IPv6 by its /64', () => {
    assert.equal(addressKey('203.0.113.9'), '203.0.113.9');
    assert.equal(addressKey('::ffff:203.0.113.9'), '203.0.113.9');
    assert.equal(addressKey('2001:db8:1:2:3:4:5:6'), '2001:db8:1:2::/64');
    assert.equal(addressKey('2001:db8:1:2:ffff::1'), '2001:db8:1:2::/64');
    assert.notEqual(addressKey('2001:db8:1:3::1'), addressKey('2001:db8:1:2::1'));
    assert.equal(addressKey('2001:db8:1:2:3:4:5:6', 48), '2001:db8:1::/48');
    assert.equal(addressKey('2001:db8::6', 128), '2001:db8::6');
    assert.equal(addressKey(null), 'unknown');
    assert.equal(addressKey('not an address'), 'unknown');
  });

  it('keys accounts by domain and name as the login compares them, hashed', () => {
    const ann = accountKey('default', 'ann');
    assert.equal(accountKey('default', 'ANN'), ann);
    assert.equal(accountKey('DEFAULT', 'Ann'), ann);
    assert.equal(accountKey('default', '\uff21\uff2e\uff2e'), ann); // full-width ＡＮＮ
    assert.notEqual(accountKey('other', 'ann'), ann);
    assert.notEqual(accountKey('default', 'anne'), ann);
    assert.match(ann, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(accountKey('default', 'x'.repeat(100_000)).length, 43);
  });
});
