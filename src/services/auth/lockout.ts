import type { AppConfig } from '../../config';
import type { RequestContext } from '../../context';
import { asBookkeeping, runQuery } from '../../db/query';
import type { LoginTelemetry } from '../../observability/telemetry';

/** The id no user has: counting a failure for an unknown user runs the same statement on no row. */
export const NO_SUCH_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Failed logins and the lock they lead to. Counting is bookkeeping, not a change of the user: one
 * atomic UPDATE that never bumps the user's version, so that parallel attempts all count and none
 * of them makes a concurrent change fail.
 */
export class Lockout {
  constructor(
    private readonly config: AppConfig['lockout'],
    private readonly telemetry: Pick<LoginTelemetry, 'accountLocked'>,
  ) {}

  /**
   * Counts one failed login: a failure after the window has passed starts a new run at 1; reaching
   * `maxFailures` locks the account for `lockSeconds` (a lock in force is not extended). Reports the
   * failure that set a lock (the row comes back from the same UPDATE holding the lock it set).
   */
  async recordFailure(ctx: RequestContext, userId: string): Promise<void> {
    const { maxFailures, windowSeconds, lockSeconds } = this.config;
    const platform = ctx.em.getPlatform();
    const now = Date.now();
    const at = (ms: number) => platform.processDateProperty(new Date(ms)) as never;
    const knex = ctx.em.getKnex();
    const newRun = 'failure_window_start is null or failure_window_start < ?';
    const nextCount = `case when ${newRun} then 1 else failed_login_count + 1 end`;
    const windowStart = at(now - windowSeconds * 1000);
    const lockUntil = at(now + lockSeconds * 1000);
    const rows = await asBookkeeping(ctx.em, (em) =>
      runQuery(
        em,
        knex('users')
          .where('id', userId)
          .update({
            failed_login_count: knex.raw(nextCount, [windowStart]),
            failure_window_start: knex.raw(`case when ${newRun} then ? else failure_window_start end`, [
              windowStart,
              at(now),
            ]),
            locked_until: knex.raw(
              `case when ${nextCount} >= ? and (locked_until is null or locked_until <= ?) then ? else locked_until end`,
              [windowStart, maxFailures, at(now), lockUntil],
            ),
          })
          .returning(knex.raw('locked_until = ? as locked_now', [lockUntil])),
      ),
    );
    if (rows.some((row) => Boolean(row.locked_now))) this.telemetry.accountLocked();
  }

  /**
   * Records a successful login: the failure count starts again, a lock that has run out goes, and the
   * login time is kept. Bookkeeping too: one UPDATE, no new version.
   */
  async recordSuccess(ctx: RequestContext, userId: string, at: Date): Promise<void> {
    const knex = ctx.em.getKnex();
    const platform = ctx.em.getPlatform();
    await runQuery(
      ctx.em,
      knex('users')
        .where('id', userId)
        .update({
          failed_login_count: 0,
          failure_window_start: null,
          // Only a lock that has run out goes: one a parallel failure has just set stays.
          locked_until: knex.raw('case when locked_until <= ? then null else locked_until end', [
            platform.processDateProperty(at) as never,
          ]),
          last_login_at: platform.processDateProperty(at) as never,
        }),
    );
  }
}
