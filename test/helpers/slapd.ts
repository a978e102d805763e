import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildSeedLdif,
  OBJECT_GUID_SCHEMA,
  SEED_ADMIN_DN,
  SEED_ADD_ONLY_GROUP_DN,
  SEED_ADMIN_PASSWORD,
  SEED_LOCKED_GROUP_DN,
  SEED_SERVICE_DN,
  SEED_SERVICE_PASSWORD,
  SEED_SUFFIX,
} from '../../scripts/ldap-seed';

export interface TestSlapd {
  url: string;
  port: number;
  suffix: string;
  serviceDn: string;
  servicePassword: string;
  /** Stops the server (the data stays). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /**
   * ldapsearch as the root DN: every entry with its user attributes (and its change stamp entryCSN
   * unless `withChangeStamps` is false), as sorted text with sorted values.
   */
  dump(withChangeStamps?: boolean): string;
  /** Applies an LDIF change file as the root DN (ldapmodify). */
  ldapmodify(ldif: string): void;
  /** Runs ldapsearch as the root DN and returns its LDIF output. */
  ldapsearch(base: string, filter: string, attrs?: string[]): string;
  close(): Promise<void>;
}

/** Debian puts slapd and slapadd in /usr/sbin, which a non-login PATH may lack. */
function sbin(tool: string): string {
  return existsSync(`/usr/sbin/${tool}`) ? `/usr/sbin/${tool}` : tool;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForPort(port: number, up: boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open === up) return;
    if (Date.now() > deadline) throw new Error(`slapd port ${port} did not become ${up ? 'open' : 'closed'}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A real OpenLDAP slapd in a temp directory on a free loopback port, loaded (slapadd) with the seed
 * LDIF of scripts/ldap-seed.ts. The service account idgate binds as may read and write everything and
 * has no size limit; everyone else gets slapd's default limit of 500 entries. With `objectGuids`, a
 * test-only schema gives every user and group an Active Directory-like binary `objectGUID`.
 */
export async function startSlapd(
  options: { users?: number; groups?: number; objectGuids?: boolean } = {},
): Promise<TestSlapd> {
  const dir = mkdtempSync(join(tmpdir(), 'idgate-slapd-'));
  mkdirSync(join(dir, 'db'));
  const port = await freePort();
  const conf = join(dir, 'slapd.conf');
  const guidSchema = join(dir, 'idgate-test-guid.schema');
  if (options.objectGuids) writeFileSync(guidSchema, OBJECT_GUID_SCHEMA);
  writeFileSync(
    conf,
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      'include /etc/ldap/schema/nis.schema',
      ...(options.objectGuids ? [`include ${guidSchema}`] : []),
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      `pidfile ${join(dir, 'slapd.pid')}`,
      `argsfile ${join(dir, 'slapd.args')}`,
      'sizelimit 500',
      'password-hash {SSHA}',
      'database mdb',
      'maxsize 1073741824',
      `suffix "${SEED_SUFFIX}"`,
      `rootdn "${SEED_ADMIN_DN}"`,
      `rootpw ${SEED_ADMIN_PASSWORD}`,
      `directory ${join(dir, 'db')}`,
      'index objectClass eq',
      'index uid,cn,mail,sn,givenName,displayName eq,sub',
      'index member eq',
      'index entryUUID eq',
      ...(options.objectGuids ? ['index objectGUID eq'] : []),
      `limits dn.exact="${SEED_SERVICE_DN}" size=unlimited time=unlimited`,
      `access to dn.exact="${SEED_LOCKED_GROUP_DN}" attrs=member by dn.exact="${SEED_SERVICE_DN}" read by * read`,
      // `a`: values may be added, not deleted (an undo of an added member is refused).
      `access to dn.exact="${SEED_ADD_ONLY_GROUP_DN}" attrs=member by dn.exact="${SEED_SERVICE_DN}" =rscda by * read`,
      `access to attrs=userPassword by dn.exact="${SEED_SERVICE_DN}" write by self write by anonymous auth by * none`,
      `access to * by dn.exact="${SEED_SERVICE_DN}" write by self read by users read by * none`,
      '',
    ].join('\n'),
  );
  const ldif = join(dir, 'seed.ldif');
  writeFileSync(
    ldif,
    buildSeedLdif(options.users ?? 2000, options.groups ?? 100, { objectGuids: options.objectGuids }),
  );
  const load = spawnSync(sbin('slapadd'), ['-q', '-f', conf, '-l', ldif], { encoding: 'utf8' });
  if (load.status !== 0) throw new Error(`slapadd failed: ${load.stderr}`);

  const url = `ldap://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(sbin('slapd'), ['-f', conf, '-h', `${url}/`, '-d', '0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<never>((_, reject) =>
      child!.once('exit', (code) => reject(new Error(`slapd exited (${code}): ${stderr}`))),
    );
    await Promise.race([waitForPort(port, true), exited]);
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    running.removeAllListeners('exit');
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
    await waitForPort(port, false);
  };
  const ldapsearch = (base: string, filter: string, attrs: string[] = ['*']) => {
    const result = spawnSync(
      'ldapsearch',
      [
        '-x',
        '-LLL',
        '-o',
        'ldif-wrap=no',
        '-H',
        url,
        '-D',
        SEED_ADMIN_DN,
        '-w',
        SEED_ADMIN_PASSWORD,
        '-b',
        base,
        filter,
        ...attrs,
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    if (result.status !== 0 && result.status !== 32) throw new Error(`ldapsearch failed: ${result.stderr}`);
    return result.stdout;
  };
  const ldapmodify = (ldif: string) => {
    const result = spawnSync(
      'ldapmodify',
      ['-x', '-H', url, '-D', SEED_ADMIN_DN, '-w', SEED_ADMIN_PASSWORD],
      {
        input: ldif,
        encoding: 'utf8',
      },
    );
    if (result.status !== 0) throw new Error(`ldapmodify failed: ${result.stderr}`);
  };
  await start();
  return {
    ldapmodify,
    url,
    port,
    suffix: SEED_SUFFIX,
    serviceDn: SEED_SERVICE_DN,
    servicePassword: SEED_SERVICE_PASSWORD,
    stop,
    start,
    ldapsearch,
    dump: (withChangeStamps = true) =>
      ldapsearch(SEED_SUFFIX, '(objectClass=*)', withChangeStamps ? ['*', 'entryCSN'] : ['*'])
        .split('\n\n')
        .map((e) => {
          const [dn, ...rest] = e.trim().split('\n');
          return [dn, ...rest.sort()].join('\n');
        })
        .filter(Boolean)
        .sort()
        .join('\n\n'),
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The config entry of an LDAP backend pointing at a test slapd. */
export function ldapBackendConfig(slapd: TestSlapd, id: string, readOnly: boolean, extra: object = {}) {
  return {
    id,
    kind: 'ldap',
    displayName: 'Test directory',
    urls: [slapd.url],
    bindDn: slapd.serviceDn,
    bindPassword: slapd.servicePassword,
    userBaseDn: `ou=people,${slapd.suffix}`,
    groupBaseDn: `ou=groups,${slapd.suffix}`,
    attributes: { extra: ['departmentNumber'] },
    readOnly,
    connectTimeoutMs: 1000,
    timeoutMs: 3000,
    ...extra,
  };
}
