import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { raw } from '@mikro-orm/core';
import { canCheckPasswords, canWrite } from '../../backends/types';
import { passwordProblem } from '../auth/password-policy';
import { DEFAULT_DOMAIN, type AppConfig } from '../config';
import type { RequestContext } from '../context';
import { EmailVerificationEntity, MailOutboxEntity, SessionEntity, UserEntity } from '../db/entities';
import {
  BadInputError,
  ForbiddenError,
  RateLimitedError,
  ReadOnlyBackendError,
  type FieldError,
} from '../errors/errors';
import type { BackendSet } from './backend-set';
import { requireAdmin, requireCaller, resolveDomain } from './access';
import type { MailService } from './mail.service';
import { checkFirst } from './pagination';
import { DISPLAY_NAME_PATTERN } from './rules';
import { userRef, type ProfileInputData, type UserService } from './user.service';
import { sqlStateCase, userState } from './user-state';
import { runQuery } from '../db/query';
import type { RateLimits } from '../ratelimit/rate-limits';

const PROFILE_LIMITS: Record<keyof ProfileInputData, number> = {
  fullName: 150,
  firstName: 100,
  lastName: 100,
};

export interface UserStatsView {
  total: number;
  byState: { key: string; count: number }[];
  byBackend: { key: string; count: number }[];
  byUserType: { key: string; count: number }[];
}

function without(actions: string[], action: string): string[] {
  return actions.filter((a) => a !== action);
}

function codeHash(salt: string, code: string): string {
  return createHash('sha256').update(`${salt}:${code}`).digest('hex');
}

/**
 * The user lifecycle on top of the user records: profile, state (enable, disable, unlock), required
 * actions, passwords, email verification and statistics. Gateway-owned data is changed here for every
 * backend; directory-owned data (profile, password, email) goes through the backend's writer.
 */
export class AccountService {
  constructor(
    private readonly config: AppConfig,
    private readonly backends: BackendSet,
    private readonly users: UserService,
    private readonly mail: MailService,
    private readonly limits: RateLimits,
  ) {}

  // ----- profile -----

  async updateUserProfile(
    ctx: RequestContext,
    name: string,
    input: ProfileInputData,
    expectedVersion?: number | null,
  ) {
    const user = await this.users.getManaged(ctx, name);
    return this.applyProfile(ctx, user, input, expectedVersion, false);
  }

  /** The caller's own profile; completes UPDATE_PROFILE. */
  async updateMyProfile(ctx: RequestContext, input: ProfileInputData) {
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
    const writer = this.users.writableBackendOf(found);
    return this.users.mutateFound(ctx, found, expectedVersion, async (tx, user) => {
      const profile: ProfileInputData = {};
      for (const key of Object.keys(PROFILE_LIMITS) as (keyof ProfileInputData)[]) {
        if (input[key] !== undefined) profile[key] = input[key] || null;
      }
      await writer.updateUser(tx, userRef(user), { profile });
      if (profile.fullName !== undefined) user.fullName = profile.fullName;
      if (profile.firstName !== undefined) user.firstName = profile.firstName;
      if (profile.lastName !== undefined) user.lastName = profile.lastName;
      if (completesAction) user.requiredActions = without(user.requiredActions, 'UPDATE_PROFILE');
    });
  }

  // ----- state -----

  async enableUser(ctx: RequestContext, name: string): Promise<UserEntity> {
    return this.users.mutate(ctx, name, null, async (_tx, user) => {
      user.disabled = false;
    });
  }

  /** Disables a user and ends every session and token it has, in one transaction. */
  async disableUser(ctx: RequestContext, name: string): Promise<UserEntity> {
    const caller = requireAdmin(ctx);
    return this.users.mutate(ctx, name, null, async (tx, user) => {
      if (user.id === caller.user.id) throw new ForbiddenError('You cannot disable yourself');
      user.disabled = true;
      await tx.em.nativeDelete(SessionEntity, { userId: user.id });
    });
  }

