import { randomUUID } from 'node:crypto';
import { searchExpression } from '../../src/db/search';
import Database from 'better-sqlite3';
import { Pool } from 'pg';

/** A `users` row as the baseline uses it (columns it does not use are read and left as they come). */
export interface UserRow {
  /** The user id (UUID). */
  id: string;
  /** The domain the user belongs to. */
  domain: string;
  /** Login name as given. */
  name: string;
  /** The name's comparison form (idgate's sort key, and part of its cursors). */
  name_key: string;
  /** Display name. */
  display_name: string;
  /** Email address, if any. */
  email: string | null;
  /** Admin flag. */
  is_admin: boolean;
  /** Disabled by an admin or a sync. */
  disabled: boolean;
  /** No password yet (state PENDING). */
  pending: boolean;
  /** Pending required actions. */
  required_actions: string[];
  /** Start of validity, if limited. */
  validity_begin: Date | null;
  /** End of validity, if limited. */
  validity_end: Date | null;
  /** Locked after failed logins until then. */
  locked_until: Date | null;
  /** Creation time. */
  created_at: Date;
  /** Optimistic-lock version. */
  version: number;
}

/** A `sessions` row, the columns the token check uses. */
export interface SessionRow {
  /** Session id. */
  id: string;
  /** The user it belongs to. */
  user_id: string;
  /** PASSWORD, SSO or SERVICE_TOKEN (service tokens have no idle timeout). */
  method: string;
  /** Last use (touched at most once a minute). */
  last_seen_at: Date;
  /** Absolute expiry. */
  expires_at: Date;
}

/** A group of a user, as the groups batch query returns it. */
export interface GroupRow {
  /** Group id. */
  id: string;
  /** Group name. */
  name: string;
  /** The user (of those asked for) this row was found for. */
  member_user_id: string;
}

/** A tag of a user. */
export interface TagRow {
  /** The user. */
  user_id: string;
  /** Tag key. */
  key: string;
  /** Tag value. */
  value: string;
}

/** A new session as a login writes it. */
export interface NewSession {
  /** SHA-256 of the new token, hex. */
  tokenHash: string;
  /** Absolute expiry. */
  expiresAt: Date;
  /** The client's address. */
  ipAddress: string | null;
  /** The client's User-Agent, cut to 512 characters. */
  userAgent: string | null;
}

/**
 * The baseline's data access: one method per SQL statement idgate runs for the measured requests,
 * hand-written, with parameters, through the driver idgate itself uses (`pg` or `better-sqlite3`).
 * The statements read the same tables, columns, rows and order as idgate's (see docs/performance.md).
 */
export interface Store {
  /** The session of a token hash, or null. */
  sessionByHash(hash: string): Promise<SessionRow | null>;
  /** Deletes an expired or idle session. */
  deleteSession(id: string): Promise<void>;
  /** Records a session's use. */
  touchSession(id: string, at: Date): Promise<void>;
  /** A user by id, or null. */
  userById(id: string): Promise<UserRow | null>;
  /** A user by domain and lower-cased name, or null. */
  userByName(domain: string, nameKey: string): Promise<UserRow | null>;
  /** Users by id (any order; unknown ids are left out). */
  usersByIds(ids: string[]): Promise<UserRow[]>;
  /** `count(*)` of a domain's users, narrowed by a LIKE pattern over the four keyword columns. */
  countUsers(domain: string, pattern: string | null): Promise<number>;
  /** One page ordered by name_key, id (limit and offset as given). */
  pageUsers(domain: string, pattern: string | null, limit: number, offset: number): Promise<UserRow[]>;
  /** Groups of these users (ordered by name_key), each with the member it was found for. */
  groupsOfUsers(userIds: string[]): Promise<GroupRow[]>;
  /** Tags of these users, ordered by key. */
  tagsOfUsers(userIds: string[]): Promise<TagRow[]>;
  /** A local user's argon2id hash, or null. */
  credential(userId: string): Promise<string | null>;
  /** The login's transaction: re-read the user, insert the session, stamp the login (version bump). */
  completeLogin(userId: string, session: NewSession): Promise<boolean>;
  /** Closes the pool or the database. */
  close(): Promise<void>;
}

