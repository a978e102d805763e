import { startServerWithLdap, type LdapTestEnv } from '../helpers/ldap-env';
import type { BackendFixture } from './backend.conformance';

/** The LDAP backend against a real slapd seeded from the LDIF of scripts/ldap-seed.ts. */
export function ldapFixture(readOnly: boolean): BackendFixture {
  let env: LdapTestEnv | null = null;
  return {
    label: `ldap (${readOnly ? 'read-only' : 'writable'}) on a real slapd`,
    backendId: 'ldap',
    writable: !readOnly,
    users: [
      {
        name: 'alice',
        password: 'alice-Password-1',
        email: 'alice@idgate.test',
        groups: ['staff', 'locked'],
      },
      // bob is a direct member of `everyone` (which also holds the group `staff`: nested, off here).
      { name: 'bob', password: 'bob-Password-1', email: 'bob@idgate.test', groups: ['everyone'] },
    ],
    groups: ['staff', 'locked', 'everyone'],
    async start() {
      env = await startServerWithLdap({ readOnly, users: 200, groups: 10 });
      return env.server;
    },
    directorySnapshot: async () => env!.slapd.dump(),
  };
}