  async unlockUser(ctx: RequestContext, name: string): Promise<UserEntity> {
    const unlocked = await this.users.mutate(ctx, name, null, async (_tx, user) => {
      user.lockedUntil = null;
      user.failedLoginCount = 0;
      user.failureWindowStart = null;
    });
    await this.limits.clearAccount(unlocked.domain, unlocked.name); // rate limits: the login backoff too
    return unlocked;
  }

  async setRequiredActions(ctx: RequestContext, name: string, actions: string[]): Promise<UserEntity> {
    return this.users.mutate(ctx, name, null, async (_tx, user) => {
      user.requiredActions = [...new Set(actions)];
    });
  }

  // ----- passwords -----

  /** Checks the old password, sets the new one, completes UPDATE_PASSWORD and ends the caller's other sessions. */
  async changeMyPassword(ctx: RequestContext, oldPassword: string, newPassword: string): Promise<UserEntity> {
    const caller = requireCaller(ctx, 'self-service');
    const backend = this.users.backendOf(caller.user);
    if (!canWrite(backend) || !canCheckPasswords(backend)) throw new ReadOnlyBackendError(backend.id);
    // Guesses of the old password count like failed logins, and a locked user cannot guess on.
    const locked = userState(caller.user) === 'LOCKED';
    const ok = !locked && (await backend.verifyPassword(ctx, userRef(caller.user), oldPassword));
    if (!ok) {
      if (!locked) await ctx.services.auth.recordFailure(ctx, caller.user.id);
      throw new BadInputError([{ field: 'oldPassword', message: 'is not your current password' }]);
    }
    const problem =
      newPassword === oldPassword
        ? 'must differ from the current password'
        : passwordProblem(this.config.passwordPolicy, newPassword, caller.user.name);
    if (problem) throw new BadInputError([{ field: 'newPassword', message: problem }]);
    return this.users.mutateFound(ctx, caller.user, null, async (tx, user) => {
      await backend.setPassword(tx, userRef(user), newPassword);
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
    const found = await this.users.getManaged(ctx, name);
    const backend = this.users.writableBackendOf(found);
    await this.limits.beforeResetPassword(ctx.ipAddress, found.domain, found.name); // RATE_LIMITED
    if (sendEmail && !found.email) {
      throw new BadInputError([{ field: 'sendEmail', message: 'the user has no email address' }]);
    }
    const length = Math.max(20, this.config.passwordPolicy.minLength);
    const temporary = randomBytes(length).toString('base64url').slice(0, length);
    const user = await this.users.mutateFound(ctx, found, null, async (tx, u) => {
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
      await backend.setPassword(tx, userRef(u), temporary);
    });
    return { user, temporaryPassword: sendEmail ? null : temporary };
  }

  // ----- email verification -----

  /**
   * Mails a 6-digit code to the user's email (first changing the email when one is given). Open to
   * the user itself and its admins. Answers false when the email is already verified and not `force`.
   */
  async sendEmailVerification(
    ctx: RequestContext,
    name: string,
    email: string | null | undefined,
    force: boolean,
  ): Promise<boolean> {
    const caller = requireCaller(ctx, 'self-service');
    const found =
      caller.user.nameKey === name.toLowerCase() ? caller.user : await this.users.getManaged(ctx, name);
    const settings = this.config.emailVerification;
    const existing = await ctx.em.findOne(EmailVerificationEntity, { userId: found.id });
    if (existing) {
      const wait = Math.ceil(
        (existing.sentAt.getTime() + settings.resendIntervalSeconds * 1000 - Date.now()) / 1000,
      );
      if (wait > 0) throw new RateLimitedError(wait);
    }
    await this.limits.beforeSendEmailVerification(ctx.ipAddress, found.domain, found.name); // RATE_LIMITED
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const salt = randomBytes(16).toString('hex');
    let sent = false;
    await this.users.mutateFound(ctx, found, null, async (tx, user) => {
      if (email !== undefined && email !== null && email.toLowerCase() !== user.emailKey) {
        await this.users.changeEmail(tx, user, email);
      }
      if (!user.email)
        throw new BadInputError([{ field: 'email', message: 'the user has no email address' }]);
      if (user.emailVerified && !force) return;
      const now = new Date();
      await tx.em.nativeDelete(EmailVerificationEntity, { userId: user.id });
      tx.em.persist(
        tx.em.create(EmailVerificationEntity, {
          userId: user.id,
          email: user.email,
          codeHash: codeHash(salt, code),
          salt,
          attempts: 0,
          sentAt: now,
          expiresAt: new Date(now.getTime() + settings.codeTtlSeconds * 1000),
        }),
      );
      await this.mail.send(tx, {
        domain: user.domain,
        to: user.email,
        subject: 'Your verification code',
        text: `Hello ${user.displayName},\n\nyour email verification code is ${code}.\nIt is valid for ${Math.round(settings.codeTtlSeconds / 60)} minutes.\n`,
      });
      sent = true;
    });
    return sent;
  }

  /**
   * Checks a code; needs no token. A wrong, expired, used-up or unknown code (or user) gets the same
   * BAD_USER_INPUT; after `maxAttempts` wrong tries the code is dead.
   */
  async confirmEmail(ctx: RequestContext, name: string, code: string, domainArg: string | null | undefined) {
    const domain = domainArg ?? ctx.caller?.user.domain ?? DEFAULT_DOMAIN;
    const refused = new BadInputError([{ field: 'code', message: 'is wrong or has expired' }]);
    // Rate limits: refused here, before the code is looked at (RATE_LIMITED).
    const attempt = await this.limits.beforeConfirmEmail(ctx.ipAddress, domain, name);
    const user = this.backends.hasDomain(domain) ? await this.users.findByName(ctx, domain, name) : null;
    const row = user ? await ctx.em.findOne(EmailVerificationEntity, { userId: user.id }) : null;
    if (!user || !row) throw refused;
    if (row.expiresAt.getTime() <= Date.now() || row.email !== user.email) {
      await ctx.em.nativeDelete(EmailVerificationEntity, { userId: user.id });
      throw refused;
    }
    const expected = Buffer.from(row.codeHash, 'hex');
    const given = Buffer.from(codeHash(row.salt, code.trim()), 'hex');
    if (!timingSafeEqual(expected, given)) {
      // Count the try atomically; the code dies at the limit.
      await ctx.em.nativeUpdate(
        EmailVerificationEntity,
        { userId: user.id },
        { attempts: raw('attempts + 1') },
      );
      await ctx.em.nativeDelete(EmailVerificationEntity, {
        userId: user.id,
        attempts: { $gte: this.config.emailVerification.maxAttempts },
      });
      throw refused;
    }
    await attempt.succeeded(); // rate limits: a right code is not a failure
    return this.users.mutateFound(ctx, user, null, async (tx, u) => {
      const deleted = await tx.em.nativeDelete(EmailVerificationEntity, {
        userId: u.id,
        codeHash: row.codeHash,
      });
      if (!deleted) throw refused; // used by a concurrent confirmation, or killed by wrong tries
      u.emailVerified = true;
      u.requiredActions = without(u.requiredActions, 'VERIFY_EMAIL');
    });
  }

  // ----- statistics and outbox -----

  /** Counts computed in the database (three grouped statements), never by loading users. */
  async userStats(ctx: RequestContext, domainArg: string | null | undefined): Promise<UserStatsView> {
    const domain = resolveDomain(ctx, domainArg);
    requireAdmin(ctx, domain);
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
    const caller = requireAdmin(ctx);
    return ctx.em.find(
      MailOutboxEntity,
      { domain: caller.user.domain },
      { orderBy: { createdAt: 'desc', id: 'asc' }, limit: checkFirst(first) },
    );
  }
}
