import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import {
  canListLive,
  canSync,
  type DirectoryGroup,
  type DirectoryListing,
  type DirectoryUser,
  type DirectoryUserKey,
  type IdentityBackend,
} from '../../backends/types';
import type { RequestContext } from '../context';
import {
  DirectorySyncStateEntity,
  GroupEntity,
  GroupMemberEntity,
  SessionEntity,
  UserEntity,
  UserTagEntity,
} from '../db/entities';
import { BadInputError, NotFoundError } from '../errors/errors';
import type { BackendSet } from './backend-set';
import { requireAdmin, requireCaller } from './access';
import { DEFAULT_DOMAIN } from '../config';
import { hasControlChars } from './rules';
import { toPage, type Page } from './pagination';
import { userState } from './user-state';
import type { UserFilterData, UserOrderData } from './user.service';
import { runQuery } from '../db/query';

type LiveBackend = IdentityBackend & DirectoryListing;

/** Keys per SQL `IN (…)` list. */
const SQL_CHUNK = 500;

function chunks<T>(items: readonly T[], size = SQL_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface SyncReportView {
  backend: IdentityBackend;
  mode: 'FULL' | 'CHANGED';
  created: number;
  updated: number;
  disabled: number;
  failed: number;
  aborted: boolean;
  message: string | null;
  startedAt: Date;
  finishedAt: Date;
}

/**
 * Live directories (LDAP) next to the gateway's mirror of them. Reads go to the directory and leave
 * their results in the mirror (the `users` and `groups` rows that carry gateway-owned data, keyed by
 * the directory's entryUUID); `sync` brings the whole mirror up to date and disables users who left.
 */
export class DirectoryService {
  constructor(private readonly backends: BackendSet) {}

  liveBackend(id: string): LiveBackend | null {
    const backend = this.backends.get(id);
    return backend && canListLive(backend) ? backend : null;
  }

  liveBackendsOf(domain: string): LiveBackend[] {
    return this.backends.ofDomain(domain).filter(canListLive);
  }

  // ----- mirror -----

  /**
   * Brings the mirror rows of these directory users up to date (one SELECT; writes only what changed)
   * and returns them in input order. A user whose name is taken in the domain by a user of another
   * backend is left out (null) and logged.
   */
  async mirrorUsers(
    ctx: RequestContext,
    backend: IdentityBackend,
    domain: string,
    users: readonly DirectoryUser[],
    counts?: { created: number; updated: number; failed: number },
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
    ctx: RequestContext,
    backend: IdentityBackend,
    domain: string,
    users: readonly DirectoryUser[],
    ids: string[],
    counts?: { created: number; updated: number; failed: number },
  ): Promise<(UserEntity | null)[]> {
    const existing = new Map<string, UserEntity>();
    for (const chunk of chunks(ids)) {
      for (const row of await ctx.em.find(UserEntity, {
        backendId: backend.id,
        externalId: { $in: chunk },
      })) {
        existing.set(row.externalId!, row);
      }
    }
    // Names and emails are unique in a domain: whatever a new user or a renamed one would take is
    // checked against the other rows first (one query), so a clash is handled, not a failed write.
    const changing = users.filter((u) => {
      const row = u.externalId ? existing.get(u.externalId) : undefined;
      if (!u.externalId) return false;
      return (
        !row || row.nameKey !== u.name.toLowerCase() || row.emailKey !== (u.email?.toLowerCase() ?? null)
      );
    });
    const nameOwner = new Map<string, string>();
    const emailOwner = new Map<string, string>();
    for (const chunk of chunks(changing)) {
      const emails = chunk.map((u) => u.email?.toLowerCase()).filter((e): e is string => !!e);
      const clashes = await plainRows<{ id: string; name_key: string; email_key: string | null }>(
        ctx,
        ctx.em
          .getKnex()('users')
          .select('id', 'name_key', 'email_key')
          .where('domain', domain)
          .andWhere((q) => {
            q.whereIn(
              'name_key',
              chunk.map((u) => u.name.toLowerCase()),
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
    const result = users.map((u) => {
      if (!u.externalId) return null;
      const row = existing.get(u.externalId);
      if (row) {
        const guard = {
          nameFree: (key: string) => freeFor(nameOwner, key, row.id),
          emailFree: (key: string) => freeFor(emailOwner, key, row.id),
        };
        if (
          applyDirectoryData(row, u, guard, (what) =>
            ctx.log.warn({ backend: backend.id, user: row.name }, what),
          )
        ) {
          dirty = true;
          if (counts) counts.updated++;
        }
        return row;
      }
      const nameKey = u.name.toLowerCase();
      if (takenNames.has(nameKey)) {
        ctx.log.warn(
          { backend: backend.id, name: u.name },
          'directory user left out: the name is taken in the domain',
        );
        if (counts) counts.failed++;
        return null;
      }
      takenNames.add(nameKey);
      const emailKey = u.email?.toLowerCase() ?? null;
      const row2 = ctx.em.create(UserEntity, {
        id: randomUUID(),
        domain,
        backendId: backend.id,
        externalId: u.externalId,
        name: u.name,
        nameKey,
        displayName: u.displayName,
        email: u.email,
        // An address another user of the domain already has is shown but not held unique.
        emailKey: emailKey && !takenEmails.has(emailKey) ? emailKey : null,
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
      if (emailKey) takenEmails.add(emailKey);
      ctx.em.persist(row2);
      dirty = true;
      if (counts) counts.created++;
      return row2;
    });
    // Most reads find the mirror as it was: then there is nothing to write.
    if (dirty) await ctx.em.flush();
    return result;
  }

  /** Mirror rows for directory groups (one SELECT; inserts and renames only when needed), in input order. */
  async mirrorGroups(
    ctx: RequestContext,
    backend: IdentityBackend,
    domain: string,
    groups: readonly DirectoryGroup[],
  ): Promise<(GroupEntity | null)[]> {
    if (!groups.length) return [];
    const existing = new Map<string, GroupEntity>();
    for (const chunk of chunks(groups.map((g) => g.externalId))) {
      for (const row of await ctx.em.find(GroupEntity, {
        backendId: backend.id,
        externalId: { $in: chunk },
      })) {
        existing.set(row.externalId!, row);
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
            chunk.map((g) => g.name.toLowerCase()),
          ),
      );
      for (const r of found) taken.add(r.name_key);
    }
    let dirty = false;
    const out = groups.map((g) => {
      const row = existing.get(g.externalId);
      if (row) {
        if (row.name !== g.name || row.displayName !== g.displayName) {
          dirty = true;
          row.name = g.name;
          row.nameKey = g.name.toLowerCase();
          row.displayName = g.displayName;
        }
        return row;
      }
      if (taken.has(g.name.toLowerCase())) {
        ctx.log.warn(
          { backend: backend.id, group: g.name },
          'directory group left out: the name is taken in the domain',
        );
        return null;
      }
      taken.add(g.name.toLowerCase());
      const created = ctx.em.create(GroupEntity, {
        id: randomUUID(),
        domain,
        backendId: backend.id,
        externalId: g.externalId,
        name: g.name,
        nameKey: g.name.toLowerCase(),
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
      const rows = await ctx.em.find(GroupEntity, {
        backendId: backend.id,
        externalId: { $in: groups.map((g) => g.externalId) },
      });
      const byKey = new Map(rows.map((r) => [r.externalId!, r]));
      return groups.map((g) => byKey.get(g.externalId) ?? null);
    }
    return out;
  }

  // ----- live reads -----

  /** A user of `domain` by name: the mirror, refreshed from (or discovered in) the live directories. */
  async findUser(ctx: RequestContext, domain: string, name: string): Promise<UserEntity | null> {
    if (hasControlChars(name)) return null;
    const row = await ctx.em.findOne(UserEntity, { domain, nameKey: name.toLowerCase() });
    if (row) return this.refresh(ctx, row);
    for (const backend of this.liveBackendsOf(domain)) {
      const found = await backend.findUserByName(ctx, domain, name);
      if (found) return (await this.mirrorUsers(ctx, backend, domain, [found]))[0] ?? null;
    }
    return null;
  }

  /**
   * For a user of a live directory, the mirror refreshed from it (null when it is gone); else as is.
   * Outside a transaction, refreshes of one request are batched: one directory search per backend.
   */
  async refresh(ctx: RequestContext, user: UserEntity): Promise<UserEntity | null> {
    if (!this.liveBackend(user.backendId) || !user.externalId) return user;
    if (!ctx.em.isInTransaction()) return ctx.loaders.freshUser.load(user);
    return (await this.refreshMany(ctx, [user]))[0] ?? null;
  }

  /** `refresh` for many users, in key order: one read per live backend. */
  async refreshMany(ctx: RequestContext, users: readonly UserEntity[]): Promise<(UserEntity | null)[]> {
    const out = new Map<string, UserEntity | null>();
    const byBackend = new Map<string, UserEntity[]>();
    for (const u of users) {
      if (!this.liveBackend(u.backendId) || !u.externalId) out.set(u.id, u);
      else byBackend.set(u.backendId, [...(byBackend.get(u.backendId) ?? []), u]);
    }
    for (const [backendId, list] of byBackend) {
      const backend = this.liveBackend(backendId)!;
      const fresh = await backend.getUsersByIds(
        ctx,
        list.map((u) => u.externalId!),
        list[0]!.domain,
      );
      const present = fresh.filter((f): f is DirectoryUser => f !== null);
      const rows = await this.mirrorUsers(ctx, backend, list[0]!.domain, present);
      const byKey = new Map(present.map((f, i) => [f.externalId!, rows[i] ?? null] as const));
      for (const u of list) out.set(u.id, byKey.get(u.externalId!) ?? null);
    }
    return users.map((u) => out.get(u.id) ?? null);
  }

  /**
   * One page of users of a live directory: every match found in the directory (keyword and group
   * pushed into the filter), narrowed by the gateway-owned filter parts in SQL, ordered and sliced;
   * then only the page is read in full. Three directory searches at most, plus one for groups.
   */
  async listLive(
    ctx: RequestContext,
    backend: LiveBackend,
    domain: string,
    filter: UserFilterData,
    order: UserOrderData | null | undefined,
    offset: number,
    first: number,
    storedGroupId: string | null = null,
  ): Promise<Page<UserEntity>> {
    if (filter.userType === 'SERVICE_ACCOUNT') return toPage([], offset, first, 0);
    const field = order?.field ?? 'NAME';
    let keys: DirectoryUserKey[] = await backend.listUserKeys(ctx, {
      keyword: filter.keyword ?? undefined,
      group: storedGroupId ? undefined : (filter.group ?? undefined),
      withCreatedAt: field === 'CREATED_AT',
    });
    if (storedGroupId) {
      // Members of a gateway-kept group among this directory's users, from the membership table.
      const members = await plainRows<{ external_id: string }>(
        ctx,
        ctx.em
          .getKnex()('users as u')
          .select('u.external_id')
          .join('group_members as gm', 'gm.user_id', 'u.id')
          .where('gm.group_id', storedGroupId)
          .andWhere('u.backend_id', backend.id),
      );
      const inGroup = new Set(members.map((m) => m.external_id));
      keys = keys.filter((k) => inGroup.has(k.externalId));
    }
    const needShadows =
      !!filter.state || typeof filter.isAdmin === 'boolean' || !!filter.tag || field === 'LAST_LOGIN_AT';
    const shadows = new Map<string, UserEntity>();
    if (needShadows && keys.length) {
      for (const chunk of chunks(keys.map((k) => k.externalId))) {
        for (const row of await ctx.em.find(UserEntity, {
          backendId: backend.id,
          externalId: { $in: chunk },
        })) {
          shadows.set(row.externalId!, row);
        }
      }
      let tagged: Set<string> | null = null;
      if (filter.tag) {
        tagged = new Set<string>();
        const ids = [...shadows.values()].map((s) => s.id);
        for (const chunk of chunks(ids)) {
          const found = await ctx.em.find(UserTagEntity, {
            userId: { $in: chunk },
            key: filter.tag.key,
            value: filter.tag.value,
          });
          for (const r of found) tagged.add(r.userId);
        }
      }
      const now = new Date();
      keys = keys.filter((k) => {
        const s = shadows.get(k.externalId);
        // A user never seen before has the defaults: enabled, not an admin, no tags.
        if (filter.state && (s ? userState(s, now) : 'ENABLED') !== filter.state) return false;
        if (typeof filter.isAdmin === 'boolean' && (s?.isAdmin ?? false) !== filter.isAdmin) return false;
        if (tagged && !(s && tagged.has(s.id))) return false;
        return true;
      });
    }
    const direction = order?.descending ? -1 : 1;
    const byName = (a: DirectoryUserKey, b: DirectoryUserKey) =>
      a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.externalId.localeCompare(b.externalId);
    const time = (d: Date | null | undefined) => (d ? d.getTime() : null);
    const compareTimes = (x: number | null, y: number | null) =>
      x === y ? 0 : x === null ? 1 : y === null ? -1 : direction * (x - y);
    keys.sort((a, b) => {
      if (field === 'CREATED_AT')
        return compareTimes(time(a.createdAt), time(b.createdAt)) || direction * byName(a, b);
      if (field === 'LAST_LOGIN_AT') {
        return (
          compareTimes(
            time(shadows.get(a.externalId)?.lastLoginAt),
            time(shadows.get(b.externalId)?.lastLoginAt),
          ) || direction * byName(a, b)
        );
      }
      return direction * byName(a, b);
    });
    const slice = keys.slice(offset, offset + first + 1);
    if (!slice.length || first === 0) return toPage([], offset, first, keys.length);
    const users = await backend.getUsersByIds(
      ctx,
      slice.map((k) => k.externalId),
      domain,
    );
    const present = users.filter((u): u is DirectoryUser => u !== null);
    const rows = await this.mirrorUsers(ctx, backend, domain, present);
    return toPage(
      rows.filter((r): r is UserEntity => r !== null),
      offset,
      first,
      keys.length,
    );
  }

  /** The groups of users of live directories, mirrored, in key order (for the groups loader). */
  async groupsOfLiveUsers(ctx: RequestContext, users: readonly UserEntity[]): Promise<GroupEntity[][]> {
    const out = new Map<string, GroupEntity[]>();
    const byBackend = new Map<string, UserEntity[]>();
    for (const u of users) {
      if (!byBackend.has(u.backendId)) byBackend.set(u.backendId, []);
      byBackend.get(u.backendId)!.push(u);
    }
    for (const [backendId, list] of byBackend) {
      const backend = this.liveBackend(backendId);
      if (!backend) continue;
      const withKeys = list.filter((u) => u.externalId);
      const groups = await backend.getGroupsOfUsers(
        ctx,
        withKeys.map((u) => ({ externalId: u.externalId!, externalIds: u.externalIds })),
      );
      const unique = new Map<string, DirectoryGroup>();
      for (const g of groups.flat()) unique.set(g.externalId, g);
      const mirrored = await this.mirrorGroups(ctx, backend, list[0]!.domain, [...unique.values()]);
      const byKey = new Map(
        mirrored.filter((g): g is GroupEntity => g !== null).map((g) => [g.externalId!, g] as const),
      );
      withKeys.forEach((u, i) => {
        out.set(
          u.id,
          groups[i]!.map((g) => byKey.get(g.externalId)).filter((g): g is GroupEntity => !!g),
        );
      });
    }
    return users.map((u) => out.get(u.id) ?? []);
  }

  /** Groups of a domain by name from the live directories (mirrored); names not found are left out. */
  async findLiveGroups(
    ctx: RequestContext,
    domain: string,
    names: readonly string[],
  ): Promise<GroupEntity[]> {
    const found: GroupEntity[] = [];
    for (const backend of this.liveBackendsOf(domain)) {
      const groups: DirectoryGroup[] = [];
      for (const name of names) {
        const g = await backend.findGroupByName(ctx, name);
        if (g) groups.push(g);
      }
      for (const g of await this.mirrorGroups(ctx, backend, domain, groups)) if (g) found.push(g);
    }
    return found;
  }

  /** Member keys of live groups, in key order. */
  async liveMemberKeys(
    ctx: RequestContext,
    groups: readonly GroupEntity[],
  ): Promise<DirectoryUserKey[][] | null> {
    const backend = groups[0] ? this.liveBackend(groups[0].backendId) : null;
    if (!backend) return null;
    return backend.getGroupMemberKeys(
      ctx,
      groups.map((g) => g.externalId ?? ''),
    );
  }

  /** One page of a live group's members, by name. */
  async liveMembers(
    ctx: RequestContext,
    group: GroupEntity,
    offset: number,
    first: number,
  ): Promise<Page<UserEntity>> {
    const backend = this.liveBackend(group.backendId)!;
    const [keys = []] = await backend.getGroupMemberKeys(ctx, [group.externalId ?? '']);
    keys.sort(
      (a, b) =>
        a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.externalId.localeCompare(b.externalId),
    );
    const slice = keys.slice(offset, offset + first + 1);
    if (!slice.length || first === 0) return toPage([], offset, first, keys.length);
    const users = (
      await backend.getUsersByIds(
        ctx,
        slice.map((k) => k.externalId),
        group.domain,
      )
    ).filter((u): u is DirectoryUser => u !== null);
    const rows = await this.mirrorUsers(ctx, backend, group.domain, users);
    return toPage(
      rows.filter((r): r is UserEntity => r !== null),
      offset,
      first,
      keys.length,
    );
  }

  // ----- sync -----

  /**
   * Brings the mirror of a directory up to date. FULL reads every user; CHANGED only those modified
   * since the last sync (and the keys of all, to notice who left). Users gone from the directory are
   * disabled, never deleted, and come back enabled when they return; a sync that would disable more
   * than the backend's `maxDisableShare` of its mirrored users changes nothing and says so.
   */
  async sync(ctx: RequestContext, backendId: string, mode: 'FULL' | 'CHANGED'): Promise<SyncReportView> {
    const domain = this.backends.domainOfBackend(backendId);
    const caller = requireCaller(ctx);
    const backend = domain ? this.backends.get(backendId) : undefined;
    // Another domain's backend does not exist for the caller: the same answer as an unknown one.
    if (!backend || !domain || (caller.user.domain !== domain && caller.user.domain !== DEFAULT_DOMAIN)) {
      throw new NotFoundError('backend');
    }
    requireAdmin(ctx, domain);
    if (!canSync(backend)) {
      const why =
        backend.kind === 'SSO'
          ? `backend "${backend.id}" is an SSO provider: its users cannot be listed; they are refreshed from their claims at each login and token use`
          : `backend "${backend.id}" keeps its users itself: there is nothing to sync`;
      throw new BadInputError([{ field: 'backend', message: why }]);
    }
    const startedAt = new Date();
    const state = await ctx.em.findOne(DirectorySyncStateEntity, { backendId });
    const since = mode === 'CHANGED' && state ? new Date(state.lastSyncAt.getTime() - 60_000) : null;
    const { users, allKeys, groups } = await backend.readForSync(ctx, since);
    const shadows = (
      await plainRows<{ id: string; external_id: string | null; disabled: unknown; sync_disabled: unknown }>(
        ctx,
        ctx.em
          .getKnex()('users')
          .select('id', 'external_id', 'disabled', 'sync_disabled')
          .where('backend_id', backendId),
      )
    ).map((r) => ({
      id: r.id,
      externalId: r.external_id,
      disabled: !!r.disabled,
      syncDisabled: !!r.sync_disabled,
    }));
    const gone = shadows.filter((s) => s.externalId && !allKeys.has(s.externalId) && !s.disabled);
    const report = (fields: Partial<SyncReportView>): SyncReportView => ({
      backend,
      mode,
      created: 0,
      updated: 0,
      disabled: 0,
      failed: 0,
      aborted: false,
      message: null,
      startedAt,
      finishedAt: new Date(),
      ...fields,
    });
    if (shadows.length && gone.length / shadows.length > backend.maxDisableShare) {
      const message =
        `stopped: ${gone.length} of ${shadows.length} mirrored users are missing from the directory, ` +
        `more than the allowed ${Math.round(backend.maxDisableShare * 100)}%; nothing was changed`;
      ctx.log.warn(
        { backend: backendId, missing: gone.length, mirrored: shadows.length },
        'sync stopped by its guard',
      );
      return report({ failed: gone.length, aborted: true, message });
    }
    const counts = { created: 0, updated: 0, failed: 0 };
    for (const chunk of chunks(users, 200)) await this.mirrorUsers(ctx, backend, domain, chunk, counts);
    let disabled = 0;
    for (const s of gone) {
      await ctx.em.nativeUpdate(
        UserEntity,
        { id: s.id },
        { disabled: true, syncDisabled: true, updatedAt: new Date() },
      );
      await ctx.em.nativeDelete(SessionEntity, { userId: s.id });
      disabled++;
    }
    const back = shadows.filter((s) => s.syncDisabled && s.externalId && allKeys.has(s.externalId));
    for (const s of back) {
      await ctx.em.nativeUpdate(
        UserEntity,
        { id: s.id },
        { disabled: false, syncDisabled: false, updatedAt: new Date() },
      );
      counts.updated++;
    }
    await this.mirrorMemberships(ctx, backend, domain, groups);
    await ctx.em.upsert(DirectorySyncStateEntity, { backendId, lastSyncAt: startedAt, lastMode: mode });
    ctx.log.info({ backend: backendId, mode, ...counts, disabled }, 'directory sync finished');
    return report({ ...counts, disabled });
  }

  /** Mirrors the directory's groups and memberships (for filters over the whole domain). */
  private async mirrorMemberships(
    ctx: RequestContext,
    backend: IdentityBackend,
    domain: string,
    groups: (DirectoryGroup & { memberIds: string[] })[],
  ): Promise<void> {
    const mirrored = await this.mirrorGroups(ctx, backend, domain, groups);
    const users = await plainRows<{ id: string; external_id: string }>(
      ctx,
      ctx.em.getKnex()('users').select('id', 'external_id').where('backend_id', backend.id),
    );
    const userByKey = new Map(users.map((u) => [u.external_id, u.id]));
    await ctx.em.transactional(async (tx) => {
      const groupIds = mirrored.filter((g): g is GroupEntity => g !== null).map((g) => g.id);
      for (const chunk of chunks(groupIds))
        await tx.nativeDelete(GroupMemberEntity, { groupId: { $in: chunk } });
      groups.forEach((g, i) => {
        const row = mirrored[i];
        if (!row) return;
        for (const memberId of new Set(g.memberIds)) {
          const userId = userByKey.get(memberId);
          if (userId) tx.persist(tx.create(GroupMemberEntity, { groupId: row.id, userId }));
        }
      });
      await tx.flush();
    });
  }
}

/** Plain rows of a query (no entities: partial entities must never enter the identity map). */
async function plainRows<T>(ctx: RequestContext, query: Knex.QueryBuilder): Promise<T[]> {
  return runQuery<T>(ctx.em, query);
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
    if (JSON.stringify(row[key]) !== JSON.stringify(value)) {
      row[key] = value;
      changed = true;
    }
  };
  if (guard.nameFree(u.name.toLowerCase())) {
    set('name', u.name);
    set('nameKey', u.name.toLowerCase());
  } else {
    warn('the directory renamed a user to a name another user of the domain has; the old name is kept');
  }
  set('displayName', u.displayName);
  if (row.email !== u.email) {
    set('email', u.email);
    const key = u.email?.toLowerCase() ?? null;
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
