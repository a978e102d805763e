import type { RequestContext } from '../../context';
import type { RateLimits } from '../../ratelimit/rate-limits';
import { SessionEntity, type UserEntity } from '../../db/entities';
import { DISPLAY_NAME_PATTERN } from '../../domain/rules';
import { BadInputError, ForbiddenError, type FieldError } from '../../errors/errors';
import { requireCaller } from '../access/caller';
import { userRef } from '../support/refs';
import type { ProfileInputData } from '../users/user-data';
import type { UserMutations } from '../users/user-mutations';
import type { UserReads } from '../users/user-reads';

const PROFILE_LIMITS: Record<keyof ProfileInputData, number> = {
  fullName: 150,
  firstName: 100,
  lastName: 100,
};

/** The list without `action`. */
export function without(actions: string[], action: string): string[] {
  return actions.filter((a) => a !== action);
}

/**
 * The user lifecycle on top of the user records: profile, state (enable, disable, unlock) and
 * required actions. Gateway-owned data is changed here for every backend; the profile, which the
 * directory owns, goes through the backend's write side.
 */
export class LifecycleService {
  constructor(
    private readonly reads: UserReads,
    private readonly mutations: UserMutations,
    private readonly limits: RateLimits,
  ) {}

  async updateUserProfile(
    ctx: RequestContext,
    name: string,
    input: ProfileInputData,
    expectedVersion?: number | null,
  ): Promise<UserEntity> {
    const user = await this.reads.getManaged(ctx, 'updateUserProfile', name);
    return this.applyProfile(ctx, user, input, expectedVersion, false);
  }

  /** The caller's own profile; completes UPDATE_PROFILE. */
  async updateMyProfile(ctx: RequestContext, input: ProfileInputData): Promise<UserEntity> {
    const caller = requireCaller(ctx, 'self-service');
    return this.applyProfile(ctx, caller.user, input, null, true);
  }

  private async applyProfile(
    ctx: RequestContext,
    found: UserEntity,
    input: ProfileInputData,
    expectedVersion: number | null | undefined,
    completesAction: boolean,
  ): Promise<UserEntity> {
    const errors: FieldError[] = [];
    for (const key of Object.keys(PROFILE_LIMITS) as (keyof ProfileInputData)[]) {
      const value = input[key];
      if (value === undefined || value === null) continue;
      if (value.length > PROFILE_LIMITS[key] || !DISPLAY_NAME_PATTERN.test(value)) {
        errors.push({
          field: key,
          message: `must be at most ${PROFILE_LIMITS[key]} characters with no control characters`,
        });
      }
    }
    if (errors.length) throw new BadInputError(errors);
    const writer = this.mutations.writerFor(found);
    return this.mutations.mutateFound(ctx, found, expectedVersion, async (tx, user) => {
      const profile: ProfileInputData = {};
      for (const key of Object.keys(PROFILE_LIMITS) as (keyof ProfileInputData)[]) {
        if (input[key] !== undefined) profile[key] = input[key] || null;
      }
      await writer.writeUser(tx, { op: 'update', user: userRef(user), patch: { profile } });
      if (profile.fullName !== undefined) user.fullName = profile.fullName;
      if (profile.firstName !== undefined) user.firstName = profile.firstName;
      if (profile.lastName !== undefined) user.lastName = profile.lastName;
      if (completesAction) user.requiredActions = without(user.requiredActions, 'UPDATE_PROFILE');
    });
  }

  async enableUser(ctx: RequestContext, name: string): Promise<UserEntity> {
    return this.mutations.mutate(ctx, 'enableUser', name, null, async (_tx, user) => {
      user.disabled = false;
    });
  }

  /** Disables a user and ends every session and token it has, in one transaction. */
  async disableUser(ctx: RequestContext, name: string): Promise<UserEntity> {
    return this.mutations.mutate(ctx, 'disableUser', name, null, async (tx, user) => {
      if (user.id === ctx.caller?.user.id) throw new ForbiddenError('You cannot disable yourself');
      user.disabled = true;
      await tx.em.nativeDelete(SessionEntity, { userId: user.id });
    });
  }

  /** Lifts a lock after failed logins, with the per-account login rate limit's block. */
  async unlockUser(ctx: RequestContext, name: string): Promise<UserEntity> {
    const unlocked = await this.mutations.mutate(ctx, 'unlockUser', name, null, async (_tx, user) => {
      user.lockedUntil = null;
      user.failedLoginCount = 0;
      user.failureWindowStart = null;
    });
    await this.limits.clearAccount(unlocked.domain, unlocked.name);
    return unlocked;
  }

  async setRequiredActions(ctx: RequestContext, name: string, actions: string[]): Promise<UserEntity> {
    return this.mutations.mutate(ctx, 'setRequiredActions', name, null, async (_tx, user) => {
      user.requiredActions = [...new Set(actions)];
    });
  }
}
