import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AndFilter, Client, EqualityFilter, OrFilter, type Entry } from 'ldapts';
import { ldapBackendConfig, startSlapd, type TestSlapd } from '../../test/helpers/slapd';
import { onCleanup } from './cleanup';
import type { DbKind } from './databases';
import { freshDatabase } from './databases';
import { quantile, runLoad, sendOne, type RequestPlan, type RunResult } from './measure';
import { BENCH_ADMIN_PASSWORD, startIdgate, type ServerProcess } from './processes';
import { body } from './scenarios';

/** Users in the directory of scenario f, as in the former LDAP bench (scripts/bench.ts). */
export const LDAP_USERS = 2000;
/** Groups in that directory. */
export const LDAP_GROUPS = 100;
/** What idgate's LDAP backend asks per page of a paged search, and per OR filter of keys. */
const PAGE_SIZE = 2000;
const USER_ATTRIBUTES = ['uid', 'displayName', 'mail', 'givenName', 'sn', 'cn', 'mobile', 'departmentNumber'];

/** True when slapd and slapadd are installed (scenario f is skipped otherwise). */
export function slapdAvailable(): boolean {
  return ['/usr/sbin/slapd', '/usr/sbin/slapadd'].every((p) => existsSync(p));
}

/** Everything scenario f runs against: slapd, idgate with an LDAP backend, and the raw client. */
export interface LdapEnv {
  /** The directory. */
  slapd: TestSlapd;
  /** idgate with a local and a read-only LDAP backend. */
  idgate: ServerProcess;
  /** The page request, with the bootstrap admin's token. */
  plan: RequestPlan;
  /** One page the hand-written way, in this process: the answer idgate should give. */
  rawPage(): Promise<unknown>;
  /** Stops idgate and slapd and drops the database. */
  close(): Promise<void>;
}

const first = (entry: Entry, attribute: string): string | null => {
  const value = entry[attribute];
  const one = Array.isArray(value) ? value[0] : value;
  return one === undefined ? null : String(one);
};

const values = (entry: Entry, attribute: string): string[] => {
  const value = entry[attribute];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);
};

const or = (attribute: string, list: string[]) =>
  new OrFilter({ filters: list.map((value) => new EqualityFilter({ attribute, value })) });

/**
 * Starts slapd with the seed directory (2,000 users in 100 groups), idgate on a fresh database of the
 * run's kind with a read-only LDAP backend `ldap` beside the local one, and a bound ldapts client.
 */
