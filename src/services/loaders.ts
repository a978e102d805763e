import DataLoader from 'dataloader';
import type { Loaders, RequestContext } from '../context';
import { GroupEntity, UserEntity, UserTagEntity } from '../db/entities';
import { runQuery } from '../db/query';
import { groupFromRow, tagFromRow, userFromRow } from '../db/rows';
import type { LiveDirectory } from './directory/live-reads';

function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const map = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) map.get(keyOf(row))?.push(row);
  return keys.map((k) => map.get(k)!);
}

/**
 * Builds the loaders of one request (see `Loaders` in src/context.ts); `ctx` is that request's
 * context (its em, its directory calls), `live` the service that reads live directories.
 */
export function createLoaders(ctx: RequestContext, live: LiveDirectory): Loaders {
  const em = ctx.em;

  // Reads for answering: plain rows, no unit of work (see src/db/rows.ts).
  const byIds = async <T extends { id: string }>(
    table: string,
    ids: readonly string[],
    fromRow: (row: Record<string, unknown>) => T,
  ): Promise<(T | null)[]> => {
    const rows: Record<string, unknown>[] = await runQuery(
      em,
      em
        .getKnex()(table)
        .select('*')
        .whereIn('id', [...ids]),
    );
    const byId = new Map(rows.map((r) => [r.id as string, fromRow(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  };
  const userById = new DataLoader<string, UserEntity | null>((ids) => byIds('users', ids, userFromRow));
  const groupById = new DataLoader<string, GroupEntity | null>((ids) => byIds('groups', ids, groupFromRow));

  /** Memberships kept in the gateway's table (local groups, of any user). */
  const storedGroups = async (userIds: readonly string[]): Promise<GroupEntity[][]> => {
    if (!userIds.length) return [];
    const knex = em.getKnex();
    const query = knex
      .select('g.*', 'gm.user_id as member_user_id')
      .from('groups as g')
      .join('group_members as gm', 'gm.group_id', 'g.id')
      .whereIn('gm.user_id', [...userIds])
      .orderBy('g.name_key');
    const rows: (Record<string, unknown> & { member_user_id: string })[] = await runQuery(em, query);
    const pairs = rows.map((row) => ({ userId: row.member_user_id, group: groupFromRow(row) }));
    return groupBy(userIds, pairs, (p) => p.userId).map((list) => list.map((p) => p.group));
  };

  const groupsByUser = new DataLoader<UserEntity, GroupEntity[], string>(
    async (users) => {
      const listed = users.filter((u) => live.listable(u.backendId));
      const listedGroups = listed.length ? await live.groupsOfUsers(ctx, listed) : [];
      const liveById = new Map(listed.map((u, i) => [u.id, listedGroups[i]!]));
      const stored = await storedGroups(users.map((u) => u.id));
      return users.map((u, i) => {
        const fromDirectory = liveById.get(u.id);
        if (!fromDirectory) return stored[i]!;
        // A directory's own memberships come from it; the mirror's copy of them is ignored.
        const others = stored[i]!.filter((g) => g.backendId !== u.backendId);
        return [...fromDirectory, ...others].sort((a, b) => a.nameKey.localeCompare(b.nameKey));
      });
    },
    { cacheKeyFn: (u) => u.id },
  );

  const freshUser = new DataLoader<UserEntity, UserEntity | null, string>(
    (users) => live.refreshMany(ctx, users),
    { cacheKeyFn: (u) => u.id },
  );

  const tagsByUser = new DataLoader<string, UserTagEntity[]>(async (userIds) => {
    const rows: Record<string, unknown>[] = await runQuery(
      em,
      em
        .getKnex()('user_tags as t')
        .select('t.*')
        .whereIn('t.user_id', [...userIds])
        .orderBy('t.key', 'asc'),
    );
    return groupBy(userIds, rows.map(tagFromRow), (r) => r.userId);
  });

  const memberCountByGroup = new DataLoader<GroupEntity, number, string>(
    async (groups) => {
      const counts = new Map<string, number>();
      const byBackend = new Map<string, GroupEntity[]>();
      for (const g of groups.filter((x) => live.listable(x.backendId))) {
        byBackend.set(g.backendId, [...(byBackend.get(g.backendId) ?? []), g]);
      }
      for (const list of byBackend.values()) {
        const listCounts = await live.memberCounts(ctx, list);
        list.forEach((g, i) => counts.set(g.id, listCounts[i] ?? 0));
      }
      const stored = groups.filter((g) => !counts.has(g.id)).map((g) => g.id);
      if (stored.length) {
        const knex = em.getKnex();
        const query = knex('group_members')
          .select('group_id')
          .count({ n: '*' })
          .whereIn('group_id', stored)
          .groupBy('group_id');
        const rows: { group_id: string; n: number | string }[] = await runQuery(em, query);
        for (const r of rows) counts.set(r.group_id, Number(r.n));
      }
      return groups.map((g) => counts.get(g.id) ?? 0);
    },
    { cacheKeyFn: (g) => g.id },
  );

  return {
    userById,
    groupById,
    groupsByUser,
    tagsByUser,
    freshUser,
    memberCountByGroup,
    clearAll() {
      userById.clearAll();
      groupById.clearAll();
      groupsByUser.clearAll();
      tagsByUser.clearAll();
      freshUser.clearAll();
      memberCountByGroup.clearAll();
    },
  };
}
