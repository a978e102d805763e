import type { Knex } from '@mikro-orm/knex';
import type { RequestContext } from '../../context';
import { UserEntity } from '../../db/entities';
import { nameKey } from '../../domain/names';
import { applyStateCondition } from '../../domain/user-state';
import { countRows, fetchPage, type Page } from '../support/pagination';
import { likePattern } from '../support/sql';
import type { UserFilterData, UserOrderData } from './user-data';

/** A listing of a domain's user records: which domain, the filter, the order and the slice. */
export interface StoredUserQuery {
  domain: string;
  filter: UserFilterData;
  order?: UserOrderData | null;
  offset: number;
  first: number;
}

/**
 * One page of the gateway's user records, the whole filter pushed into SQL: one `count(*)` and one
 * page query, whatever the page size.
 */
export async function listStoredUsers(
  ctx: RequestContext,
  query: StoredUserQuery,
): Promise<Page<UserEntity>> {
  const { domain, filter } = query;
  const knex = ctx.em.getKnex();
  const now = ctx.em.getPlatform().processDateProperty(new Date());
  const base = knex('users as u').where('u.domain', domain);
  if (filter.keyword) {
    const pattern = likePattern(filter.keyword);
    base.where((q: Knex.QueryBuilder) => {
      for (const column of ['u.name_key', 'u.display_name', 'u.email_key', 'u.full_name']) {
        q.orWhereRaw(`lower(${column}) like ? escape '\\'`, [pattern]);
      }
    });
  }
  if (filter.state) applyStateCondition(base, filter.state, now, true, false);
  if (filter.userType) base.where('u.user_type', filter.userType);
  if (filter.backend) base.where('u.backend_id', filter.backend);
  if (typeof filter.isAdmin === 'boolean') base.where('u.is_admin', filter.isAdmin);
  if (filter.group) {
    const groupKey = nameKey(filter.group);
    base.whereExists((q: Knex.QueryBuilder) =>
      q
        .select(knex.raw('1'))
        .from('group_members as gm')
        .join('groups as g', 'g.id', 'gm.group_id')
        .whereRaw('gm.user_id = u.id')
        .andWhere('g.domain', domain)
        .andWhere('g.name_key', groupKey),
    );
  }
  if (filter.tag) {
    const tag = filter.tag;
    base.whereExists((q: Knex.QueryBuilder) =>
      q
        .select(knex.raw('1'))
        .from('user_tags as t')
        .whereRaw('t.user_id = u.id')
        .andWhere('t.key', tag.key)
        .andWhere('t.value', tag.value),
    );
  }
  const totalCount = await countRows(ctx.em, base);
  const direction = query.order?.descending ? 'desc' : 'asc';
  const page = base.clone().select('u.*');
  switch (query.order?.field ?? 'NAME') {
    case 'CREATED_AT':
      page.orderBy('u.created_at', direction);
      break;
    case 'LAST_LOGIN_AT':
      // Users who never logged in come last either way, on every database.
      page
        .orderByRaw(`case when u.last_login_at is null then 1 else 0 end asc`)
        .orderBy('u.last_login_at', direction);
      break;
    default:
      page.orderBy('u.name_key', direction);
  }
  page.orderBy('u.id', direction);
  return fetchPage(ctx.em, UserEntity, page, query.offset, query.first, totalCount);
}
