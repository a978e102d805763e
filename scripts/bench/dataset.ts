import { createHash } from 'node:crypto';
import argon2 from 'argon2';
import {
  benchToken,
  DEPARTMENTS,
  EMPLOYEE_TYPES,
  LOCATIONS,
  pickFirstName,
  Random,
  SurnamePicker,
} from './names';

/** A cell before it is written: the loaders turn it into each database's own form. */
export type Cell = string | number | boolean | Date | null | { json: unknown };

/** The tables the generator fills, with their columns in the order rows give them. */
const columns = (list: string) => list.split(/\s+/).filter(Boolean);

/** The tables the generator fills, with their columns (as idgate's migrations name them). */
export const TABLES = {
  users: columns(`
    id domain backend_id external_id user_type name name_key display_name email email_key
    email_verified mobile full_name first_name last_name attributes external_ids is_admin disabled
    sync_disabled pending required_actions validity_begin validity_end failed_login_count
    locked_until failure_window_start last_login_at created_at updated_at version`),
  groups: columns('id domain backend_id external_id name name_key display_name created_at'),
  group_members: columns('group_id user_id'),
  user_tags: columns('user_id key value'),
  sessions: columns('id user_id token_hash method created_at last_seen_at expires_at ip_address user_agent'),
  local_credentials: columns('user_id password_hash updated_at'),
};

/** Orders a row given by column name as the table's column list says. */
function row(table: Table, values: Record<string, Cell>): Cell[] {
  return TABLES[table].map((column) => {
    if (!(column in values)) throw new Error(`dataset: ${table}.${column} has no value`);
    return values[column]!;
  });
}

/** A table the generator fills. */
export type Table = keyof typeof TABLES;

/** Receives the rows; may return a promise when it wants the generator to wait (backpressure). */
export type RowSink = (table: Table, row: Cell[]) => void | Promise<void>;

/** What the bench needs to know about the data it generated, to build its requests. */
export interface DatasetInfo {
  /** Users generated. */
  users: number;
  /** Groups generated. */
  groups: number;
  /** Group memberships generated. */
  memberships: number;
  /** Tags generated. */
  tags: number;
  /** Sessions generated (known and unknown tokens). */
  sessions: number;
  /** Session tokens of admin users (for the admin scenarios). */
  adminTokens: string[];
  /** Session tokens of ordinary enabled users (for `me`). */
  userTokens: string[];
  /** Names of users drawn at random (for `user(name)`). */
  sampleNames: string[];
  /** Ids of users drawn at random (for `_entities`). */
  sampleIds: string[];
  /** Enabled non-admin users with their passwords (for the logins of scenario e). */
  logins: { name: string; password: string }[];
  /** Users whose name contains "smi" (the keyword scenario's expected total). */
  smiMatches: number;
}

const ADMINS = 5;
const USER_TOKENS = 1000;
const PASSWORDS = ['Bench-Password-1', 'Bench-Password-2', 'Bench-Password-3', 'Bench-Password-4'];
/** argon2id at the cost idgate's local backend uses, so that a login here costs what a real one does. */
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
/** Fixed dates keep the data the same on every run; only session times follow the clock. */
const EPOCH = Date.UTC(2021, 0, 1);
const YEAR_MS = 365 * 86400_000;

/**
 * Generates the data set for `n` users with `seed` and hands every row to `sink`, table by table
 * interleaved as the users come (the loaders keep one stream per table). Users are local users of the
 * default domain; about 2% are disabled and 1% pending (no password). Each has 0..6 groups (3 on
 * average) out of n/100 groups, each of four tags with probability 1/2, and a password hash from a
 * small set of argon2id hashes made once. One user in five has a session with an unknown token; the
 * first admins and a thousand ordinary users have sessions with tokens the bench knows (benchToken).
 */
