import { DEFAULT_DOMAIN } from '../../config';
import type { Caller, RequestContext } from '../../context';
import type { UserEntity } from '../../db/entities';
import { ForbiddenError, NotFoundError } from '../../errors/errors';
import type { BackendSet } from '../support/backend-set';
import { requireCaller } from './caller';

/**
 * What a caller asks to do to users and groups of a domain, named after the API operation (reads by
 * what they read). Self-service operations (on oneself) are not actions: every caller may do them.
 */
export type Action =
  | 'readUsers'
  | 'readGroups'
  | 'readStats'
  | 'readOutbox'
  | 'readUserSettings'
  | 'readUserSessions'
  | 'createUser'
  | 'updateUser'
  | 'updateUserProfile'
  | 'updateUserSettings'
  | 'deleteUser'
  | 'enableUser'
  | 'disableUser'
  | 'unlockUser'
  | 'setUserGroups'
  | 'setRequiredActions'
  | 'resetPassword'
  | 'sendEmailVerification'
  | 'revokeUserSessions'
  | 'revokeSession'
  | 'createGroup'
  | 'deleteGroup'
  | 'createServiceAccount'
  | 'rotateServiceAccountToken'
  | 'syncUsers';

/** What an action is done to: a domain, and within it possibly one user. */
export interface Target {
  domain: string;
  user?: UserEntity;
}

/**
 * Who may do what, decided in one place: every service method that acts on others asks
 * `authorize` (or `allows`, for `editableFields`), with the caller, the action and the target.
 * Today an admin (`isAdmin`) may do everything in its own domain, and an admin of the system domain
 * in every domain; nobody else may act on others.
 */
export class AccessPolicy {
  constructor(private readonly backends: BackendSet) {}

  /** True when `caller` may do `action` to `target`. */
  allows(caller: Caller, _action: Action, target: Target): boolean {
    const user = caller.user;
    return user.isAdmin && (user.domain === target.domain || user.domain === DEFAULT_DOMAIN);
  }

  /** The caller, when it may do `action` to `target`; FORBIDDEN / NOT_ALLOWED otherwise. */
  authorize(ctx: RequestContext, action: Action, target: Target): Caller {
    const caller = requireCaller(ctx);
    if (!this.allows(caller, action, target)) {
      throw new ForbiddenError('Only an administrator of this domain may do this');
    }
    return caller;
  }

  /** `authorize` in the caller's own domain (for operations that take no domain). */
  authorizeHere(ctx: RequestContext, action: Action): Caller {
    return this.authorize(ctx, action, { domain: requireCaller(ctx).user.domain });
  }

  /** True when the caller is an admin of the system domain (may name other domains). */
  isSystemAdmin(caller: Caller): boolean {
    return caller.user.isAdmin && caller.user.domain === DEFAULT_DOMAIN;
  }

  /**
   * The domain a request acts in. Absent: the caller's own. Another domain may be named only by an
   * admin of the system domain; for anyone else another domain does not exist (NOT_FOUND).
   */
  resolveDomain(ctx: RequestContext, domain: string | null | undefined): string {
    const caller = requireCaller(ctx);
    if (domain === undefined || domain === null || domain === caller.user.domain) return caller.user.domain;
    if (!this.isSystemAdmin(caller) || !this.backends.hasDomain(domain)) throw new NotFoundError('domain');
    return domain;
  }
}
