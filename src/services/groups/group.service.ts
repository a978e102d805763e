import { randomUUID } from 'node:crypto';
import type { Knex } from '@mikro-orm/knex';
import type { RequestContext } from '../../context';
import { GroupEntity, GroupMemberEntity, UserEntity } from '../../db/entities';
import { nameKey } from '../../domain/names';
import { hasControlChars, isValidName, NAME_MESSAGE } from '../../domain/rules';
import { BadInputError, ConflictError, NotFoundError } from '../../errors/errors';
import type { AccessPolicy } from '../access/policy';
import type { LiveDirectory } from '../directory/live-reads';
import type { BackendSet } from '../support/backend-set';
import {
  applyKeyset,
  compareKeys,
  countRows,
  emptyPage,
  fetchRows,
  pageOfSorted,
  pageRequest,
  toPage,
  type Page,
  type PageArgs,
} from '../support/pagination';
import { groupRef } from '../support/refs';
import { likePattern } from '../support/sql';
import { inTransaction } from '../support/transaction';
import { writerOf } from '../support/write-gate';
import { runQuery } from '../../db/query';
import { groupFromRow, userFromRow } from '../../db/rows';

/** Groups: reading, listing, members, creating and deleting. */
export class GroupService {
  constructor(
    private readonly backends: BackendSet,
    private readonly live: LiveDirectory,
    private readonly policy: AccessPolicy,
  ) {}

  /** A group of the caller's domain by name, or null. Listable directories are asked. */
  async getGroup(ctx: RequestContext, name: string): Promise<GroupEntity | null> {
    const caller = this.policy.authorizeHere(ctx, 'readGroups');
    const domain = caller.user.domain;
    if (hasControlChars(name)) return null;
    const row = await ctx.em.findOne(GroupEntity, { domain, nameKey: nameKey(name) });
    if (row && !this.live.listable(row.backendId)) return row;
    const [live] = await this.live.findGroups(ctx, domain, [name]);
    return live ?? null;
  }

  /**
   * Groups of the caller's domain by name. Groups of listable directories are listed from them (and
   * mirrored); the others from the gateway's table.
   */
  async listGroups(
    ctx: RequestContext,
    args: PageArgs & { keyword?: string | null },
  ): Promise<Page<GroupEntity>> {
    const caller = this.policy.authorizeHere(ctx, 'readGroups');
    const domain = caller.user.domain;
    const ordering = 'groups.NAME.asc';
    const request = pageRequest(args, ordering, 2);
    if (hasControlChars(args.keyword)) return emptyPage();
    const listable = this.live.listableOf(domain);
    const knex = ctx.em.getKnex();
    const base = knex('groups as g').where('g.domain', domain);
    if (listable.length) {
      base.whereNotIn(
        'g.backend_id',
        listable.map((b) => b.id),
      );
    }
    if (args.keyword) {
      const pattern = likePattern(args.keyword);
      base.where((q: Knex.QueryBuilder) =>
        q
          .whereRaw(`g.name_key like ? escape '\\'`, [pattern])
          .orWhereRaw(`lower(g.display_name) like ? escape '\\'`, [pattern]),
      );
    }
    const keyOf = (g: GroupEntity) => [g.nameKey, g.id];
    if (!listable.length) {
      const total = await countRows(ctx.em, base);
      const columns = [
        { sql: 'g.name_key', descending: false },
        { sql: 'g.id', descending: false },
      ];
      const rows = await fetchRows(
        ctx.em,
        groupFromRow,
        applyKeyset(knex, base.select('g.*'), columns, request),
        request,
      );
      return toPage(rows, request, ordering, keyOf, total);
    }
    // Some groups live in directories: merge them with the stored ones, then order and page.
    const rows: Record<string, unknown>[] = await runQuery(ctx.em, base.select('g.*'));
    const all = rows.map(groupFromRow);
    for (const backend of listable)
      all.push(...(await this.live.searchGroups(ctx, backend, domain, args.keyword ?? null)));
    all.sort((x, y) => compareKeys(keyOf(x), keyOf(y), [false, false]));
    return pageOfSorted(all, request, ordering, keyOf, (g, key) =>
      compareKeys(keyOf(g), key, [false, false]),
    );
  }

