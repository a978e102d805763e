import { randomUUID } from 'node:crypto';
import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { ExternalIdentity } from '../../../backends/capabilities';
import type { BackendContext } from '../../../backends/types';
import { GroupEntity, GroupMemberEntity, UserEntity } from '../../db/entities';
import { runQuery } from '../../db/query';
import { emailKey, nameKey } from '../../domain/names';
import { isValidName } from '../../domain/rules';
import { ConflictError, UnauthenticatedError } from '../../errors/errors';
import type { BackendSet } from '../support/backend-set';

export interface ProvisionOptions {
  /** Set `lastLoginAt` to this moment (a browser login, or a newer access token). */
  loginAt?: Date | null;
}

/**
 * Keeps the gateway records of an external backend's users (SSO today) in step with what the
 * provider says: creates the user on first sight, refreshes the directory-owned fields from the
 * claims, and makes the user's membership in that backend's groups what the groups claim says
 * (creating missing groups of that backend). Gateway-owned data is never touched here.
 */
export class ProvisioningService {
  constructor(private readonly backends: BackendSet) {}

  /**
   * Creates or refreshes the user in one transaction and returns the fresh record. A new user whose
   * name is taken in the domain is CONFLICT / NAME_TAKEN: an external login never takes over an
   * existing account. Parallel first logins of one user are safe (the loser retries and updates).
   */
  async provision(
    ctx: BackendContext,
    backendId: string,
    identity: ExternalIdentity,
    options: ProvisionOptions = {},
  ): Promise<UserEntity> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await ctx.em.transactional(
          (em: EntityManager) => this.apply({ ...ctx, em }, em, backendId, identity, options),
          { clear: true },
        );
      } catch (error) {
        // A concurrent first use of the same identity (or a concurrent refresh of it): read again.
        if (
          (error instanceof UniqueConstraintViolationException || error instanceof OptimisticLockError) &&
          attempt < 2
        ) {
          continue;
        }
        if (error instanceof OptimisticLockError) throw error;
        if (error instanceof UniqueConstraintViolationException) {
          throw new ConflictError('NAME_TAKEN', 'The user or one of its groups clashes with an existing one');
        }
        throw error;
      }
    }
  }

  private async apply(
    ctx: BackendContext,
    em: EntityManager,
    backendId: string,
    identity: ExternalIdentity,
    options: ProvisionOptions,
  ): Promise<UserEntity> {
    const domain = this.backends.domainOfBackend(backendId)!;
    const now = new Date();
    let user = await em.findOne(UserEntity, { backendId, externalId: identity.externalId });
    let changed = false;
    const set = <K extends keyof UserEntity>(target: UserEntity, key: K, value: UserEntity[K]) => {
      if (target[key] !== value) {
        target[key] = value;
        changed = true;
      }
    };

    if (!user) {
      const name = identity.name ?? (isValidName(identity.externalId) ? identity.externalId : undefined);
      if (!name) {
        ctx.log.warn({ backend: backendId }, 'an external user has no usable name claim');
        throw new UnauthenticatedError('The provider sent no usable user name');
      }
      if (await this.nameTaken(em, domain, name, null)) {
        ctx.log.warn({ backend: backendId, name }, 'an external user clashes with an existing user name');
        throw new ConflictError('NAME_TAKEN', `The name "${name}" is already taken by another user`);
      }
      user = em.create(UserEntity, {
        id: randomUUID(),
        domain,
        backendId,
        externalId: identity.externalId,
        userType: 'USER',
        name,
        nameKey: nameKey(name),
        displayName: name,
        externalIds: identity.externalIds,
        pending: false,
        createdAt: now,
        updatedAt: now,
      });
      changed = true;
    } else if (identity.name !== undefined && identity.name !== user.name) {
      if (await this.nameTaken(em, domain, identity.name, user.id)) {
        ctx.log.warn(
          { backend: backendId, name: identity.name },
          'the provider renamed a user to a name another user has; the old name is kept',
        );
      } else {
        set(user, 'name', identity.name);
        set(user, 'nameKey', nameKey(identity.name));
      }
    }

    const complete = identity.complete;
    const pickValue = <T>(value: T | undefined, current: T, cleared: T): T =>
      value !== undefined ? value : complete ? cleared : current;

    set(user, 'displayName', pickValue(identity.displayName, user.displayName, user.name));
    const email = pickValue(identity.email, user.email, null);
    if (email !== user.email) {
      if (email && (await this.emailTaken(em, domain, email, user.id))) {
        ctx.log.warn(
          { backend: backendId, user: user.name },
          'the provider sent an email address another user has; the previous one is kept',
        );
      } else {
        set(user, 'email', email);
        set(user, 'emailKey', email ? emailKey(email) : null);
      }
    }
    // The provider's verified flag speaks of the address it sent: only for that address is it taken.
    const sameAddress = !!user.email && emailKey(user.email) === emailKey(email ?? '');
    set(
      user,
      'emailVerified',
      sameAddress
        ? pickValue(identity.emailVerified, user.emailVerified, false)
        : user.email
          ? user.emailVerified
          : false,
    );
    set(user, 'firstName', pickValue(identity.profile.firstName, user.firstName, null));
    set(user, 'lastName', pickValue(identity.profile.lastName, user.lastName, null));
    set(user, 'fullName', pickValue(identity.profile.fullName, user.fullName, null));
    if (JSON.stringify(user.externalIds) !== JSON.stringify(identity.externalIds)) {
      user.externalIds = identity.externalIds;
      changed = true;
    }
    em.persist(user);

    if (identity.groups !== undefined) {
      if (await this.syncGroups(ctx, em, domain, backendId, user.id, identity.groups)) changed = true;
    }
    if (changed) user.updatedAt = now;
    await em.flush();
    if (options.loginAt) await this.recordLogin(em, user, options.loginAt);
    return user;
  }

  /**
   * Keeps the login time: bookkeeping, not a change of the user (one UPDATE, no new version), and
   * never moved backwards by an older token.
   */
  private async recordLogin(em: EntityManager, user: UserEntity, at: Date): Promise<void> {
    if (user.lastLoginAt && user.lastLoginAt >= at) return;
    const platform = em.getPlatform();
    const knex = em.getKnex();
    const when = platform.processDateProperty(at) as never;
    await runQuery(
      em,
      knex('users')
        .where('id', user.id)
        .andWhere((q) => q.whereNull('last_login_at').orWhere('last_login_at', '<', when))
        .update({ last_login_at: when }),
    );
    // The transaction's entity manager is done with this row: the new time is set in memory only.
    user.lastLoginAt = at;
  }

  /** Makes the user's membership in `backendId`'s groups exactly `groups`; true when it changed. */
  private async syncGroups(
    ctx: BackendContext,
    em: EntityManager,
    domain: string,
    backendId: string,
    userId: string,
    groups: NonNullable<ExternalIdentity['groups']>,
  ): Promise<boolean> {
    const keys = groups.map((g) => nameKey(g.name));
    const existing = keys.length ? await em.find(GroupEntity, { domain, nameKey: { $in: keys } }) : [];
    const byKey = new Map(existing.map((g) => [g.nameKey, g]));
    const target = new Set<string>();
    for (const group of groups) {
      const key = nameKey(group.name);
      const found = byKey.get(key);
      if (found && found.backendId !== backendId) {
        // Never join a group another backend owns just because the names match.
        ctx.log.warn(
          { backend: backendId, group: group.name, owner: found.backendId },
          "a group from the provider has the name of another backend's group and was skipped",
        );
        continue;
      }
      if (found) {
        target.add(found.id);
        continue;
      }
      const created = em.create(GroupEntity, {
        id: randomUUID(),
        domain,
        backendId,
        externalId: group.displayName.slice(0, 255),
        name: group.name,
        nameKey: key,
        displayName: group.displayName,
        createdAt: new Date(),
      });
      em.persist(created);
      byKey.set(key, created);
      target.add(created.id);
    }
    const memberships = await em.find(GroupMemberEntity, { userId });
    const memberOf = memberships.length
      ? await em.find(GroupEntity, { id: { $in: memberships.map((m) => m.groupId) }, backendId })
      : [];
    const current = new Set(memberOf.map((g) => g.id));
    const added = [...target].filter((id) => !current.has(id));
    const removed = [...current].filter((id) => !target.has(id));
    if (removed.length) await em.nativeDelete(GroupMemberEntity, { userId, groupId: { $in: removed } });
    for (const groupId of added) em.persist(em.create(GroupMemberEntity, { groupId, userId }));
    return added.length > 0 || removed.length > 0;
  }

  private async nameTaken(em: EntityManager, domain: string, name: string, selfId: string | null) {
    const other = await em.findOne(UserEntity, { domain, nameKey: nameKey(name) }, { fields: ['id'] });
    return !!other && other.id !== selfId;
  }

  private async emailTaken(em: EntityManager, domain: string, email: string, selfId: string) {
    const other = await em.findOne(UserEntity, { domain, emailKey: emailKey(email) }, { fields: ['id'] });
    return !!other && other.id !== selfId;
  }
}
