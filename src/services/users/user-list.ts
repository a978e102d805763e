import type { Knex } from '@mikro-orm/knex';
import type { RequestContext } from '../../context';
import type { UserEntity } from '../../db/entities';
import { searchExpression } from '../../db/search';
import { isPostgres } from '../../db/query';
import { userFromRow } from '../../db/rows';
import { nameKey } from '../../domain/names';
import { applyStateCondition } from '../../domain/user-state';
import { BadInputError } from '../../errors/errors';
import {
  applyKeyset,
  countRows,
  fetchRows,
  pageRequest,
  toPage,
  type KeyValue,
  type OrderColumn,
  type Page,
  type PageArgs,
} from '../support/pagination';
import { likePattern } from '../support/sql';
import type { UserFilterData, UserOrderData } from './user-data';

/** A listing of a domain's user records: which domain, the filter, the order and the page. */
export interface StoredUserQuery {
  domain: string;
  filter: UserFilterData;
  order?: UserOrderData | null;
  page: PageArgs;
}

/** An SQL ordering of users: its columns (ties broken by id) and a row's key in it. */
interface UserOrdering {
  columns: OrderColumn[];
  keyOf(user: UserEntity): KeyValue[];
  /** Which key values are times (bound as dates). */
  times: number[];
}

function userOrdering(order: UserOrderData | null | undefined): UserOrdering {
  const descending = !!order?.descending;
  const id: OrderColumn = { sql: 'u.id', descending };
  switch (order?.field ?? 'NAME') {
    case 'CREATED_AT':
      return {
        columns: [{ sql: 'u.created_at', descending }, id],
        keyOf: (u) => [u.createdAt.toISOString(), u.id],
        times: [0],
      };
    case 'LAST_LOGIN_AT':
      // Users who never logged in come last either way, on every database.
      return {
        columns: [
          { sql: 'case when u.last_login_at is null then 1 else 0 end', descending: false },
          { sql: 'u.last_login_at', descending },
          id,
        ],
        keyOf: (u) => [u.lastLoginAt ? 0 : 1, u.lastLoginAt?.toISOString() ?? null, u.id],
        times: [1],
      };
    default:
      return { columns: [{ sql: 'u.name_key', descending }, id], keyOf: (u) => [u.nameKey, u.id], times: [] };
  }
}

/** The cursor namespace of a stored listing in this order: cursors of another order are refused. */
function orderingName(order: UserOrderData | null | undefined): string {
  return `users.${order?.field ?? 'NAME'}.${order?.descending ? 'desc' : 'asc'}`;
}

/**
 * One page of the gateway's user records, the whole filter pushed into SQL and the page found by
 * keyset: one `count(*)` and one page query, whatever the page size or depth.
 */
export async function listStoredUsers(
  ctx: RequestContext,
  query: StoredUserQuery,
): Promise<Page<UserEntity>> {
  const { domain, filter } = query;
  const ordering = userOrdering(query.order);
  const name = orderingName(query.order);
  const request = pageRequest(query.page, name, ordering.columns.length);
  const knex = ctx.em.getKnex();
  const platform = ctx.em.getPlatform();
  const now = platform.processDateProperty(new Date());
  const base = knex('users as u').where('u.domain', domain);
  if (filter.keyword) {
    // One expression over the four columns: on PostgreSQL a trigram index serves it.
    base.whereRaw(`${searchExpression(isPostgres(knex), 'u.')} like ? escape '\\'`, [
      likePattern(filter.keyword),
    ]);
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
  const bind = (value: KeyValue, column: number) => {
    if (!ordering.times.includes(column)) return value;
    const time = typeof value === 'string' ? new Date(value) : null;
    if (!time || Number.isNaN(time.getTime())) {
      throw new BadInputError([
        { field: request.forward ? 'after' : 'before', message: 'is not a cursor of this list' },
      ]);
    }
    return platform.processDateProperty(time);
  };
  const page = applyKeyset(knex, base.clone().select('u.*'), ordering.columns, request, bind);
  const rows = await fetchRows(ctx.em, userFromRow, page, request);
  return toPage(rows, request, name, ordering.keyOf, totalCount);
}
