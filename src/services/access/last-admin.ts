import type { RequestContext } from '../../context';
import type { UserEntity } from '../../db/entities';
import { isPostgres, runQuery } from '../../db/query';
import { ForbiddenError } from '../../errors/errors';

/**
 * The last ADMIN of a domain (docs/admin.md, "Roles"): it cannot lose the role, be disabled, be
 * deleted or be given an end of validity, so that a domain always keeps someone who can manage it.
 *
 * Called inside the change's transaction, before the change is written. On PostgreSQL the domain's
 * admins are counted under a transaction-scoped advisory lock of the domain: two transactions that
 * each take away one of the last two ADMINs queue on it, and the second one counts after the first
 * has committed (READ COMMITTED: each statement sees what committed before it), so it is refused.
 * On SQLite every writing transaction already holds the database's one write lock.
 */
export async function assertNotLastAdmin(tx: RequestContext, user: UserEntity): Promise<void> {
  if (!user.isAdmin || user.disabled) return;
  const knex = tx.em.getKnex();
  if (isPostgres(knex)) {
    await runQuery(tx.em, knex.select(knex.raw(`pg_advisory_xact_lock(hashtext(?))`, [`idgate.admins.${user.domain}`])));
  }
  const [row] = await runQuery<{ n: number | string }>(
    tx.em,
    knex('users')
      .count({ n: '*' })
      .where({ domain: user.domain, is_admin: true, disabled: false, sync_disabled: false })
      .whereNot('id', user.id),
  );
  if (Number(row?.n ?? 0) === 0) {
    throw new ForbiddenError(`"${user.name}" is the last ADMIN of domain "${user.domain}"`, {
      reason: 'LAST_ADMIN',
    });
  }
}
