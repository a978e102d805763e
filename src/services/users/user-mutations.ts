import { OptimisticLockError } from '@mikro-orm/core';
import { isEmail } from 'class-validator';
import type { DirectoryWriter } from '../../../backends/capabilities';
import type { IdentityBackend } from '../../../backends/types';
import type { RequestContext } from '../../context';
import { UserEntity } from '../../db/entities';
import { lockRow } from '../../db/query';
import { emailKey, nameKey } from '../../domain/names';
import { EMAIL_MAX } from '../../domain/rules';
import { BadInputError, ConflictError, NotFoundError, VersionMismatchError } from '../../errors/errors';
import type { Action } from '../access/policy';
import type { BackendSet } from '../support/backend-set';
import { userRef } from '../support/refs';
import { inTransaction } from '../support/transaction';
import { writerOf } from '../support/write-gate';
import type { UserReads } from './user-reads';

/** A change to one user, run by `UserMutations.mutate` inside its transaction on the locked row. */
export type UserChange = (tx: RequestContext, user: UserEntity) => Promise<void>;

/**
 * How every change to a user record runs: in one transaction, on the row locked for it, checked
 * against `expectedVersion` when the caller passed one, and counted as one new version.
 */
export class UserMutations {
  constructor(
    private readonly backends: BackendSet,
    private readonly reads: UserReads,
  ) {}

  /** The user's backend with its write side, or FORBIDDEN / READ_ONLY_BACKEND. */
  writerFor(user: UserEntity): IdentityBackend & DirectoryWriter {
    return writerOf(this.backends.get(user.backendId), user.backendId);
  }

  /** Finds a user the caller may do `action` to, then changes it as `mutateFound` does. */
  async mutate(
    ctx: RequestContext,
    action: Action,
    name: string,
    expectedVersion: number | null | undefined,
    change: UserChange,
  ): Promise<UserEntity> {
    return this.mutateFound(ctx, await this.reads.getManaged(ctx, action, name), expectedVersion, change);
  }

  /**
   * Changes a user the caller has already been allowed to change. The row is locked first, so that
   * concurrent changes queue rather than fail: only a caller who passed `expectedVersion` can get
   * VERSION_MISMATCH, and then before anything of its change reaches a directory.
   */
  async mutateFound(
    ctx: RequestContext,
    found: UserEntity,
    expectedVersion: number | null | undefined,
    change: UserChange,
  ): Promise<UserEntity> {
    const expected = expectedVersion ?? null;
    if (expected !== null && expected !== found.version) throw new VersionMismatchError(found.version);
    for (let attempt = 0; ; attempt++) {
      try {
        return await inTransaction(ctx, async (tx) => {
          await lockRow(tx.em, 'users', found.id);
          const user = await tx.em.findOne(UserEntity, { id: found.id });
          if (!user) throw new NotFoundError('user');
          if (expected !== null && user.version !== expected) throw new VersionMismatchError(user.version);
          await change(tx, user);
          user.updatedAt = new Date();
          await tx.em.flush();
          return user;
        });
      } catch (error) {
        // Only a writer that does not lock (a directory refresh) can move the version under the lock's
        // feet; a caller who named no version does not care: it runs again on the new one.
        if (!(error instanceof OptimisticLockError)) throw error;
        const current = await ctx.em.fork().findOne(UserEntity, { id: found.id });
        if (expected !== null || attempt >= 2)
          throw new VersionMismatchError(current?.version ?? found.version);
      }
    }
  }

  /** Changes a user's email through its backend (checked, unique in the domain); it is then unverified. */
  async changeEmail(tx: RequestContext, user: UserEntity, email: string): Promise<void> {
    if (email.length > EMAIL_MAX || !isEmail(email)) {
      throw new BadInputError([{ field: 'email', message: 'must be an email address' }]);
    }
    const writer = this.writerFor(user);
    await this.assertEmailFree(tx, user.domain, email, user.id);
    await writer.writeUser(tx, { op: 'update', user: userRef(user), patch: { email } });
    setEmail(user, email);
  }

  /** CONFLICT / NAME_TAKEN when the domain has a user of this name (any case). */
  async assertNameFree(ctx: RequestContext, domain: string, name: string): Promise<void> {
    const taken = await ctx.em.count(UserEntity, { domain, nameKey: nameKey(name) });
    if (taken) throw new ConflictError('NAME_TAKEN', `The name "${name}" is already taken`);
  }

  /** CONFLICT / EMAIL_TAKEN when another user of the domain has this address (any case). */
  async assertEmailFree(
    ctx: RequestContext,
    domain: string,
    email: string,
    selfId: string | null,
  ): Promise<void> {
    const other = await ctx.em.findOne(UserEntity, { domain, emailKey: emailKey(email) }, { fields: ['id'] });
    if (other && other.id !== selfId)
      throw new ConflictError('EMAIL_TAKEN', 'The email address is already taken');
  }
}

/** Sets a user's address (and its comparison key); a new address is not verified. */
export function setEmail(user: UserEntity, email: string | null): void {
  user.email = email;
  user.emailKey = email ? emailKey(email) : null;
  user.emailVerified = false;
}
