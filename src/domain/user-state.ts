import type { Knex } from '@mikro-orm/knex';
import type { UserEntity } from '../db/entities';

export type UserStateValue = 'ENABLED' | 'DISABLED' | 'PENDING' | 'LOCKED' | 'EXPIRED';

/**
 * A user's state is derived, never stored, so it cannot go stale: DISABLED wins over LOCKED (a lock
 * in force), which wins over EXPIRED (outside validity), which wins over PENDING (no password yet).
 */
export function userState(user: UserEntity, now: Date = new Date()): UserStateValue {
  if (user.disabled) return 'DISABLED';
  if (user.lockedUntil && user.lockedUntil > now) return 'LOCKED';
  if ((user.validityBegin && user.validityBegin > now) || (user.validityEnd && user.validityEnd <= now)) {
    return 'EXPIRED';
  }
  if (user.pending) return 'PENDING';
  return 'ENABLED';
}

/**
 * The same derivation as a SQL condition on table alias `u`, for filters and counts. `now` must be
 * in the database's own date form (platform.processDateProperty); `yes`/`no` its boolean literals.
 */
export function applyStateCondition(
  q: Knex.QueryBuilder,
  state: UserStateValue,
  now: unknown,
  yes: unknown,
  no: unknown,
): void {
  const locked = (b: Knex.QueryBuilder) =>
    b.whereNotNull('u.locked_until').andWhere('u.locked_until', '>', now as Date);
  const expired = (b: Knex.QueryBuilder) =>
    b
      .where((x) => x.whereNotNull('u.validity_begin').andWhere('u.validity_begin', '>', now as Date))
      .orWhere((x) => x.whereNotNull('u.validity_end').andWhere('u.validity_end', '<=', now as Date));
  if (state === 'DISABLED') {
    q.where('u.disabled', yes as boolean);
    return;
  }
  q.where('u.disabled', no as boolean);
  if (state === 'LOCKED') {
    q.where(locked);
    return;
  }
  q.whereNot(locked);
  if (state === 'EXPIRED') {
    q.where(expired);
    return;
  }
  q.whereNot(expired);
  q.where('u.pending', (state === 'PENDING' ? yes : no) as boolean);
}

/** The state derivation as one SQL CASE over alias `u` (for counting by state in the database). */
export function sqlStateCase(now: unknown): { sql: string; bindings: unknown[] } {
  return {
    sql:
      "case when u.disabled then 'DISABLED'" +
      " when u.locked_until is not null and u.locked_until > ? then 'LOCKED'" +
      " when (u.validity_begin is not null and u.validity_begin > ?) or (u.validity_end is not null and u.validity_end <= ?) then 'EXPIRED'" +
      " when u.pending then 'PENDING' else 'ENABLED' end",
    bindings: [now, now, now],
  };
}