export async function generateDataset(n: number, seed: number, sink: RowSink): Promise<DatasetInfo> {
  const random = new Random(seed);
  const surnames = new SurnamePicker();
  const hashes = await Promise.all(PASSWORDS.map((p) => argon2.hash(p, HASH_OPTIONS)));
  const now = Date.now();
  const info: DatasetInfo = {
    users: n,
    groups: Math.max(20, Math.round(n / 100)),
    memberships: 0,
    tags: 0,
    sessions: 0,
    adminTokens: [],
    userTokens: [],
    sampleNames: [],
    sampleIds: [],
    logins: [],
    smiMatches: 0,
  };

  const groupIds: string[] = [];
  for (let g = 0; g < info.groups; g++) {
    const department = DEPARTMENTS[g % DEPARTMENTS.length]!;
    const name = `${department}-${Math.floor(g / DEPARTMENTS.length) + 1}`;
    const id = random.uuid();
    groupIds.push(id);
    const display = `${department[0]!.toUpperCase()}${department.slice(1)} ${name.split('-')[1]}`;
    await sink('groups', [id, 'default', 'local', null, name, name, display, new Date(EPOCH)]);
  }

  const seen = new Map<string, number>();
  // Every user stands the same chance of being sampled; the samples are capped so memory stays flat.
  const sampleEvery = Math.max(1, Math.floor(n / 2000));
  const tokenEvery = Math.max(1, Math.floor(n / USER_TOKENS));
  let tokenIndex = 0;
  const session = async (userId: string, tokenHash: string, lastSeen: number) => {
    info.sessions++;
    await sink(
      'sessions',
      row('sessions', {
        id: random.uuid(),
        user_id: userId,
        token_hash: tokenHash,
        method: 'PASSWORD',
        created_at: new Date(lastSeen - 60_000),
        last_seen_at: new Date(lastSeen),
        expires_at: new Date(lastSeen + 12 * 3600_000),
        ip_address: `10.${random.int(256)}.${random.int(256)}.${random.int(256)}`,
        user_agent: 'Mozilla/5.0 (X11; Linux x86_64) idgate-bench',
      }),
    );
  };

  for (let i = 0; i < n; i++) {
    const first = pickFirstName(random);
    const last = surnames.pick(random.next());
    const base = `${first}.${last}`.toLowerCase();
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    const name = count === 1 ? base : `${base}${count}`;
    const id = random.uuid();
    const admin = i < ADMINS;
    const disabled = !admin && random.chance(0.02);
    const pending = !admin && !disabled && random.chance(0.01);
    const created = EPOCH + random.int(3 * YEAR_MS);
    const lastLogin = random.chance(0.7) ? created + random.int(YEAR_MS) : null;
    const email = `${name}@example.com`;
    if (name.includes('smi')) info.smiMatches++;
    const fullName = `${first} ${last}`;
    await sink(
      'users',
      row('users', {
        id,
        domain: 'default',
        backend_id: 'local',
        external_id: null,
        user_type: 'USER',
        name,
        name_key: name,
        display_name: fullName,
        email,
        email_key: email,
        email_verified: random.chance(0.6),
        mobile: random.chance(0.5) ? `+1 555 ${String(random.int(10_000_000)).padStart(7, '0')}` : null,
        full_name: fullName,
        first_name: first,
        last_name: last,
        attributes: { json: {} },
        external_ids: { json: [] },
        is_admin: admin,
        disabled,
        sync_disabled: false,
        pending,
        required_actions: { json: [] },
        validity_begin: null,
        validity_end: null,
        failed_login_count: 0,
        locked_until: null,
        failure_window_start: null,
        last_login_at: lastLogin === null ? null : new Date(lastLogin),
        created_at: new Date(created),
        updated_at: new Date(lastLogin ?? created),
        version: 1,
      }),
    );

    const groups = new Set<string>();
    for (let k = random.int(7); groups.size < k;) groups.add(random.pick(groupIds));
    for (const groupId of groups) await sink('group_members', [groupId, id]);
    info.memberships += groups.size;
    const tags: [string, string][] = [
      ['costCenter', `CC-${String(1000 + random.int(9000))}`],
      ['department', random.pick(DEPARTMENTS)],
      ['employeeType', random.pick(EMPLOYEE_TYPES)],
      ['location', random.pick(LOCATIONS)],
    ];
    for (const [key, value] of tags) {
      if (!random.chance(0.5)) continue;
      info.tags++;
      await sink('user_tags', [id, key, value]);
    }
    const password = PASSWORDS[i % PASSWORDS.length]!;
    if (!pending) await sink('local_credentials', [id, hashes[i % PASSWORDS.length]!, new Date(created)]);

    const usable = !disabled && !pending;
    if (admin) {
      const token = benchToken(seed, tokenIndex++);
      info.adminTokens.push(token);
      await session(id, sha256(token), now);
    } else if (usable && i % tokenEvery === 0 && info.userTokens.length < USER_TOKENS) {
      const token = benchToken(seed, tokenIndex++);
      info.userTokens.push(token);
      await session(id, sha256(token), now);
    } else if (random.chance(0.2)) {
      await session(id, sha256(`unknown-${seed}-${i}`), now - random.int(1800_000));
    }
    if (i % sampleEvery === 0) {
      info.sampleNames.push(name);
      info.sampleIds.push(id);
      if (usable && !admin) info.logins.push({ name, password });
    }
  }
  return info;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
