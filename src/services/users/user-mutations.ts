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
import { changes, type AuditTrail } from '../audit/audit-trail';

/**
 * A change to one user, run by `UserMutations.mutate` inside its transaction on the locked row. It may
 * return more facts for its audit event (e.g. the groups joined), beside the changed fields.
 */
export type UserChange = (tx: RequestContext, user: UserEntity) => Promise<void | Record<string, unknown>>;

/** The user fields an audit event shows with old and new values (no secret is among them). */
export const AUDITED_USER_FIELDS = [
  'name',
  'displayName',
  'email',
  'emailVerified',
  'mobile',
  'fullName',
  'firstName',
  'lastName',
  'attributes',
  'isAdmin',
  'roles',
  'disabled',
  'requiredActions',
  'validityBegin',
  'validityEnd',
  'lockedUntil',
  'failedLoginCount',
] as const satisfies readonly (keyof UserEntity)[];

/** A copy of the audited fields of a user, taken before a change. */
export function auditSnapshot(user: UserEntity): Partial<UserEntity> {
  const copy: Partial<Record<keyof UserEntity, unknown>> = {};
  for (const f of AUDITED_USER_FIELDS) copy[f] = structuredClone(user[f]);
  return copy as Partial<UserEntity>;
}

/**
 * The audited fields of a user that is created (`{ old: null, new }`) or deleted (`{ old, new: null }`),
 * leaving out those that are empty (null, false, [], {}).
 */
export function wholeUserChanges(
  user: UserEntity,
  gone: boolean,
): Record<string, { old: unknown; new: unknown }> {
  const out: Record<string, { old: unknown; new: unknown }> = {};
  for (const f of AUDITED_USER_FIELDS) {
    const v = user[f] as unknown;
    const empty =
      v === null ||
      v === undefined ||
      v === false ||
      v === 0 ||
      (Array.isArray(v) && !v.length) ||
      (typeof v === 'object' && !(v instanceof Date) && !Object.keys(v as object).length);
    if (!empty) out[f] = gone ? { old: v, new: null } : { old: null, new: v };
  }
  return out;
}

/** The audit event of a change to `user`: its changed fields (old and new) and `extra`. */
export async function recordUserChange(
  audit: AuditTrail,
  tx: RequestContext,
  action: string,
  before: Partial<UserEntity>,
  user: UserEntity,
  extra?: Record<string, unknown>,
): Promise<void> {
  await audit.record(tx, {
    action,
    domain: user.domain,
    targetType: 'User',
    targetId: user.id,
    targetName: user.name,
    details: { changes: changes(before, user, AUDITED_USER_FIELDS), ...extra },
  });
}

/**
 * How every change to a user record runs: in one transaction, on the row locked for it, checked
 * against `expectedVersion` when the caller passed one, and counted as one new version.
 */
export class UserMutations {
  constructor(
    private readonly backends: BackendSet,
    private readonly reads: UserReads,
    private readonly audit: AuditTrail,
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
    return this.mutateFound(
      ctx,
      await this.reads.getManaged(ctx, action, name),
      expectedVersion,
      change,
      action,
    );
  }

  /**
   * Changes a user the caller has already been allowed to change. The row is locked first, so that
   * concurrent changes queue rather than fail: only a caller who passed `expectedVersion` can get
   * VERSION_MISMATCH, and then before anything of its change reaches a directory. The change's audit
   * event (`action`, the fields changed) is written in the same transaction.
   */
  async mutateFound(
    ctx: RequestContext,
    found: UserEntity,
    expectedVersion: number | null | undefined,
    change: UserChange,
    action: string,
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
          const before = auditSnapshot(user);
          const extra = await change(tx, user);
          user.updatedAt = new Date();
          await tx.em.flush();
          await recordUserChange(this.audit, tx, action, before, user, extra ?? undefined);
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
