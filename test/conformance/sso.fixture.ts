import { MeDocument } from '../generated/graphql';
import { ok } from '../helpers/client';
import type { Driver } from '../helpers/databases';
import type { TestServer } from '../helpers/server';
import { API_AUDIENCE, SSO_BACKEND, startSsoEnvironment } from '../helpers/sso';
import type { BackendFixture } from './backend.conformance';

/**
 * The SSO backend in front of a real oidc-provider, seeded by the provider's own means: alice logs
 * in through the browser flow, bob is provisioned by the first use of an access token.
 */
export function ssoFixture(driver: Driver): BackendFixture {
  const users = [
    { name: 'conf-alice', password: '', email: 'alice@conf.test', groups: ['conf-staff'] },
    { name: 'conf-bob', password: '', email: 'bob@conf.test', groups: [] },
  ];
  return {
    label: `sso on ${driver}`,
    backendId: SSO_BACKEND,
    writable: false,
    users,
    groups: ['conf-staff'],
    async start(): Promise<TestServer> {
      const env = await startSsoEnvironment(
        driver,
        new Map([
          [
            'sub-alice',
            { preferred_username: 'conf-alice', email: 'alice@conf.test', groups: ['conf-staff'] },
          ],
          ['sub-bob', { preferred_username: 'conf-bob', email: 'bob@conf.test' }],
        ]),
      );
      try {
        const { fragment } = await env.browserLogin('sub-alice');
        if (!fragment.get('token')) throw new Error(`alice's login failed: ${fragment.toString()}`);
        const token = await env.provider.accessToken({
          sub: 'sub-bob',
          aud: API_AUDIENCE,
          preferred_username: 'conf-bob',
          email: 'bob@conf.test',
          groups: [],
        });
        ok(await env.t.call(MeDocument, undefined, token));
      } catch (error) {
        await env.close();
        throw error;
      }
      return { ...env.t, close: () => env.close() };
    },
    /** The users, groups and memberships of the SSO backend: what the provider owns. */
    async directorySnapshot(t) {
      const conn = t.server.db.orm.em.fork().getConnection();
      const parts: string[] = [];
      for (const sql of [
        `select * from users where backend_id = '${SSO_BACKEND}'`,
        `select * from groups where backend_id = '${SSO_BACKEND}'`,
        `select gm.* from group_members gm join groups g on g.id = gm.group_id where g.backend_id = '${SSO_BACKEND}'`,
      ]) {
        const rows = await conn.execute(sql);
        parts.push(
          rows
            .map((r: unknown) => JSON.stringify(r))
            .sort()
            .join('\n'),
        );
      }
      return parts.join('\n--\n');
    },
  };
}
