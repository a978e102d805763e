import type { Caller, RequestContext } from '../../context';
import { ForbiddenError, UnauthenticatedError } from '../../errors/errors';

/**
 * Required actions a user can complete through the API itself. While one is pending the user may
 * only use the self-service operations (see docs/api.md, "Required actions"); CONFIGURE_TOTP and
 * ACCEPT_TERMS are completed in the frontend and only reported.
 */
export const BLOCKING_ACTIONS = ['UPDATE_PASSWORD', 'VERIFY_EMAIL', 'UPDATE_PROFILE'];

/** The caller, or UNAUTHENTICATED. Does not look at required actions: for field resolvers. */
export function currentCaller(ctx: RequestContext): Caller {
  if (!ctx.caller)
    throw new UnauthenticatedError(ctx.badToken ? 'Invalid or expired token' : 'Authentication required');
  return ctx.caller;
}

/**
 * The caller of an operation. `self-service` operations (me, logout, completing a required action,
 * one's own settings and sessions) are open to a caller with pending required actions; every other
 * operation answers FORBIDDEN until they are done.
 */
export function requireCaller(ctx: RequestContext, scope: 'any' | 'self-service' = 'any'): Caller {
  const caller = currentCaller(ctx);
  if (scope === 'any') {
    const pending = caller.user.requiredActions.filter((a) => BLOCKING_ACTIONS.includes(a));
    if (pending.length) {
      throw new ForbiddenError(`Complete your required actions first: ${pending.join(', ')}`, {
        requiredActions: pending,
      });
    }
  }
  return caller;
}
