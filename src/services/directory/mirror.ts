import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { BackendContext, DirectoryGroup, DirectoryUser, IdentityBackend } from '../../../backends/types';
import { GroupEntity, UserEntity } from '../../db/entities';
import { groupFromRow, userFromRow } from '../../db/rows';
import { emailKey, nameKey } from '../../domain/names';
import { chunks, plainRows } from '../support/sql';

/** What a sync counts while mirroring. */
export interface MirrorCounts {
  created: number;
  updated: number;
  failed: number;
}

/**
 * The gateway's mirror of directories it reads live (LDAP): the `users` and `groups` rows that carry
 * gateway-owned data for directory users and groups, keyed by the directory's stable key. Reads and
 * syncs leave what they found here; only rows that changed are written.
 *
 * The rows are read as plain rows (src/db/rows.ts), not as ORM entities: most reads find the mirror
 * as it was, and then cost one SELECT and no entity hydration. Rows that must change (and new ones)
 * go through the ORM: loaded as entities, changed, flushed; those are returned as entities.
 */
export class DirectoryMirror {
  /**
   * Brings the mirror rows of these directory users up to date (one SELECT; writes only what changed)
   * and returns them in input order. A user whose name is taken in the domain by a user of another
   * backend is left out (null) and logged.
   */
  async mirrorUsers(
    ctx: BackendContext,
    backend: IdentityBackend,
    domain: string,
    users: readonly DirectoryUser[],
    counts?: MirrorCounts,
  ): Promise<(UserEntity | null)[]> {
    const ids = users.map((u) => u.externalId!).filter(Boolean);
    if (!ids.length) return users.map(() => null);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.mirrorUsersOnce(ctx, backend, domain, users, ids, counts);
      } catch (error) {
        // Another request mirrored the same new user at the same moment: read again, once.
        if (!(error instanceof UniqueConstraintViolationException) || attempt > 0) throw error;
        ctx.em.clear();
      }
    }
  }

  private async mirrorUsersOnce(
    ctx: BackendContext,
    backend: IdentityBackend,
    domain: string,
    users: readonly DirectoryUser[],
    ids: string[],
    counts?: MirrorCounts,
  ): Promise<(UserEntity | null)[]> {
    const existing = new Map<string, UserEntity>();
    for (const row of await mirrorRows(ctx, 'users', backend.id, ids, userFromRow)) {
      existing.set(row.externalId!, row);
    }
    // Names and emails are unique in a domain: whatever a new user or a renamed one would take is
    // checked against the other rows first (one query), so a clash is handled, not a failed write.
    const changing = users.filter((u) => {
      const row = u.externalId ? existing.get(u.externalId) : undefined;
      if (!u.externalId) return false;
      return !row || row.nameKey !== nameKey(u.name) || row.emailKey !== (u.email ? emailKey(u.email) : null);
    });
    const nameOwner = new Map<string, string>();
    const emailOwner = new Map<string, string>();
    for (const chunk of chunks(changing)) {
      const emails = chunk.flatMap((u) => (u.email ? [emailKey(u.email)] : []));
      const clashes = await plainRows<{ id: string; name_key: string; email_key: string | null }>(
        ctx,
        ctx.em
          .getKnex()('users')
          .select('id', 'name_key', 'email_key')
          .where('domain', domain)
          .andWhere((q) => {
            q.whereIn(
              'name_key',
              chunk.map((u) => nameKey(u.name)),
            );
            if (emails.length) q.orWhereIn('email_key', emails);
          }),
      );
      for (const c of clashes) {
        nameOwner.set(c.name_key, c.id);
        if (c.email_key) emailOwner.set(c.email_key, c.id);
      }
    }
    const takenNames = new Set(nameOwner.keys());
    const takenEmails = new Set(emailOwner.keys());
    const freeFor = (owners: Map<string, string>, key: string, id: string) => (owners.get(key) ?? id) === id;
    const now = new Date();
    let dirty = false;
    const guardOf = (row: UserEntity) => ({
      nameFree: (key: string) => freeFor(nameOwner, key, row.id),
      emailFree: (key: string) => freeFor(emailOwner, key, row.id),
    });
    // Rows the directory changed: found on a copy of the plain row, then made on the entity.
    const stale = new Map<string, DirectoryUser>();
    for (const u of users) {
      const row = u.externalId ? existing.get(u.externalId) : undefined;
      if (!row) continue;
      const warn = (what: string) => ctx.log.warn({ backend: backend.id, user: row.name }, what);
      if (applyDirectoryData({ ...row }, u, guardOf(row), warn)) stale.set(row.id, u);
    }
    const entities = new Map<string, UserEntity>();
    for (const chunk of chunks([...stale.keys()])) {
      for (const entity of await ctx.em.find(UserEntity, { id: { $in: chunk } })) {
        entities.set(entity.id, entity);
        if (applyDirectoryData(entity, stale.get(entity.id)!, guardOf(entity), () => undefined)) {
          dirty = true;
          if (counts) counts.updated++;
        }
      }
    }
    const result = users.map((u) => {
      if (!u.externalId) return null;
      const row = existing.get(u.externalId);
      if (row) return entities.get(row.id) ?? row;
      const key = nameKey(u.name);
      if (takenNames.has(key)) {
        ctx.log.warn(
          { backend: backend.id, name: u.name },
          'directory user left out: the name is taken in the domain',
        );
        if (counts) counts.failed++;
        return null;
      }
      takenNames.add(key);
      const addressKey = u.email ? emailKey(u.email) : null;
      const row2 = ctx.em.create(UserEntity, {
        id: randomUUID(),
        domain,
        backendId: backend.id,
        externalId: u.externalId,
        name: u.name,
        nameKey: key,
        displayName: u.displayName,
        email: u.email,
        // An address another user of the domain already has is shown but not held unique.
        emailKey: addressKey && !takenEmails.has(addressKey) ? addressKey : null,
        emailVerified: u.emailVerified,
        mobile: u.mobile,
        fullName: u.profile.fullName,
        firstName: u.profile.firstName,
        lastName: u.profile.lastName,
        attributes: u.attributes,
        externalIds: u.externalIds,
        createdAt: now,
        updatedAt: now,
      });
      if (addressKey) takenEmails.add(addressKey);
      ctx.em.persist(row2);
      dirty = true;
      if (counts) counts.created++;
      return row2;
    });
    // Most reads find the mirror as it was: then there is nothing to write.
    if (dirty) await ctx.em.flush();
    return result;
  }

  /** The mirror rows of these directory users that exist, as plain rows (read-only: never flushed). */
  userRows(ctx: BackendContext, backendId: string, externalIds: readonly string[]): Promise<UserEntity[]> {
    return mirrorRows(ctx, 'users', backendId, externalIds, userFromRow);
  }

  /** Mirror rows for directory groups (one SELECT; inserts and renames only when needed), in input order. */
  async mirrorGroups(
    ctx: BackendContext,
    backend: IdentityBackend,
    domain: string,
    groups: readonly DirectoryGroup[],
  ): Promise<(GroupEntity | null)[]> {
    if (!groups.length) return [];
    const existing = new Map<string, GroupEntity>();
    const keys = groups.map((g) => g.externalId);
    for (const row of await mirrorRows(ctx, 'groups', backend.id, keys, groupFromRow)) {
      existing.set(row.externalId!, row);
    }
    // Groups the directory renamed: their rows change through the ORM.
    const renamed = new Map<string, DirectoryGroup>();
    for (const g of groups) {
      const row = existing.get(g.externalId);
      if (row && (row.name !== g.name || row.displayName !== g.displayName)) renamed.set(row.id, g);
    }
    for (const chunk of chunks([...renamed.keys()])) {
      for (const entity of await ctx.em.find(GroupEntity, { id: { $in: chunk } })) {
        existing.set(entity.externalId!, entity);
      }
    }
    const fresh = groups.filter((g) => !existing.has(g.externalId));
    const taken = new Set<string>();
    for (const chunk of chunks(fresh)) {
      const found = await plainRows<{ name_key: string }>(
        ctx,
        ctx.em
          .getKnex()('groups')
          .select('name_key')
          .where('domain', domain)
          .whereIn(
            'name_key',
            chunk.map((g) => nameKey(g.name)),
          ),
      );
      for (const r of found) taken.add(r.name_key);
    }
    let dirty = false;
    const out = groups.map((g) => {
      const row = existing.get(g.externalId);
      if (row) {
        if (renamed.has(row.id)) {
          dirty = true;
          row.name = g.name;
          row.nameKey = nameKey(g.name);
          row.displayName = g.displayName;
        }
        return row;
      }
      if (taken.has(nameKey(g.name))) {
        ctx.log.warn(
          { backend: backend.id, group: g.name },
          'directory group left out: the name is taken in the domain',
        );
        return null;
      }
      taken.add(nameKey(g.name));
      const created = ctx.em.create(GroupEntity, {
        id: randomUUID(),
        domain,
        backendId: backend.id,
        externalId: g.externalId,
        name: g.name,
        nameKey: nameKey(g.name),
        displayName: g.displayName,
        createdAt: new Date(),
      });
      ctx.em.persist(created);
      dirty = true;
      return created;
    });
    try {
      if (dirty) await ctx.em.flush();
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      // Mirrored by a concurrent request: read the rows it wrote.
      ctx.em.clear();
      const rows = await mirrorRows(ctx, 'groups', backend.id, keys, groupFromRow);
      const byKey = new Map(rows.map((r) => [r.externalId!, r]));
      return groups.map((g) => byKey.get(g.externalId) ?? null);
    }
    return out;
  }
}

