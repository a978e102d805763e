import { randomBytes } from 'node:crypto';
import { canCheckPasswords } from '../../../backends/capabilities';
import { passwordProblem, passwordSizeProblem } from '../../auth/password-policy';
import type { AppConfig } from '../../config';
import type { RequestContext } from '../../context';
import { SessionEntity, type UserEntity } from '../../db/entities';
import { userState } from '../../domain/user-state';
import { BadInputError, ReadOnlyBackendError } from '../../errors/errors';
import { requireCaller } from '../access/caller';
import type { RateLimits } from '../../ratelimit/rate-limits';
import type { Lockout } from '../auth/lockout';
import { userRef } from '../support/refs';
import type { UserMutations } from '../users/user-mutations';
import type { UserReads } from '../users/user-reads';
import { without } from './lifecycle.service';
import type { MailService } from './mail.service';

/** Passwords: the caller's own change, and an admin's reset to a temporary one. */
export class PasswordService {
  constructor(
    private readonly config: AppConfig,
    private readonly reads: UserReads,
    private readonly mutations: UserMutations,
    private readonly lockout: Lockout,
    private readonly mail: MailService,
    private readonly limits: RateLimits,
  ) {}

  /** Checks the old password, sets the new one, completes UPDATE_PASSWORD and ends the caller's other sessions. */
  async changeMyPassword(ctx: RequestContext, oldPassword: string, newPassword: string): Promise<UserEntity> {
    const caller = requireCaller(ctx, 'self-service');
    const size = passwordSizeProblem(oldPassword);
    if (size) throw new BadInputError([{ field: 'oldPassword', message: size }]);
    const backend = this.reads.backendOf(caller.user);
    if (!canCheckPasswords(backend)) throw new ReadOnlyBackendError(backend.id);
    const writer = this.mutations.writerFor(caller.user);
    // Guesses of the old password count like failed logins, and a locked user cannot guess on.
    const locked = userState(caller.user) === 'LOCKED';
    const ok = !locked && (await backend.verifyPassword(ctx, userRef(caller.user), oldPassword));
    if (!ok) {
      if (!locked) await this.lockout.recordFailure(ctx, caller.user.id);
      throw new BadInputError([{ field: 'oldPassword', message: 'is not your current password' }]);
    }
    const problem =
      newPassword === oldPassword
        ? 'must differ from the current password'
        : passwordProblem(this.config.passwordPolicy, newPassword, caller.user.name);
    if (problem) throw new BadInputError([{ field: 'newPassword', message: problem }]);
    return this.mutations.mutateFound(ctx, caller.user, null, async (tx, user) => {
      await writer.writeUser(tx, { op: 'setPassword', user: userRef(user), password: newPassword });
      user.requiredActions = without(user.requiredActions, 'UPDATE_PASSWORD');
      user.pending = false;
      await tx.em.nativeDelete(SessionEntity, { userId: user.id, id: { $ne: caller.session.id } });
    });
  }

  /**
   * Sets a random temporary password, adds UPDATE_PASSWORD and ends every session of the user. The
   * password is returned once, or mailed (then null is returned) when `sendEmail`.
   */
  async resetPassword(
    ctx: RequestContext,
    name: string,
    sendEmail: boolean,
  ): Promise<{ user: UserEntity; temporaryPassword: string | null }> {
    const found = await this.reads.getManaged(ctx, 'resetPassword', name);
    const writer = this.mutations.writerFor(found);
    await this.limits.beforeResetPassword(ctx.ipAddress, found.domain, found.name);
    if (sendEmail && !found.email) {
      throw new BadInputError([{ field: 'sendEmail', message: 'the user has no email address' }]);
    }
    const length = Math.max(20, this.config.passwordPolicy.minLength);
    const temporary = randomBytes(length).toString('base64url').slice(0, length);
    const user = await this.mutations.mutateFound(ctx, found, null, async (tx, u) => {
      if (!u.requiredActions.includes('UPDATE_PASSWORD'))
        u.requiredActions = [...u.requiredActions, 'UPDATE_PASSWORD'];
      u.pending = false;
      await tx.em.nativeDelete(SessionEntity, { userId: u.id });
      // The mail goes first: when it cannot be sent, the password (which may live in a directory that
      // a rollback cannot reach) stays as it was.
      if (sendEmail) {
        await this.mail.send(tx, {
          domain: u.domain,
          to: u.email!,
          subject: 'Your temporary password',
          text: `Hello ${u.displayName},\n\nan administrator reset your password. Your temporary password is:\n\n${temporary}\n\nYou will be asked to choose a new one when you log in.\n`,
        });
      }
      await writer.writeUser(tx, { op: 'setPassword', user: userRef(u), password: temporary });
    });
    return { user, temporaryPassword: sendEmail ? null : temporary };
  }
}
