import type { EntityManager } from '@mikro-orm/knex';
import type { GroupEntity, SessionEntity, UserEntity, UserTagEntity } from './entities';
import { runSql } from './query';

/**
 * Rows read for answering (not for changing) turned into entity-shaped objects without the ORM's
 * unit of work: no identity map, no change-tracking snapshot, no hydration pipeline. A read of a
 * page of users costs its rows and nothing more. Such objects are never flushed; every write path
 * reads the rows it changes through the ORM, inside its transaction.
 *
 * The drivers return the same columns in different forms: PostgreSQL gives Date objects, booleans
 * and parsed JSON; SQLite gives epoch milliseconds, 0/1 and JSON text. These helpers accept both.
 */

type Row = Record<string, unknown>;

function date(value: unknown): Date {
  return value instanceof Date ? value : new Date(value as number | string);
}

function dateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : date(value);
}

function json<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function str(value: unknown): string | null {
  return value === null || value === undefined ? null : (value as string);
}

/** A user from a `users` row (any column prefix stripped by the caller). */
export function userFromRow(r: Row): UserEntity {
  // A plain object: the entity class's prototype carries the ORM's change-tracking accessors.
  const u = {} as UserEntity;
  u.id = r.id as string;
  u.domain = r.domain as string;
  u.backendId = r.backend_id as string;
  u.externalId = str(r.external_id);
  u.userType = r.user_type as UserEntity['userType'];
  u.name = r.name as string;
  u.nameKey = r.name_key as string;
  u.displayName = r.display_name as string;
  u.email = str(r.email);
  u.emailKey = str(r.email_key);
  u.emailVerified = !!r.email_verified;
  u.mobile = str(r.mobile);
  u.fullName = str(r.full_name);
  u.firstName = str(r.first_name);
  u.lastName = str(r.last_name);
  u.attributes = json(r.attributes, {});
  u.externalIds = json(r.external_ids, []);
  u.isAdmin = !!r.is_admin;
  u.disabled = !!r.disabled;
  u.syncDisabled = !!r.sync_disabled;
  u.pending = !!r.pending;
  u.requiredActions = json(r.required_actions, []);
  u.validityBegin = dateOrNull(r.validity_begin);
  u.validityEnd = dateOrNull(r.validity_end);
  u.failedLoginCount = Number(r.failed_login_count ?? 0);
  u.lockedUntil = dateOrNull(r.locked_until);
  u.failureWindowStart = dateOrNull(r.failure_window_start);
  u.lastLoginAt = dateOrNull(r.last_login_at);
  u.createdAt = date(r.created_at);
  u.updatedAt = date(r.updated_at);
  u.version = Number(r.version);
  return u;
}

/** A session from a `sessions` row whose columns carry the prefix `prefix` (e.g. `s_`). */
export function sessionFromRow(r: Row, prefix = ''): SessionEntity {
  const s = {} as SessionEntity;
  s.id = r[`${prefix}id`] as string;
  s.userId = r[`${prefix}user_id`] as string;
  s.tokenHash = r[`${prefix}token_hash`] as string;
  s.method = r[`${prefix}method`] as SessionEntity['method'];
  s.createdAt = date(r[`${prefix}created_at`]);
  s.lastSeenAt = date(r[`${prefix}last_seen_at`]);
  s.expiresAt = date(r[`${prefix}expires_at`]);
  s.ipAddress = str(r[`${prefix}ip_address`]);
  s.userAgent = str(r[`${prefix}user_agent`]);
  return s;
}

/** A group from a `groups` row. */
export function groupFromRow(r: Row): GroupEntity {
  const g = {} as GroupEntity;
  g.id = r.id as string;
  g.domain = r.domain as string;
  g.backendId = r.backend_id as string;
  g.externalId = str(r.external_id);
  g.name = r.name as string;
  g.nameKey = r.name_key as string;
  g.displayName = r.display_name as string;
  g.createdAt = date(r.created_at);
  return g;
}

/** A tag from a `user_tags` row. */
export function tagFromRow(r: Row): UserTagEntity {
  const t = {} as UserTagEntity;
  t.userId = r.user_id as string;
  t.key = r.key as string;
  t.value = r.value as string;
  return t;
}

/** The user of a domain with this name key, read as a plain row (see above), or null. */
export async function findUserRow(
  em: EntityManager,
  domain: string,
  key: string,
): Promise<UserEntity | null> {
  const [row] = await runSql<Row>(em, USER_BY_NAME, [domain, key]);
  return row ? userFromRow(row) : null;
}

const USER_BY_NAME = 'select * from users where domain = ? and name_key = ? limit 1';
