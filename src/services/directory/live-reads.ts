import {
  canListLive,
  keepsRecordsInGateway,
  type DirectoryListing,
  type DirectoryUserKey,
} from '../../../backends/capabilities';
import type { DirectoryGroup, DirectoryUser, IdentityBackend } from '../../../backends/types';
import type { RequestContext } from '../../context';
import type { GroupEntity, UserEntity } from '../../db/entities';
import { findUserRow } from '../../db/rows';
import { nameKey } from '../../domain/names';
import { hasControlChars } from '../../domain/rules';
import { userState } from '../../domain/user-state';
import type { BackendSet } from '../support/backend-set';
import {
  compareKeys,
  emptyPage,
  pageOfSorted,
  pageRequest,
  type KeyValue,
  type Page,
  type PageArgs,
} from '../support/pagination';
import { userRef } from '../support/refs';
import { chunks, plainRows } from '../support/sql';
import type { UserFilterData, UserOrderData } from '../users/user-data';
import type { DirectoryMirror } from './mirror';

export type ListableBackend = IdentityBackend & DirectoryListing;

/** One page of a live directory's users: which backend and domain, the filter, the order, the slice. */
export interface LiveUserQuery {
  backend: ListableBackend;
  domain: string;
  filter: UserFilterData;
  order?: UserOrderData | null;
  page: PageArgs;
  /** A group the gateway keeps (a local group holding directory users): matched in SQL. */
  storedGroupId?: string | null;
  /** A group of the directory itself (its key): pushed into the directory's filter. */
  directoryGroupId?: string | null;
  /** A group of the directory not seen by the gateway yet (its name): pushed into the filter too. */
  directoryGroupName?: string | null;
}

/** A directory user's sort key in a listing: the order's value (if any), the name, the key. */
type KeyOf = (k: DirectoryUserKey) => KeyValue[];

/**
 * Reads of directories that are read live: every backend whose users the gateway does not keep
 * itself. Users are found by name there and refreshed from there when shown (a backend with only
 * the base contract gets this much); a backend that can also be listed (LDAP) answers listings,
 * group filters and group reads, with the filter pushed down. What was read is left in the mirror.
 */
export class LiveDirectory {
  constructor(
    private readonly backends: BackendSet,
    private readonly mirror: DirectoryMirror,
  ) {}

  /** The backend, when its users are read live (not kept by the gateway). */
  readsLive(backendId: string): IdentityBackend | null {
    const backend = this.backends.get(backendId);
    return backend && !keepsRecordsInGateway(backend) ? backend : null;
  }

  /** The backend, when its directory can be listed and searched live. */
  listable(backendId: string): ListableBackend | null {
    const backend = this.backends.get(backendId);
    return backend && canListLive(backend) ? backend : null;
  }

  listableOf(domain: string): ListableBackend[] {
    return this.backends.ofDomain(domain).filter(canListLive);
  }

  /** A user of `domain` by name: the mirror, refreshed from (or discovered in) the live directories. */
  async findUser(ctx: RequestContext, domain: string, name: string): Promise<UserEntity | null> {
    if (hasControlChars(name)) return null;
    const row = await findUserRow(ctx.em, domain, nameKey(name));
    if (row) return this.refresh(ctx, row);
    for (const backend of this.backends.ofDomain(domain)) {
      if (keepsRecordsInGateway(backend)) continue;
      const found = await backend.findUserByName(ctx, domain, name);
      if (found) return (await this.mirror.mirrorUsers(ctx, backend, domain, [found]))[0] ?? null;
    }
    return null;
  }

  /**
   * For a user of a live directory, the mirror refreshed from it (null when it is gone); else as is.
   * Outside a transaction, refreshes of one request are batched: one directory search per backend.
   */
  async refresh(ctx: RequestContext, user: UserEntity): Promise<UserEntity | null> {
    if (!this.readsLive(user.backendId) || !user.externalId) return user;
    if (!ctx.em.isInTransaction()) return ctx.loaders.freshUser.load(user);
    return (await this.refreshMany(ctx, [user]))[0] ?? null;
  }

  /** `refresh` for many users, in key order: one read per live backend. */
  async refreshMany(ctx: RequestContext, users: readonly UserEntity[]): Promise<(UserEntity | null)[]> {
    const out = new Map<string, UserEntity | null>();
    const byBackend = new Map<string, UserEntity[]>();
    for (const u of users) {
      if (!this.readsLive(u.backendId) || !u.externalId) out.set(u.id, u);
      else byBackend.set(u.backendId, [...(byBackend.get(u.backendId) ?? []), u]);
    }
    for (const [backendId, list] of byBackend) {
      const backend = this.readsLive(backendId)!;
      const domain = list[0]!.domain;
      const fresh = await backend.getUsersByIds(
        ctx,
        list.map((u) => u.externalId!),
        domain,
      );
      const present = fresh.filter((f): f is DirectoryUser => f !== null);
      const rows = await this.mirror.mirrorUsers(ctx, backend, domain, present);
      const byKey = new Map(present.map((f, i) => [f.externalId!, rows[i] ?? null] as const));
      for (const u of list) out.set(u.id, byKey.get(u.externalId!) ?? null);
    }
    return users.map((u) => out.get(u.id) ?? null);
  }

