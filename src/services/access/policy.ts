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
  | 'readAudit'
  | 'readUserSettings'
  | 'readUserSessions'
  | 'createUser'
  | 'importUsers'
  | 'updateUser'
  | 'updateUserProfile'
  | 'updateUserSettings'
  | 'deleteUser'
  | 'enableUser'
  | 'disableUser'
  | 'unlockUser'
  | 'setUserGroups'
  | 'setUserRoles'
  | 'setRequiredActions'
  | 'resetPassword'
  | 'resetUserMfa'
  | 'sendEmailVerification'
  | 'revokeUserSessions'
  | 'revokeSession'
  | 'createGroup'
  | 'updateGroup'
  | 'deleteGroup'
  | 'createServiceAccount'
  | 'rotateServiceAccountToken'
  | 'syncUsers';

/** What an action is done to: a domain, and within it possibly one user. */
export interface Target {
  domain: string;
  user?: Pick<UserEntity, 'roles'>;
}

/** The reads an AUDITOR has: everything of its domain but the mail outbox (it holds codes). */
const AUDITOR_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  'readUsers',
  'readGroups',
  'readStats',
  'readAudit',
  'readUserSettings',
  'readUserSessions',
]);

/** HELPDESK: reads of users and groups, and account care of users that hold no role. */
const HELPDESK_READS: ReadonlySet<Action> = new Set<Action>([
  'readUsers',
  'readGroups',
  'readUserSettings',
  'readUserSessions',
]);
const HELPDESK_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  'enableUser',
  'disableUser',
  'unlockUser',
  'resetPassword',
  'sendEmailVerification',
  'revokeUserSessions',
  'revokeSession',
  'setRequiredActions',
  'resetUserMfa',
]);

/** USER_MANAGER: all of HELPDESK and the management of users and groups, on users without ADMIN. */
const USER_MANAGER_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  ...HELPDESK_ACTIONS,
  'createUser',
  'importUsers',
  'updateUser',
  'updateUserProfile',
  'updateUserSettings',
  'deleteUser',
  'setUserGroups',
  'createGroup',
  'updateGroup',
  'deleteGroup',
]);

/**
 * Who may do what, decided in one place: every service method that acts on others asks
 * `authorize` (or `allows`, for `editableFields`), with the caller, the action and the target.
 * The roles (docs/admin.md, "Roles"): ADMIN may do everything in its own domain (an ADMIN of the
 * system domain in every domain); USER_MANAGER manages users without ADMIN and groups; HELPDESK cares
 * for accounts of users without roles; AUDITOR reads. A target without `user` asks whether the caller
 * may do the action to some user of the domain at all.
 */
export class AccessPolicy {
  constructor(private readonly backends: BackendSet) {}

  /** True when `caller` may do `action` to `target`. */
  allows(caller: Caller, action: Action, target: Target): boolean {
    const user = caller.user;
    const roles = user.roles ?? [];
    if (roles.includes('ADMIN') && (user.domain === target.domain || user.domain === DEFAULT_DOMAIN)) {
      return true;
    }
    if (user.domain !== target.domain) return false;
    const targetRoles = target.user?.roles ?? [];
    if (roles.includes('USER_MANAGER')) {
      if (HELPDESK_READS.has(action)) return true;
      if (USER_MANAGER_ACTIONS.has(action) && !targetRoles.includes('ADMIN')) return true;
    }
    if (roles.includes('HELPDESK')) {
      if (HELPDESK_READS.has(action)) return true;
      if (HELPDESK_ACTIONS.has(action) && targetRoles.length === 0) return true;
    }
    if (roles.includes('AUDITOR') && AUDITOR_ACTIONS.has(action)) return true;
    return false;
  }

  /** The caller, when it may do `action` to `target`; FORBIDDEN / NOT_ALLOWED otherwise. */
  authorize(ctx: RequestContext, action: Action, target: Target): Caller {
    const caller = requireCaller(ctx);
    if (!this.allows(caller, action, target)) {
      throw new ForbiddenError('Your roles do not allow this here');
    }
    return caller;
  }

  /** `authorize` in the caller's own domain (for operations that take no domain). */
  authorizeHere(ctx: RequestContext, action: Action): Caller {
    return this.authorize(ctx, action, { domain: requireCaller(ctx).user.domain });
  }

  /** True when the caller is an ADMIN of the system domain (may name other domains). */
  isSystemAdmin(caller: Caller): boolean {
    return (caller.user.roles ?? []).includes('ADMIN') && caller.user.domain === DEFAULT_DOMAIN;
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
