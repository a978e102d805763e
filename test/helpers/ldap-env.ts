import type { LdapBackend } from '../../backends/ldap/ldap.backend';
import type { Driver } from './databases';
import { startTestServer, type TestServer } from './server';
import { ldapBackendConfig, startSlapd, type TestSlapd } from './slapd';

export interface LdapTestEnv {
  slapd: TestSlapd;
  server: TestServer;
  backend: LdapBackend;
  /** Counts the directory searches made while `work` runs. */
  countSearches<T>(work: () => Promise<T>): Promise<{ result: T; searches: string[] }>;
}

/**
 * A slapd with the seed directory and an idgate whose default domain has a local backend (the
 * bootstrap admin) and an LDAP backend `ldap`. Closing the server also stops slapd.
 */
export async function startServerWithLdap(options: {
  readOnly: boolean;
  users?: number;
  groups?: number;
  /** Give every user and group an Active Directory-like binary objectGUID (see startSlapd). */
  objectGuids?: boolean;
  driver?: Driver;
  ldap?: object;
  /** More backends for the default domain, made once slapd runs. */
  extraBackends?: (slapd: TestSlapd) => object[];
  /** Where the server logs (at debug), for tests that read the log. */
  logStream?: NodeJS.WritableStream;
}): Promise<LdapTestEnv> {
  const slapd = await startSlapd({
    users: options.users,
    groups: options.groups,
    objectGuids: options.objectGuids,
  });
  let server: TestServer;
  try {
    server = await startTestServer(
      options.driver ?? 'sqlite',
      {
        domains: [
          {
            name: 'default',
            backends: [
              { id: 'local', kind: 'local' },
              ldapBackendConfig(slapd, 'ldap', options.readOnly, options.ldap),
              ...(options.extraBackends?.(slapd) ?? []),
            ],
          },
        ],
      },
      { logStream: options.logStream },
    );
  } catch (error) {
    await slapd.close();
    throw error;
  }
  const close = server.close.bind(server);
  server.close = async () => {
    await close();
    await slapd.close();
  };
  const backend = server.server.services.backends.get('ldap') as LdapBackend;
  return {
    slapd,
    server,
    backend,
    async countSearches(work) {
      const searches: string[] = [];
      const stop = backend.onSearch((f) => searches.push(f));
      try {
        return { result: await work(), searches };
      } finally {
        stop();
      }
    },
  };
}
