import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { print } from 'graphql';
import { ListUsersDocument } from '../test/generated/graphql';
import { startServerWithLdap } from '../test/helpers/ldap-env';
import { SEED_SERVICE_DN, SEED_SERVICE_PASSWORD } from './ldap-seed';

/**
 * `npm run bench`: lists 100 users with their groups from a 2,000-user directory through idgate (over
 * HTTP, GraphQL) and the same entries with `ldapsearch` (one search for the users, one for their
 * groups), in the same run on the same slapd, and prints both times and their ratio.
 */

const ROUNDS = 30;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
}

async function time(work: () => Promise<unknown> | unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  const env = await startServerWithLdap({ readOnly: true, users: 2000, groups: 100 });
  try {
    const query = print(ListUsersDocument);
    const page = () =>
      fetch(`${env.server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${env.server.adminToken}` },
        body: JSON.stringify({ query, variables: { filter: { backend: 'ldap' }, first: 100 } }),
      }).then(async (r) => {
        const body = (await r.json()) as {
          data?: { users: { edges: { node: { name: string } }[] } };
          errors?: unknown;
        };
        if (!body.data) throw new Error(JSON.stringify(body.errors));
        return body.data.users.edges.map((e) => e.node.name);
      });
    const names = await page();
    const { searches } = await env.countSearches(page);
    const base = env.slapd.suffix;
    const ldapsearch = (searchBase: string, filter: string, attrs: string[]) => {
      const result = spawnSync(
        'ldapsearch',
        [
          '-x',
          '-LLL',
          '-H',
          env.slapd.url,
          '-D',
          SEED_SERVICE_DN,
          '-w',
          SEED_SERVICE_PASSWORD,
          '-b',
          searchBase,
          filter,
          ...attrs,
        ],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      if (result.status !== 0) throw new Error(result.stderr);
      return result.stdout;
    };
    const userFilter = `(|${names.map((n) => `(uid=${n})`).join('')})`;
    const memberFilter = `(|${names.map((n) => `(member=uid=${n},ou=people,${base})`).join('')})`;
    const direct = () => {
      ldapsearch(`ou=people,${base}`, userFilter, [
        'uid',
        'displayName',
        'mail',
        'givenName',
        'sn',
        'cn',
        'mobile',
        'entryUUID',
      ]);
      ldapsearch(`ou=groups,${base}`, memberFilter, ['cn', 'description', 'entryUUID', 'member']);
    };
    for (let i = 0; i < 5; i++) {
      await page();
      direct();
    }
    const viaIdgate: number[] = [];
    const viaLdapsearch: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      viaIdgate.push(await time(page));
      viaLdapsearch.push(await time(direct));
    }
    const row = (label: string, values: number[]) =>
      `${label.padEnd(44)} median ${median(values).toFixed(1).padStart(7)} ms   p95 ${p95(values).toFixed(1).padStart(7)} ms`;
    process.stdout.write(
      [
        `LDAP listing benchmark: 100 users with their groups out of ${2003} entries, ${ROUNDS} rounds`,
        row('idgate users(first: 100) { groups } over HTTP', viaIdgate),
        row('ldapsearch (users, then their groups)', viaLdapsearch),
        `ratio idgate / ldapsearch (medians): ${(median(viaIdgate) / median(viaLdapsearch)).toFixed(2)}`,
        `directory searches per idgate page: ${searches.length}`,
        '',
      ].join('\n'),
    );
  } finally {
    await env.server.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
