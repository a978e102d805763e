import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { RequestContext } from '../../context';
import { toAppError } from '../../errors/map';

/**
 * Runs `work` in one database transaction; whatever it throws, nothing it wrote stays. The loaders
 * of the request forget what they loaded once it has committed, so later reads see the change.
 */
export async function inTransaction<T>(
  ctx: RequestContext,
  work: (tx: RequestContext) => Promise<T>,
): Promise<T> {
  try {
    // A clear fork: the transaction sees rows as they are now, not entities this request loaded before.
    const result = await ctx.em.transactional((em: EntityManager) => work({ ...ctx, em }), { clear: true });
    ctx.loaders.clearAll();
    return result;
  } catch (error) {
    // A unique index caught a clash the checks before it could not see (a concurrent writer).
    if (error instanceof UniqueConstraintViolationException) throw toAppError(error) ?? error;
    throw error;
  }
}
