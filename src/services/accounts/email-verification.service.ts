import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { raw } from '@mikro-orm/core';
import { DEFAULT_DOMAIN, type AppConfig } from '../../config';
import type { RequestContext } from '../../context';
import { EmailVerificationEntity, type UserEntity } from '../../db/entities';
import { nameKey } from '../../domain/names';
import { BadInputError, RateLimitedError } from '../../errors/errors';
import { requireCaller } from '../access/caller';
import type { RateLimits } from '../../ratelimit/rate-limits';
import type { BackendSet } from '../support/backend-set';
import type { UserMutations } from '../users/user-mutations';
import type { UserReads } from '../users/user-reads';
import { without } from './lifecycle.service';
import type { MailService } from './mail.service';

function codeHash(salt: string, code: string): string {
  return createHash('sha256').update(`${salt}:${code}`).digest('hex');
}

/** Email verification: a 6-digit code mailed to the user, confirmed without a token. */
export class EmailVerificationService {
  constructor(
    private readonly config: AppConfig['emailVerification'],
    private readonly backends: BackendSet,
    private readonly reads: UserReads,
    private readonly mutations: UserMutations,
    private readonly mail: MailService,
    private readonly limits: RateLimits,
  ) {}

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
      caller.user.nameKey === nameKey(name)
        ? caller.user
        : await this.reads.getManaged(ctx, 'sendEmailVerification', name);
    const settings = this.config;
    const existing = await ctx.em.findOne(EmailVerificationEntity, { userId: found.id });
    if (existing) {
      const wait = Math.ceil(
        (existing.sentAt.getTime() + settings.resendIntervalSeconds * 1000 - Date.now()) / 1000,
      );
      if (wait > 0) throw new RateLimitedError(wait);
    }
    await this.limits.beforeSendEmailVerification(ctx.ipAddress, found.domain, found.name);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const salt = randomBytes(16).toString('hex');
    let sent = false;
    await this.mutations.mutateFound(ctx, found, null, async (tx, user) => {
      if (email !== undefined && email !== null && email.toLowerCase() !== user.emailKey) {
        await this.mutations.changeEmail(tx, user, email);
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
  async confirmEmail(
    ctx: RequestContext,
    name: string,
    code: string,
    domainArg: string | null | undefined,
  ): Promise<UserEntity> {
    const domain = domainArg ?? ctx.caller?.user.domain ?? DEFAULT_DOMAIN;
    const refused = new BadInputError([{ field: 'code', message: 'is wrong or has expired' }]);
    // Rate limits: refused here, before the code is looked at (RATE_LIMITED).
    const attempt = await this.limits.beforeConfirmEmail(ctx.ipAddress, domain, name);
    const user = this.backends.hasDomain(domain) ? await this.reads.findByName(ctx, domain, name) : null;
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
        attempts: { $gte: this.config.maxAttempts },
      });
      throw refused;
    }
    await attempt.succeeded(); // rate limits: a right code is not a failure
    return this.mutations.mutateFound(ctx, user, null, async (tx, u) => {
      const deleted = await tx.em.nativeDelete(EmailVerificationEntity, {
        userId: u.id,
        codeHash: row.codeHash,
      });
      if (!deleted) throw refused; // used by a concurrent confirmation, or killed by wrong tries
      u.emailVerified = true;
      u.requiredActions = without(u.requiredActions, 'VERIFY_EMAIL');
    });
  }
}