  /**
   * One page of users of a live directory: every match found in the directory (keyword and the
   * directory's own group pushed into its filter), narrowed by the gateway-owned filter parts,
   * ordered and sliced; then only the page is read in full. Three directory searches at most.
   */
  async listUsers(ctx: RequestContext, query: LiveUserQuery): Promise<Page<UserEntity>> {
    const { backend, domain, filter } = query;
    const field = query.order?.field ?? 'NAME';
    const descending = !!query.order?.descending;
    const ordering = `dir.${field}.${descending ? 'desc' : 'asc'}`;
    const width = field === 'NAME' ? 2 : 3;
    const request = pageRequest(query.page, ordering, width);
    if (filter.userType === 'SERVICE_ACCOUNT') return emptyPage();
    let keys = await backend.listUserKeys(ctx, {
      keyword: filter.keyword ?? undefined,
      groupId: query.directoryGroupId ?? undefined,
      groupName: query.directoryGroupName ?? undefined,
      withCreatedAt: field === 'CREATED_AT',
    });
    if (query.storedGroupId) keys = await this.inStoredGroup(ctx, backend, keys, query.storedGroupId);
    const shadows = await this.gatewayFilter(ctx, backend, keys, filter, field === 'LAST_LOGIN_AT');
    if (shadows) keys = keys.filter((k) => shadows.keep(k.externalId));
    // Times first (nulls last, in the order's direction), then name and key in the same direction.
    const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
    const keyOf: KeyOf =
      field === 'NAME'
        ? (k) => [nameKey(k.name), k.externalId]
        : field === 'CREATED_AT'
          ? (k) => [iso(k.createdAt), nameKey(k.name), k.externalId]
          : (k) => [iso(shadows?.rows.get(k.externalId)?.lastLoginAt), nameKey(k.name), k.externalId];
    const directions = Array.from({ length: width }, () => descending);
    return this.readPage(ctx, backend, domain, keys, request, ordering, keyOf, directions);
  }

  /** Members of a gateway-kept group among this directory's users, from the membership table. */
  private async inStoredGroup(
    ctx: RequestContext,
    backend: ListableBackend,
    keys: DirectoryUserKey[],
    groupId: string,
  ): Promise<DirectoryUserKey[]> {
    const members = await plainRows<{ external_id: string }>(
      ctx,
      ctx.em
        .getKnex()('users as u')
        .select('u.external_id')
        .join('group_members as gm', 'gm.user_id', 'u.id')
        .where('gm.group_id', groupId)
        .andWhere('u.backend_id', backend.id),
    );
    const inGroup = new Set(members.map((m) => m.external_id));
    return keys.filter((k) => inGroup.has(k.externalId));
  }

  /**
   * The gateway-owned filter parts (state, admin flag, tag) over directory keys, from the mirror rows;
   * null when the filter has none and the order needs no mirror data.
   */
  private async gatewayFilter(
    ctx: RequestContext,
    backend: ListableBackend,
    keys: DirectoryUserKey[],
    filter: UserFilterData,
    needRows: boolean,
  ): Promise<{ rows: Map<string, UserEntity>; keep(externalId: string): boolean } | null> {
    const filtered = !!filter.state || typeof filter.isAdmin === 'boolean' || !!filter.tag;
    if ((!filtered && !needRows) || !keys.length) return null;
    // Plain rows, not entities: a filter over a whole directory may read thousands of them.
    const rows = new Map<string, UserEntity>();
    for (const row of await this.mirror.userRows(
      ctx,
      backend.id,
      keys.map((k) => k.externalId),
    )) {
      rows.set(row.externalId!, row);
    }
    let tagged: Set<string> | null = null;
    if (filter.tag) {
      tagged = new Set<string>();
      for (const chunk of chunks([...rows.values()].map((s) => s.id))) {
        const found = await plainRows<{ user_id: string }>(
          ctx,
          ctx.em
            .getKnex()('user_tags')
            .select('user_id')
            .where({ key: filter.tag.key, value: filter.tag.value })
            .whereIn('user_id', chunk),
        );
        for (const r of found) tagged.add(r.user_id);
      }
    }
    const now = new Date();
    return {
      rows,
      keep(externalId) {
        const s = rows.get(externalId);
        // A user never seen before has the defaults: enabled, not an admin, no tags.
        if (filter.state && (s ? userState(s, now) : 'ENABLED') !== filter.state) return false;
        if (typeof filter.isAdmin === 'boolean' && (s?.isAdmin ?? false) !== filter.isAdmin) return false;
        if (tagged && !(s && tagged.has(s.id))) return false;
        return true;
      },
    };
  }

