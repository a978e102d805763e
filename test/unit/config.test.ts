import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config';

function withFile(content: string, name = 'idgate.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'idgate-config-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function configError(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `not a ConfigError: ${String(error)}`);
    assert.ok(!error.message.includes('\n'), 'one line');
    return error.message;
  }
  assert.fail('expected a ConfigError');
}

describe('configuration', () => {
  it('defaults to one domain "default" with a local backend on SQLite', () => {
    const config = loadConfig({});
    assert.equal(config.port, 4000);
    assert.equal(config.database.kind, 'sqlite');
    assert.equal(config.database.location, './data/idgate.db');
    assert.deepEqual(
      config.domains.map((d) => [d.name, d.backends.map((b) => b.kind)]),
      [['default', ['local']]],
    );
    assert.equal(config.admin.name, 'admin');
    assert.equal(config.admin.password, null);
  });

  it('reads PostgreSQL URLs, a YAML file and a JSON file', () => {
    const pg = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/idgate' });
    assert.equal(pg.database.kind, 'postgresql');
    const yaml = withFile(
      'domains:\n  - name: default\n    backends:\n      - { id: main, kind: local }\nsessions:\n  ttlSeconds: 60\n',
    );
    const fromYaml = loadConfig({ IDGATE_CONFIG: yaml });
    assert.equal(fromYaml.domains[0]!.backends[0]!.id, 'main');
    assert.equal(fromYaml.sessions.ttlSeconds, 60);
    const json = withFile(JSON.stringify({ serviceAccounts: { tokenTtlDays: 2 } }), 'c.json');
    assert.equal(loadConfig({ IDGATE_CONFIG: json }).serviceAccounts.tokenTtlSeconds, 2 * 86400);
  });

  it('reads the lifecycle settings with their defaults', () => {
    const defaults = loadConfig({});
    assert.deepEqual(defaults.lockout, { maxFailures: 5, windowSeconds: 900, lockSeconds: 900 });
    assert.deepEqual(defaults.passwordPolicy, {
      minLength: 8,
      maxLength: 256,
      forbidName: true,
      forbidCommon: true,
    });
    assert.equal(defaults.mail.smtp, null);
    const file = withFile('lockout: { maxFailures: 3 }\nmail:\n  smtp: { host: mx.example.org }\n');
    const config = loadConfig({ IDGATE_CONFIG: file });
    assert.equal(config.lockout.maxFailures, 3);
    assert.equal(config.lockout.windowSeconds, 900);
    assert.deepEqual(config.mail.smtp, {
      host: 'mx.example.org',
      port: 587,
      secure: false,
      requireTls: false,
      user: null,
      password: null,
    });
  });

  it('checks LDAP backend entries, naming the key', () => {
    const ldap = (extra: string, url = 'ldap://127.0.0.1:389') =>
      withFile(
        'domains:\n  - name: default\n    backends:\n      - id: corp\n        kind: ldap\n' +
          `        urls: [${url}]\n        bindDn: cn=idgate,dc=x\n        bindPassword: s3cret\n` +
          '        userBaseDn: ou=people,dc=x\n        groupBaseDn: ou=groups,dc=x\n' +
          extra,
      );
    const config = loadConfig({ IDGATE_CONFIG: ldap('') });
    assert.equal(config.domains[0]!.backends[0]!.kind, 'ldap');
    assert.match(
      configError({ IDGATE_CONFIG: ldap('        colour: red\n') }),
      /backends\[0\]\.colour: unknown key/,
    );
    assert.match(
      configError({ IDGATE_CONFIG: ldap('        caFile: /no/such/ca.pem\n') }),
      /backends\[0\]\.caFile: file not found/,
    );
    assert.match(
      configError({ IDGATE_CONFIG: ldap('        readOnly: maybe\n') }),
      /backends\[0\]\.readOnly/,
    );
    assert.match(
      configError({ IDGATE_CONFIG: ldap('        attributes: { name: "u id" }\n') }),
      /attributes\.name: must be an LDAP attribute name/,
    );
    assert.match(configError({ IDGATE_CONFIG: ldap('', 'http://x') }), /urls\[0\]: must be ldap:\/\/host/);
  });

  it('names the key and the problem, in one line', () => {
    const cases: [string, RegExp][] = [
      ['domainz: []\n', /domainz: unknown key/],
      [
        'domains:\n  - name: default\n    backends:\n      - { id: l, kind: local, colour: red }\n',
        /domains\[0\]\.backends\[0\]\.colour: unknown key/,
      ],
      [
        'domains:\n  - name: default\n    backends:\n      - { id: l, kind: nosuch }\n',
        /domains\[0\]\.backends\[0\]\.kind: unknown backend kind "nosuch"/,
      ],
      ['domains:\n  - name: Bad Name\n    backends:\n      - { id: l, kind: local }\n', /domains\[0\]\.name/],
      [
        'domains:\n  - name: other\n    backends:\n      - { id: l, kind: local }\n',
        /system domain "default"/,
      ],
      [
        'domains:\n  - name: default\n    backends:\n      - { id: l, kind: local }\n      - { id: l, kind: local }\n',
        /backends\[1\]\.id: "l" is declared twice/,
      ],
      ['sessions:\n  ttlSeconds: -5\n', /sessions\.ttlSeconds/],
      ['sessions: [unclosed\n', /not valid YAML/],
      ['lockout:\n  maxFailures: 0\n', /lockout\.maxFailures/],
      ['passwordPolicy:\n  minLength: 20\n  maxLength: 10\n', /passwordPolicy\.minLength: must not exceed/],
      ['mail:\n  smtp:\n    port: 25\n', /mail\.smtp\.host: Required/],
      ['mail:\n  smtp:\n    host: mx\n    tls: true\n', /mail\.smtp\.tls: unknown key/],
    ];
    for (const [content, pattern] of cases) {
      assert.match(configError({ IDGATE_CONFIG: withFile(content) }), pattern);
    }
    assert.match(configError({ IDGATE_CONFIG: '/no/such/file.yaml' }), /cannot read/);
    assert.match(configError({ PORT: 'eighty' }), /^PORT:/);
    assert.match(configError({ DATABASE_URL: 'mysql://x/y' }), /^DATABASE_URL:/);
    assert.match(configError({ IDGATE_ADMIN_PASSWORD: 'short' }), /^IDGATE_ADMIN_PASSWORD:/);
    assert.match(configError({ IDGATE_ADMIN_NAME: 'has space' }), /^IDGATE_ADMIN_NAME:/);
  });
});