  /** One page of a group's members, by name. */
  async members(ctx: RequestContext, group: GroupEntity, args: PageArgs): Promise<Page<UserEntity>> {
    this.policy.authorize(ctx, 'readGroups', { domain: group.domain });
    if (this.live.listable(group.backendId)) return this.live.members(ctx, group, args);
    const ordering = 'members.NAME.asc';
    const request = pageRequest(args, ordering, 2);
    const knex = ctx.em.getKnex();
    const base = knex('users as u')
      .join('group_members as gm', 'gm.user_id', 'u.id')
      .where('gm.group_id', group.id);
    const total = await ctx.loaders.memberCountByGroup.load(group);
    const columns = [
      { sql: 'u.name_key', descending: false },
      { sql: 'u.id', descending: false },
    ];
    const rows = await fetchRows(
      ctx.em,
      userFromRow,
      applyKeyset(knex, base.select('u.*'), columns, request),
      request,
    );
    return toPage(rows, request, ordering, (u) => [u.nameKey, u.id], total);
  }

  async createGroup(
    ctx: RequestContext,
    name: string,
    displayName: string | null | undefined,
    backendId: string | null | undefined,
  ): Promise<GroupEntity> {
    const caller = this.policy.authorizeHere(ctx, 'createGroup');
    const domain = caller.user.domain;
    const backend = backendId
      ? this.backends.inDomain(domain, backendId)
      : this.backends.defaultWritable(domain);
    if (!backend) throw new NotFoundError('backend');
    const writer = writerOf(backend, backend.id);
    if (!isValidName(name)) throw new BadInputError([{ field: 'name', message: NAME_MESSAGE }]);
    return inTransaction(ctx, async (tx) => {
      const taken = await tx.em.count(GroupEntity, { domain, nameKey: nameKey(name) });
      if (taken) throw new ConflictError('NAME_TAKEN', `The group name "${name}" is already taken`);
      const group = tx.em.create(GroupEntity, {
        id: randomUUID(),
        domain,
        backendId: backend.id,
        externalId: null,
        name,
        nameKey: nameKey(name),
        displayName: displayName ?? name,
        createdAt: new Date(),
      });
      const created = await writer.writeGroup(tx, {
        op: 'create',
        group: groupRef(group),
        displayName: group.displayName,
      });
      group.externalId = created.externalId ?? null;
      tx.em.persist(group);
      await tx.em.flush();
      return group;
    });
  }

  async deleteGroup(ctx: RequestContext, name: string): Promise<boolean> {
    this.policy.authorizeHere(ctx, 'deleteGroup');
    const group = await this.getGroup(ctx, name);
    if (!group) throw new NotFoundError('group');
    const writer = writerOf(this.backends.get(group.backendId), group.backendId);
    await inTransaction(ctx, async (tx) => {
      await writer.writeGroup(tx, { op: 'delete', group: groupRef(group) });
      await tx.em.nativeDelete(GroupMemberEntity, { groupId: group.id });
      await tx.em.nativeDelete(GroupEntity, { id: group.id });
    });
    return true;
  }

  /**
   * A group by id, for federation's `_entities`: batched through the request's `groupById` loader.
   * Readers of groups only; a group of a domain the caller may not read is null.
   */
  async getGroupById(ctx: RequestContext, id: string): Promise<GroupEntity | null> {
    const caller = this.policy.authorizeHere(ctx, 'readGroups');
    const group = await ctx.loaders.groupById.load(id);
    if (!group) return null;
    return this.policy.allows(caller, 'readGroups', { domain: group.domain }) ? group : null;
  }
}
