import { CreateGroupDocument, CreateUserDocument } from '../generated/graphql';
import { gql, ok } from '../helpers/client';
import type { Driver } from '../helpers/databases';
import { startTestServer } from '../helpers/server';
import { snapshot } from '../helpers/snapshot';
import type { BackendFixture } from './backend.conformance';

/** The local backend, seeded through the API (its own means of writing). */
export function localFixture(driver: Driver): BackendFixture {
  const users = [
    { name: 'conf-alice', password: 'alice-Password-1', email: 'alice@conf.test', groups: ['conf-staff'] },
    { name: 'conf-bob', password: 'bob-Password-1', email: 'bob@conf.test', groups: [] },
  ];
  return {
    label: `local on ${driver}`,
    backendId: 'local',
    writable: true,
    users,
    groups: ['conf-staff'],
    async start() {
      const t = await startTestServer(driver);
      ok(await gql(t.url, CreateGroupDocument, { name: 'conf-staff' }, t.adminToken));
      for (const u of users) {
        ok(await gql(t.url, CreateUserDocument, { input: u }, t.adminToken));
      }
      return t;
    },
    directorySnapshot: (t) => snapshot(t.server),
  };
}
