import { DEFAULT_DOMAIN } from '../config';
import type { Caller, RequestContext } from '../context';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors/errors';

/** The caller, or UNAUTHENTICATED. */
export function requireCaller(ctx: RequestContext): Caller {
  if (!ctx.caller)
    throw new UnauthenticatedError(ctx.badToken ? 'Invalid or expired token' : 'Authentication required');
  return ctx.caller;
}

/**
 * The domain a request acts in. Absent: the caller's own. Another domain may be named only by an
 * admin of the system domain; for anyone else another domain does not exist (NOT_FOUND).
 */
export function resolveDomain(ctx: RequestContext, domain: string | null | undefined): string {
  const caller = requireCaller(ctx);
  if (domain === undefined || domain === null || domain === caller.user.domain) return caller.user.domain;
  const systemAdmin = caller.user.isAdmin && caller.user.domain === DEFAULT_DOMAIN;
  if (!systemAdmin || !ctx.services.backends.hasDomain(domain)) throw new NotFoundError('domain');
  return domain;
}

/** The caller, who must be an admin allowed to manage `domain`. */
export function requireAdmin(ctx: RequestContext, domain?: string): Caller {
  const caller = requireCaller(ctx);
  const target = domain ?? caller.user.domain;
  const allowed =
    caller.user.isAdmin && (caller.user.domain === target || caller.user.domain === DEFAULT_DOMAIN);
  if (!allowed) throw new ForbiddenError('Only an administrator of this domain may do this');
  return caller;
}
