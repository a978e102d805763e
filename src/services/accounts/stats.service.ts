import type { RequestContext } from '../../context';
import { MailOutboxEntity } from '../../db/entities';
import { runQuery } from '../../db/query';
import { sqlStateCase } from '../../domain/user-state';
import type { AccessPolicy } from '../access/policy';
import { checkFirst } from '../support/pagination';

export interface UserStatsView {
  total: number;
  byState: { key: string; count: number }[];
  byBackend: { key: string; count: number }[];
  byUserType: { key: string; count: number }[];
}

/** Counts of a domain's users, and the mail outbox. */
export class StatsService {
  constructor(private readonly policy: AccessPolicy) {}

  /** Counts computed in the database (three grouped statements), never by loading users. */
  async userStats(ctx: RequestContext, domainArg: string | null | undefined): Promise<UserStatsView> {
    const domain = this.policy.resolveDomain(ctx, domainArg);
    this.policy.authorize(ctx, 'readStats', { domain });
    const knex = ctx.em.getKnex();
    const now = ctx.em.getPlatform().processDateProperty(new Date());
    const grouped = async (expression: string, bindings: unknown[] = []) => {
      const rows: { k: string; n: number | string }[] = await runQuery(
        ctx.em,
        knex('users as u')
          .select(knex.raw(`${expression} as k`, bindings as never[]))
          .count({ n: '*' })
          .where('u.domain', domain)
          .groupByRaw('1')
          .orderByRaw('1'),
      );
      return rows.map((r) => ({ key: String(r.k), count: Number(r.n) }));
    };
    const byUserType = await grouped('u.user_type');
    const byBackend = await grouped('u.backend_id');
    const state = sqlStateCase(now);
    const byState = await grouped(state.sql, state.bindings);
    return { total: byUserType.reduce((sum, c) => sum + c.count, 0), byState, byBackend, byUserType };
  }

  /** Mails kept while no SMTP server is configured, newest first (admins of the domain). */
  async outbox(ctx: RequestContext, first: number | null | undefined): Promise<MailOutboxEntity[]> {
    const caller = this.policy.authorizeHere(ctx, 'readOutbox');
    return ctx.em.find(
      MailOutboxEntity,
      { domain: caller.user.domain },
      { orderBy: { createdAt: 'desc', id: 'asc' }, limit: checkFirst(first) },
    );
  }
}
