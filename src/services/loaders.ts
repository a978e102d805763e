import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/knex';
import { GroupEntity, UserEntity, UserTagEntity } from '../db/entities';

/**
 * Per-request batch loaders: a page of N users with their groups and tags costs one query per
 * loader, whatever N is. Each returns results in key order (the DataLoader contract).
 */
export interface Loaders {
  userById: DataLoader<string, UserEntity | null>;
  groupsByUser: DataLoader<string, GroupEntity[]>;
  tagsByUser: DataLoader<string, UserTagEntity[]>;
  memberCountByGroup: DataLoader<string, number>;
  /** Forgets everything loaded: called after a write so that reads see it. */
  clearAll(): void;
  /** Groups by id: federation's `_entities` for N groups costs one query. */
  groupById: DataLoader<string, GroupEntity | null>;
}

function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const map = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) map.get(keyOf(row))?.push(row);
  return keys.map((k) => map.get(k)!);
}

export function createLoaders(em: EntityManager): Loaders {
  const userById = new DataLoader<string, UserEntity | null>(async (ids) => {
    const rows = await em.find(UserEntity, { id: { $in: [...ids] } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
  const groupById = new DataLoader<string, GroupEntity | null>(async (ids) => {
    const rows = await em.find(GroupEntity, { id: { $in: [...ids] } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  const groupsByUser = new DataLoader<string, GroupEntity[]>(async (userIds) => {
    const knex = em.getConnection().getKnex();
    const query = knex
      .select('g.*', 'gm.user_id as member_user_id')
      .from('groups as g')
      .join('group_members as gm', 'gm.group_id', 'g.id')
      .whereIn('gm.user_id', [...userIds])
      .orderBy('g.name_key');
    const rows: (Record<string, unknown> & { member_user_id: string })[] = await em
      .getConnection()
      .execute(query);
    const pairs = rows.map((row) => {
      const { member_user_id: userId, ...groupRow } = row;
      return { userId, group: em.map(GroupEntity, groupRow) };
    });
    return groupBy(userIds, pairs, (p) => p.userId).map((list) => list.map((p) => p.group));
  });

  const tagsByUser = new DataLoader<string, UserTagEntity[]>(async (userIds) => {
    const rows = await em.find(UserTagEntity, { userId: { $in: [...userIds] } }, { orderBy: { key: 'asc' } });
    return groupBy(userIds, rows, (r) => r.userId);
  });

  const memberCountByGroup = new DataLoader<string, number>(async (groupIds) => {
    const knex = em.getConnection().getKnex();
    const query = knex('group_members')
      .select('group_id')
      .count({ n: '*' })
      .whereIn('group_id', [...groupIds])
      .groupBy('group_id');
    const rows: { group_id: string; n: number | string }[] = await em.getConnection().execute(query);
    const counts = new Map(rows.map((r) => [r.group_id, Number(r.n)]));
    return groupIds.map((id) => counts.get(id) ?? 0);
  });

  return {
    userById,
    groupById,
    groupsByUser,
    tagsByUser,
    memberCountByGroup,
    clearAll() {
      userById.clearAll();
      groupById.clearAll();
      groupsByUser.clearAll();
      tagsByUser.clearAll();
      memberCountByGroup.clearAll();
    },
  };
}