export async function startLdapEnv(kind: DbKind, logLevel?: string): Promise<LdapEnv> {
  const slapd = await startSlapd({ users: LDAP_USERS, groups: LDAP_GROUPS });
  const stopSlapd = onCleanup('stop slapd', () => slapd.close());
  const db = await freshDatabase(kind, 'ldap');
  const dir = mkdtempSync(join(tmpdir(), 'idgate-bench-config-'));
  const removeDir = onCleanup(`remove ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  const configFile = join(dir, 'idgate.json');
  const config = {
    domains: [
      {
        name: 'default',
        backends: [
          { id: 'local', kind: 'local' },
          ldapBackendConfig(slapd, 'ldap', true, { connectTimeoutMs: 5000 }),
        ],
      },
    ],
  };
  writeFileSync(configFile, JSON.stringify(config));
  const idgate = await startIdgate(db.url, { configFile, logLevel, label: 'idgate (LDAP)' });
  const login = (await sendOne(idgate, {
    bodies: [body('Login', { name: 'admin', password: BENCH_ADMIN_PASSWORD })],
    tokens: [],
  })) as { data?: { login: { token: string } } };
  if (!login.data) throw new Error(`scenario f: admin login failed: ${JSON.stringify(login)}`);
  const plan: RequestPlan = { bodies: [body('LdapPage')], tokens: [login.data.login.token] };

  const client = new Client({ url: slapd.url });
  await client.bind(slapd.serviceDn, slapd.servicePassword);
  const people = `ou=people,${slapd.suffix}`;
  const groupsBase = `ou=groups,${slapd.suffix}`;
  const isPerson = new EqualityFilter({ attribute: 'objectClass', value: 'inetOrgPerson' });
  const isGroup = new EqualityFilter({ attribute: 'objectClass', value: 'groupOfNames' });

  // The searches idgate's LDAP backend makes for this page (listUserKeys, getUsersByIds,
  // getGroupsOfUsers), with the same filters as strings, so that both sides parse them alike.
  const rawPage = async () => {
    const keys = await client.search(people, {
      filter: isPerson.toString(),
      attributes: ['entryUUID', 'uid'],
      paged: { pageSize: PAGE_SIZE },
    });
    const sorted = keys.searchEntries
      .map((e) => ({ id: first(e, 'entryUUID')!, name: first(e, 'uid')! }))
      .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.id.localeCompare(b.id))
      .slice(0, 101);
    const page = sorted.slice(0, 100);
    const users = await client.search(people, {
      filter: new AndFilter({
        filters: [
          isPerson,
          or(
            'entryUUID',
            page.map((k) => k.id),
          ),
        ],
      }).toString(),
      attributes: [...USER_ATTRIBUTES, 'entryUUID', 'createTimestamp'],
      paged: { pageSize: PAGE_SIZE },
    });
    const byId = new Map(users.searchEntries.map((e) => [first(e, 'entryUUID')!.toLowerCase(), e]));
    const entries = page.map((k) => byId.get(k.id.toLowerCase())).filter((e): e is Entry => !!e);
    const groups = await client.search(groupsBase, {
      filter: new AndFilter({
        filters: [
          isGroup,
          or(
            'member',
            entries.map((e) => e.dn),
          ),
        ],
      }).toString(),
      attributes: ['cn', 'description', 'entryUUID', 'member'],
      paged: { pageSize: PAGE_SIZE },
    });
    const groupsOf = new Map<string, string[]>();
    for (const g of groups.searchEntries) {
      for (const member of values(g, 'member')) {
        const key = member.toLowerCase();
        groupsOf.set(key, [...(groupsOf.get(key) ?? []), first(g, 'cn')!]);
      }
    }
    return {
      data: {
        users: {
          totalCount: keys.searchEntries.length,
          edges: entries.map((e) => ({
            node: {
              name: first(e, 'uid'),
              displayName: (first(e, 'displayName') ?? first(e, 'cn') ?? first(e, 'uid'))!.slice(0, 150),
              email: first(e, 'mail'),
              groups: (groupsOf.get(e.dn.toLowerCase()) ?? [])
                .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))
                .map((name) => ({ name })),
            },
          })),
        },
      },
    };
  };

  return {
    slapd,
    idgate,
    plan,
    rawPage,
    async close() {
      await client.unbind().catch(() => undefined);
      await idgate.stop();
      await db.drop();
      await stopSlapd();
      await removeDir();
    },
  };
}

/** idgate's side of f: one connection, requests back to back, so its latency is the page's time. */
export function runIdgatePage(env: LdapEnv, seconds: number): Promise<RunResult> {
  return runLoad(env.idgate, env.plan, { connections: 1, seconds, timeout: 30 });
}

/** The raw side of f: the same page through ldapts in this process, back to back, for `seconds`. */
export async function runRawPage(env: LdapEnv, seconds: number): Promise<RunResult> {
  const times: number[] = [];
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const end = started + BigInt(Math.round(seconds * 1e9));
  let errors = 0;
  while (process.hrtime.bigint() < end) {
    const t0 = process.hrtime.bigint();
    await env.rawPage().catch(() => errors++);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  times.sort((a, b) => a - b);
  return {
    requests: times.length,
    seconds: elapsed,
    rps: times.length / elapsed,
    p50: quantile(times, 0.5),
    p99: quantile(times, 0.99),
    cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / Math.max(1, times.length),
    clientCpuMsPerRequest: Number.NaN, // the client is the baseline here
    rssMb: Number.NaN, // in the bench's own process: not comparable with a server's
    errors,
    timeouts: 0,
    non2xx: 0,
    badBodies: 0,
  };
}
