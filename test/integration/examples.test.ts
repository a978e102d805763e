import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../../src/config';
import { freshDatabase, type TestDatabase } from '../helpers/databases';
import { startSlapd, type TestSlapd } from '../helpers/slapd';
import { startTestServer, type TestServer } from '../helpers/server';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'));

interface ExampleFile {
  domains: { name: string; backends: Record<string, unknown>[] }[];
  [key: string]: unknown;
}

/** The example as parsed from its file: what loadConfig validated. */
function example(name: string): ExampleFile {
  return parseYaml(readFileSync(join(EXAMPLES, name), 'utf8')) as ExampleFile;
}

/**
 * The same file aimed at the test slapd: only where the directory is and how to reach it change
 * (URL, TLS, bind password, the DN suffix); every other key stays as the example has it.
 */
function aimedAt(file: ExampleFile, slapd: TestSlapd): ExampleFile {
  const retarget = (value: unknown): unknown =>
    typeof value === 'string' ? value.replace(/dc=example,dc=org$/, slapd.suffix) : value;
  return {
    ...file,
    domains: file.domains.map((domain) => ({
      ...domain,
      backends: domain.backends.map((backend) => {
        if (backend.kind !== 'ldap') return backend;
        const { caFile: _caFile, startTls: _startTls, ...rest } = backend;
        return {
          ...Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, retarget(value)])),
          urls: [slapd.url],
          bindPassword: slapd.servicePassword,
        };
      }),
    })),
  };
}

async function graphql<T>(t: TestServer, query: string): Promise<T> {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}` },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data!;
}

describe('examples/', () => {
  it('holds the examples the docs name, each listed in examples/README.md', () => {
    assert.deepEqual(files.sort(), [
      'active-directory.yaml',
      'openldap-readonly.yaml',
      'openldap-writable.yaml',
      'postgresql-replicas.yaml',
      'sso-entra-id.yaml',
      'sso-keycloak.yaml',
      'sso-okta.yaml',
    ]);
    const readme = readFileSync(join(EXAMPLES, 'README.md'), 'utf8');
    for (const file of files) assert.ok(readme.includes(`(${file})`), `${file} is listed`);
  });

  for (const file of files) {
    it(`${file} loads and validates as written`, () => {
      const config = loadConfig({
        IDGATE_CONFIG: join(EXAMPLES, file),
        DATABASE_URL: 'postgres://idgate:secret@127.0.0.1:5432/idgate',
        REDIS_URL: 'redis://127.0.0.1:6379/0',
      });
      assert.ok(config.domains.some((d) => d.name === 'default'));
      // Every key of the file was taken: nothing is dropped silently by the checks.
      const backends = example(file).domains.flatMap((d) => d.backends);
      assert.deepEqual(
        config.domains.flatMap((d) => d.backends.map((b) => b.id)),
        backends.map((b) => b.id),
      );
    });
  }

  describe('started', () => {
    let slapd: TestSlapd;
    before(async () => {
      slapd = await startSlapd({ users: 20, groups: 3 });
    });
    after(async () => {
      await slapd?.close();
    });

    it('openldap-readonly.yaml: lists the directory users and refuses changes to them', async () => {
      const t = await startTestServer('sqlite', aimedAt(example('openldap-readonly.yaml'), slapd));
      try {
        const data = await graphql<{
          users: { totalCount: number; edges: { node: { name: string; attributes: object } }[] };
          backends: { id: string; readOnly: boolean }[];
        }>(
          t,
          '{ users(filter: { backend: "corp" }, first: 3) { totalCount edges { node { name attributes } } } backends { id readOnly } }',
        );
        assert.ok(data.users.totalCount >= 20, `${data.users.totalCount} users`);
        assert.deepEqual(
          data.backends.find((b) => b.id === 'corp'),
          { id: 'corp', readOnly: true },
        );
        const res = await fetch(`${t.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}` },
          body: JSON.stringify({
            query: `mutation { createUser(input: { name: "new-one", backend: "corp" }) { id } }`,
          }),
        });
        const body = (await res.json()) as { errors: { extensions: { code: string; reason?: string } }[] };
        assert.equal(body.errors[0]!.extensions.code, 'FORBIDDEN');
      } finally {
        await t.close();
      }
    });

    it('openldap-writable.yaml: creates a user in the directory', async () => {
      const t = await startTestServer('sqlite', aimedAt(example('openldap-writable.yaml'), slapd));
      try {
        await graphql(
          t,
          'mutation { createUser(input: { name: "example-writer", backend: "corp", email: "ew@example.org", password: "a-long-Password-1" }) { id } }',
        );
        const ldif = slapd.ldapsearch(`ou=people,${slapd.suffix}`, '(uid=example-writer)', ['mail']);
        assert.match(ldif, /mail: ew@example\.org/);
      } finally {
        await t.close();
      }
    });
  });

  describe('postgresql-replicas.yaml started twice on one PostgreSQL database', () => {
    let database: TestDatabase;
    const servers: TestServer[] = [];
    before(async () => {
      database = await freshDatabase('postgres');
    });
    after(async () => {
      for (const server of servers) await server.close();
      await database?.drop();
    });

    it('serves the same users from both replicas', async () => {
      const file = example('postgresql-replicas.yaml');
      const options = { databaseUrl: database.url, env: { REDIS_URL: 'redis://127.0.0.1:6379/0' } };
      servers.push(await startTestServer('postgres', file, options));
      servers.push(await startTestServer('postgres', file, options));
      const [a, b] = servers as [TestServer, TestServer];
      for (const server of servers) assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
      await graphql(a, 'mutation { createUser(input: { name: "on-replica-a" }) { id } }');
      const seen = await graphql<{ user: { name: string } | null }>(
        b,
        '{ user(name: "on-replica-a") { name } }',
      );
      assert.deepEqual(seen.user, { name: 'on-replica-a' });
    });
  });
});