  /**
   * Sorts the keys, takes the page past the cursor, reads that page in full (one search) and mirrors
   * it. A user the directory no longer has by the time the page is read is left out.
   */
  private async readPage(
    ctx: RequestContext,
    backend: ListableBackend,
    domain: string,
    keys: DirectoryUserKey[],
    request: ReturnType<typeof pageRequest>,
    ordering: string,
    keyOf: KeyOf,
    descending: boolean[],
  ): Promise<Page<UserEntity>> {
    const sorted = keys
      .map((k) => ({ k, key: keyOf(k) }))
      .sort((a, b) => compareKeys(a.key, b.key, descending));
    const slice = pageOfSorted(
      sorted,
      request,
      ordering,
      (r) => r.key,
      (r, key) => compareKeys(r.key, key, descending),
    );
    if (!slice.items.length) return { ...slice, items: [] };
    const users = await backend.getUsersByIds(
      ctx,
      slice.items.map((i) => i.node.k.externalId),
      domain,
    );
    const present = users.filter((u): u is DirectoryUser => u !== null);
    const rows = await this.mirror.mirrorUsers(ctx, backend, domain, present);
    const byKey = new Map(present.map((u, i) => [u.externalId!, rows[i] ?? null] as const));
    const items = slice.items.flatMap((i) => {
      const row = byKey.get(i.node.k.externalId);
      return row ? [{ cursor: i.cursor, node: row }] : [];
    });
    return {
      ...slice,
      items,
      startCursor: items[0]?.cursor ?? null,
      endCursor: items[items.length - 1]?.cursor ?? null,
    };
  }

  /** The groups of users of listable directories, mirrored, in key order (for the groups loader). */
  async groupsOfUsers(ctx: RequestContext, users: readonly UserEntity[]): Promise<GroupEntity[][]> {
    const out = new Map<string, GroupEntity[]>();
    const byBackend = new Map<string, UserEntity[]>();
    for (const u of users) {
      if (!byBackend.has(u.backendId)) byBackend.set(u.backendId, []);
      byBackend.get(u.backendId)!.push(u);
    }
    for (const [backendId, list] of byBackend) {
      const backend = this.listable(backendId);
      if (!backend) continue;
      const withKeys = list.filter((u) => u.externalId);
      const groups = await backend.getGroupsOfUsers(ctx, withKeys.map(userRef));
      const unique = new Map<string, DirectoryGroup>();
      for (const g of groups.flat()) unique.set(g.externalId, g);
      const mirrored = await this.mirror.mirrorGroups(ctx, backend, list[0]!.domain, [...unique.values()]);
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

  /** Groups of a domain by name from the listable directories (mirrored); names not found are left out. */
  async findGroups(ctx: RequestContext, domain: string, names: readonly string[]): Promise<GroupEntity[]> {
    const wanted = names.filter((n) => !hasControlChars(n));
    if (!wanted.length) return [];
    const found: GroupEntity[] = [];
    for (const backend of this.listableOf(domain)) {
      const groups = await backend.findGroups(ctx, { names: wanted });
      found.push(...(await this.mirrorGroups(ctx, backend, domain, groups)));
    }
    return found;
  }

  /**
   * Mirrors groups read from a directory; member counts the read told are kept in the request's
   * loader, so that `memberCount` of these groups costs no further search.
   */
  private async mirrorGroups(
    ctx: RequestContext,
    backend: ListableBackend,
    domain: string,
    groups: readonly DirectoryGroup[],
  ): Promise<GroupEntity[]> {
    const rows = await this.mirror.mirrorGroups(ctx, backend, domain, groups);
    const out: GroupEntity[] = [];
    rows.forEach((row, i) => {
      if (!row) return;
      const count = groups[i]!.memberCount;
      if (count !== undefined) ctx.loaders.memberCountByGroup.prime(row, count);
      out.push(row);
    });
    return out;
  }

  /** Every group of a listable directory whose name or display name contains `keyword`, mirrored. */
  async searchGroups(
    ctx: RequestContext,
    backend: ListableBackend,
    domain: string,
    keyword: string | null,
  ): Promise<GroupEntity[]> {
    if (hasControlChars(keyword)) return [];
    return this.mirrorGroups(ctx, backend, domain, await backend.findGroups(ctx, { keyword }));
  }

  /** Member counts of groups of one listable directory, in key order (one search). */
  async memberCounts(ctx: RequestContext, groups: readonly GroupEntity[]): Promise<number[]> {
    const backend = groups[0] ? this.listable(groups[0].backendId) : null;
    if (!backend) return groups.map(() => 0);
    return backend.countGroupMembers(
      ctx,
      groups.map((g) => g.externalId ?? ''),
    );
  }

  /** One page of a live group's members, by name (the group pushed into the directory's filter). */
  async members(ctx: RequestContext, group: GroupEntity, page: PageArgs): Promise<Page<UserEntity>> {
    const ordering = 'members.NAME.asc';
    const request = pageRequest(page, ordering, 2);
    const backend = this.listable(group.backendId)!;
    const keys = await backend.listUserKeys(ctx, { groupId: group.externalId ?? '' });
    const keyOf: KeyOf = (k) => [nameKey(k.name), k.externalId];
    return this.readPage(ctx, backend, group.domain, keys, request, ordering, keyOf, [false, false]);
  }
}
