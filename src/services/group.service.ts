import { randomUUID } from 'node:crypto';
import type { Knex } from '@mikro-orm/knex';
import { canWrite } from '../../backends/types';
import { DEFAULT_DOMAIN } from '../config';
import type { RequestContext } from '../context';
import { GroupEntity, GroupMemberEntity, UserEntity } from '../db/entities';
import { BadInputError, ConflictError, NotFoundError, ReadOnlyBackendError } from '../errors/errors';
import type { BackendSet } from './backend-set';
import type { DirectoryService } from './directory.service';
import { requireAdmin } from './access';
import { checkFirst, countRows, decodeCursor, fetchPage, toPage, type Page } from './pagination';
import { hasControlChars, isValidName, NAME_MESSAGE } from './rules';
import { inTransaction, likePattern } from './user.service';
import { runQuery } from '../db/query';

export class GroupService {
  constructor(
    private readonly backends: BackendSet,
    private readonly directory: DirectoryService,
  ) {}

  /** A group of the caller's domain by name, or null. Admins only. Live directories are asked. */
  async getGroup(ctx: RequestContext, name: string): Promise<GroupEntity | null> {
    const caller = requireAdmin(ctx);
    const domain = caller.user.domain;
    if (hasControlChars(name)) return null;
    const row = await ctx.em.findOne(GroupEntity, { domain, nameKey: name.toLowerCase() });
    if (row && !this.directory.liveBackend(row.backendId)) return row;
    const [live] = await this.directory.findLiveGroups(ctx, domain, [name]);
    return live ?? null;
  }

  /**
   * Groups of the caller's domain by name. Groups of live directories are listed from them (and
   * mirrored); the others from the gateway's table.
   */
  async listGroups(
    ctx: RequestContext,
    args: { keyword?: string | null; first?: number | null; after?: string | null },
  ): Promise<Page<GroupEntity>> {
    const caller = requireAdmin(ctx);
    const domain = caller.user.domain;
    const first = checkFirst(args.first);
    const offset = decodeCursor(args.after);
    if (hasControlChars(args.keyword)) return toPage([], offset, first, 0);
    const liveBackends = this.directory.liveBackendsOf(domain);
    const base = ctx.em.getKnex()('groups as g').where('g.domain', domain);
    if (liveBackends.length) {
      base.whereNotIn(
        'g.backend_id',
        liveBackends.map((b) => b.id),
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
    if (!liveBackends.length) {
      const total = await countRows(ctx.em, base);
      const ordered = base.select('g.*').orderBy('g.name_key').orderBy('g.id');
      return fetchPage(ctx.em, GroupEntity, ordered, offset, first, total);
    }
    // Some groups live in directories: merge them with the stored ones, then order and slice.
    const rows: Record<string, unknown>[] = await runQuery(ctx.em, base.select('g.*'));
    const all = rows.map((r) => ctx.em.map(GroupEntity, r as never));
    for (const backend of liveBackends) {
      const groups = await backend.listGroups(ctx, args.keyword ?? null);
      for (const g of await this.directory.mirrorGroups(ctx, backend, domain, groups)) if (g) all.push(g);
    }
    all.sort((x, y) => x.nameKey.localeCompare(y.nameKey) || x.id.localeCompare(y.id));
    return toPage(all.slice(offset, offset + first + 1), offset, first, all.length);
  }

  /** One page of a group's members, by name. */
  async members(
    ctx: RequestContext,
    group: GroupEntity,
    args: { first?: number | null; after?: string | null },
  ): Promise<Page<UserEntity>> {
    requireAdmin(ctx, group.domain);
    const first = checkFirst(args.first);
    const offset = decodeCursor(args.after);
    if (this.directory.liveBackend(group.backendId))
      return this.directory.liveMembers(ctx, group, offset, first);
    const base = ctx.em
      .getKnex()('users as u')
      .join('group_members as gm', 'gm.user_id', 'u.id')
      .where('gm.group_id', group.id);
    const total = await ctx.loaders.memberCountByGroup.load(group);
    return fetchPage(
      ctx.em,
      UserEntity,
      base.select('u.*').orderBy('u.name_key').orderBy('u.id'),
      offset,
      first,
      total,
    );
  }

  async createGroup(
    ctx: RequestContext,
    name: string,
    displayName: string | null | undefined,
    backendId: string | null | undefined,
  ): Promise<GroupEntity> {
    const caller = requireAdmin(ctx);
    const domain = caller.user.domain;
    const backend = backendId
      ? this.backends.inDomain(domain, backendId)
      : this.backends.defaultWritable(domain);
    if (!backend) throw new NotFoundError('backend');
    if (!canWrite(backend)) throw new ReadOnlyBackendError(backend.id);
    if (!isValidName(name)) throw new BadInputError([{ field: 'name', message: NAME_MESSAGE }]);
    return inTransaction(ctx, async (tx) => {
      const taken = await tx.em.count(GroupEntity, { domain, nameKey: name.toLowerCase() });
      if (taken) throw new ConflictError('NAME_TAKEN', `The group name "${name}" is already taken`);
      const group = tx.em.create(GroupEntity, {
        id: randomUUID(),
        domain,
        backendId: backend.id,
        externalId: null,
        name,
        nameKey: name.toLowerCase(),
        displayName: displayName ?? name,
        createdAt: new Date(),
      });
      const created = await backend.createGroup(
        tx,
        { id: group.id, externalId: null, domain, name },
        group.displayName,
      );
      group.externalId = created.externalId;
      tx.em.persist(group);
      await tx.em.flush();
      return group;
    });
  }

  async deleteGroup(ctx: RequestContext, name: string): Promise<boolean> {
    const group = await this.getGroup(ctx, name);
    if (!group) throw new NotFoundError('group');
    const backend = this.backends.get(group.backendId);
    if (!backend || !canWrite(backend)) throw new ReadOnlyBackendError(group.backendId);
    await inTransaction(ctx, async (tx) => {
      await backend.deleteGroup(tx, {
        id: group.id,
        externalId: group.externalId,
        domain: group.domain,
        name: group.name,
      });
      await tx.em.nativeDelete(GroupMemberEntity, { groupId: group.id });
      await tx.em.nativeDelete(GroupEntity, { id: group.id });
    });
    return true;
  }

  /**
   * A group by id, for federation's `_entities`: batched through the request's `groupById` loader.
   * Admins only, like every group read; a group of a domain the caller may not manage is null.
   */
  async getGroupById(ctx: RequestContext, id: string): Promise<GroupEntity | null> {
    const caller = requireAdmin(ctx);
    const group = await ctx.loaders.groupById.load(id);
    if (!group) return null;
    const visible = group.domain === caller.user.domain || caller.user.domain === DEFAULT_DOMAIN;
    return visible ? group : null;
  }
}