/**
 * The mirror rows of a backend with these keys, as plain rows (one statement per 500 keys, with
 * placeholders: no query builder on the read path).
 */
async function mirrorRows<T>(
  ctx: BackendContext,
  table: 'users' | 'groups',
  backendId: string,
  keys: readonly string[],
  fromRow: (row: Record<string, unknown>) => T,
): Promise<T[]> {
  const out: T[] = [];
  for (const chunk of chunks(keys)) {
    const sql = `select * from ${table} where backend_id = ? and external_id in (${chunk.map(() => '?').join(', ')})`;
    const rows = await ctx.em
      .getConnection()
      .execute<Record<string, unknown>[]>(sql, [backendId, ...chunk], 'all', ctx.em.getTransactionContext());
    for (const row of rows) out.push(fromRow(row));
  }
  return out;
}

/**
 * Copies directory-owned fields onto a mirror row; true when anything changed. A new name another
 * user of the domain has is not taken (the old one stays); a new email another user has is shown but
 * not held unique.
 */
function applyDirectoryData(
  row: UserEntity,
  u: DirectoryUser,
  guard: { nameFree(key: string): boolean; emailFree(key: string): boolean },
  warn: (what: string) => void,
): boolean {
  let changed = false;
  const set = <K extends keyof UserEntity>(key: K, value: UserEntity[K]) => {
    if (row[key] !== value && !isDeepStrictEqual(row[key], value)) {
      row[key] = value;
      changed = true;
    }
  };
  if (guard.nameFree(nameKey(u.name))) {
    set('name', u.name);
    set('nameKey', nameKey(u.name));
  } else {
    warn('the directory renamed a user to a name another user of the domain has; the old name is kept');
  }
  set('displayName', u.displayName);
  if (row.email !== u.email) {
    set('email', u.email);
    const key = u.email ? emailKey(u.email) : null;
    set('emailKey', key && guard.emailFree(key) ? key : null);
    set('emailVerified', false);
  }
  set('mobile', u.mobile);
  set('fullName', u.profile.fullName);
  set('firstName', u.profile.firstName);
  set('lastName', u.profile.lastName);
  set('attributes', u.attributes);
  set('externalIds', u.externalIds);
  if (changed) row.updatedAt = new Date();
  return changed;
}