/** idgate's keyword condition (src/db/search.ts): one expression, served by the trigram index on PostgreSQL. */
const keywordCondition = (postgres: boolean) => `${searchExpression(postgres, 'u.')} like $P escape '\\'`;

/** PostgreSQL through a pg Pool of the size idgate's ORM uses (10). */
export function postgresStore(url: string): Store {
  const pool = new Pool({ connectionString: url, max: 10 });
  const one = async <T>(sql: string, params: unknown[]) =>
    ((await pool.query(sql, params)).rows[0] as T | undefined) ?? null;
  const keyword = (pattern: string | null) =>
    pattern ? ` and ${keywordCondition(true).replaceAll('$P', '$2')}` : '';
  return {
    sessionByHash: (hash) => one('select s0.* from sessions as s0 where s0.token_hash = $1 limit 1', [hash]),
    deleteSession: async (id) => void (await pool.query('delete from sessions where id = $1', [id])),
    touchSession: async (id, at) =>
      void (await pool.query('update sessions set last_seen_at = $1 where id = $2', [at, id])),
    userById: (id) => one('select u0.* from users as u0 where u0.id = $1 limit 1', [id]),
    userByName: (domain, nameKey) =>
      one('select u0.* from users as u0 where u0.domain = $1 and u0.name_key = $2 limit 1', [
        domain,
        nameKey,
      ]),
    usersByIds: async (ids) =>
      (await pool.query('select u0.* from users as u0 where u0.id = any($1)', [ids])).rows,
    async countUsers(domain, pattern) {
      const sql = `select count(*) as n from users as u where u.domain = $1${keyword(pattern)}`;
      const row = await one<{ n: string }>(sql, pattern ? [domain, pattern] : [domain]);
      return Number(row?.n ?? 0);
    },
    async pageUsers(domain, pattern, limit, offset) {
      const p = pattern ? 3 : 2;
      const sql = `select u.* from users as u where u.domain = $1${keyword(pattern)} order by u.name_key asc, u.id asc limit $${p} offset $${p + 1}`;
      return (await pool.query(sql, pattern ? [domain, pattern, limit, offset] : [domain, limit, offset]))
        .rows;
    },
    groupsOfUsers: async (ids) =>
      (
        await pool.query(
          'select g.*, gm.user_id as member_user_id from groups as g inner join group_members as gm on gm.group_id = g.id where gm.user_id = any($1) order by g.name_key asc',
          [ids],
        )
      ).rows,
    tagsOfUsers: async (ids) =>
      (await pool.query('select t.* from user_tags as t where t.user_id = any($1) order by t.key asc', [ids]))
        .rows,
    credential: async (userId) =>
      (
        await one<{ password_hash: string }>(
          'select l0.* from local_credentials as l0 where l0.user_id = $1 limit 1',
          [userId],
        )
      )?.password_hash ?? null,
    async completeLogin(userId, s) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const user = (await client.query('select u0.* from users as u0 where u0.id = $1 limit 1', [userId]))
          .rows[0] as UserRow | undefined;
        if (!user) throw new Error('user vanished');
        const now = new Date();
        await client.query(
          'insert into sessions (id, user_id, token_hash, method, created_at, last_seen_at, expires_at, ip_address, user_agent) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
          [randomUUID(), userId, s.tokenHash, 'PASSWORD', now, now, s.expiresAt, s.ipAddress, s.userAgent],
        );
        const updated = await client.query(
          'update users set last_login_at = $1, version = version + 1 where id = $2 and version = $3 returning version',
          [now, userId, user.version],
        );
        await client.query('COMMIT');
        return updated.rowCount === 1;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

const BOOLEANS = ['is_admin', 'disabled', 'pending', 'email_verified', 'sync_disabled'];
const DATES = ['validity_begin', 'validity_end', 'locked_until', 'created_at', 'last_seen_at', 'expires_at'];

/** A SQLite row in the shapes pg gives: booleans, Dates and parsed JSON instead of 0/1, numbers and text. */
function fromSqlite<T>(row: Record<string, unknown> | undefined): T | null {
  if (!row) return null;
  for (const key of BOOLEANS) if (key in row) row[key] = row[key] === 1;
  for (const key of DATES) if (key in row && row[key] !== null) row[key] = new Date(row[key] as number);
  if (typeof row.required_actions === 'string') row.required_actions = JSON.parse(row.required_actions);
  return row as T;
}

/** SQLite through better-sqlite3 with idgate's pragmas; statements are prepared once and kept. */
export function sqliteStore(path: string): Store {
  const db = new Database(path);
  db.pragma('journal_mode = wal');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = on');
  const cache = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = cache.get(sql);
    if (!statement) cache.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  const get = <T>(sql: string, ...params: unknown[]) =>
    fromSqlite<T>(prepared(sql).get(...params) as Record<string, unknown> | undefined);
  const all = <T>(sql: string, ...params: unknown[]) =>
    (prepared(sql).all(...params) as Record<string, unknown>[]).map((r) => fromSqlite<T>(r)!);
  const list = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  const keyword = (pattern: string | null) =>
    pattern ? ` and ${keywordCondition(false).replaceAll('$P', '?')}` : '';
  const ms = (d: Date) => d.getTime();
  const login = db.transaction((userId: string, s: NewSession) => {
    const user = get<UserRow>('select u0.* from users as u0 where u0.id = ? limit 1', userId);
    if (!user) throw new Error('user vanished');
    const now = Date.now();
    prepared(
      'insert into sessions (id, user_id, token_hash, method, created_at, last_seen_at, expires_at, ip_address, user_agent) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(randomUUID(), userId, s.tokenHash, 'PASSWORD', now, now, ms(s.expiresAt), s.ipAddress, s.userAgent);
    const updated = prepared(
      'update users set last_login_at = ?, version = version + 1 where id = ? and version = ? returning version',
    ).all(now, userId, user.version);
    return updated.length === 1;
  });
  return {
    sessionByHash: async (hash) =>
      get('select s0.* from sessions as s0 where s0.token_hash = ? limit 1', hash),
    deleteSession: async (id) => void prepared('delete from sessions where id = ?').run(id),
    touchSession: async (id, at) =>
      void prepared('update sessions set last_seen_at = ? where id = ?').run(ms(at), id),
    userById: async (id) => get('select u0.* from users as u0 where u0.id = ? limit 1', id),
    userByName: async (domain, nameKey) =>
      get('select u0.* from users as u0 where u0.domain = ? and u0.name_key = ? limit 1', domain, nameKey),
    usersByIds: async (ids) =>
      all(`select u0.* from users as u0 where u0.id in (${list(ids.length)})`, ...ids),
    async countUsers(domain, pattern) {
      const sql = `select count(*) as n from users as u where u.domain = ?${keyword(pattern)}`;
      const params = pattern ? [domain, pattern] : [domain];
      return Number((prepared(sql).get(...params) as { n: number }).n);
    },
    async pageUsers(domain, pattern, limit, offset) {
      const sql = `select u.* from users as u where u.domain = ?${keyword(pattern)} order by u.name_key asc, u.id asc limit ? offset ?`;
      const params = pattern ? [domain, pattern] : [domain];
      return all(sql, ...params, limit, offset);
    },
    groupsOfUsers: async (ids) =>
      all(
        `select g.*, gm.user_id as member_user_id from groups as g inner join group_members as gm on gm.group_id = g.id where gm.user_id in (${list(ids.length)}) order by g.name_key asc`,
        ...ids,
      ),
    tagsOfUsers: async (ids) =>
      all(
        `select t.* from user_tags as t where t.user_id in (${list(ids.length)}) order by t.key asc`,
        ...ids,
      ),
    credential: async (userId) =>
      get<{ password_hash: string }>(
        'select l0.* from local_credentials as l0 where l0.user_id = ? limit 1',
        userId,
      )?.password_hash ?? null,
    completeLogin: async (userId, s) => login(userId, s),
    close: async () => void db.close(),
  };
}
