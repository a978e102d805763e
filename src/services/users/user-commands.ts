import { randomUUID } from 'node:crypto';
import type { UserPatch } from '../../../backends/capabilities';
import type { IdentityBackend } from '../../../backends/types';
import type { AppConfig } from '../../config';
import type { RequestContext } from '../../context';
import { GroupEntity, GroupMemberEntity, SessionEntity, UserEntity, UserTagEntity } from '../../db/entities';
import { emailKey, nameKey } from '../../domain/names';
import { BadInputError, ForbiddenError, NotFoundError, type FieldError } from '../../errors/errors';
import type { AccessPolicy } from '../access/policy';
import type { GroupLookup } from '../groups/group-lookup';
import type { BackendSet } from '../support/backend-set';
import { userRef } from '../support/refs';
import { inTransaction } from '../support/transaction';
import { writerOf } from '../support/write-gate';
import type { Memberships } from './memberships';
import type { CreateUserData, TagData, UpdateUserData } from './user-data';
import { setEmail, type UserMutations } from './user-mutations';
import type { UserReads } from './user-reads';
import { checkAttributes, checkNewUser, checkTags, checkValidity } from './user-validation';

/** Creating, changing and deleting users (`createUser`, `updateUser`, `deleteUser`). */
export class UserCommands {
  constructor(
    private readonly config: AppConfig,
    private readonly backends: BackendSet,
    private readonly policy: AccessPolicy,
    private readonly reads: UserReads,
    private readonly mutations: UserMutations,
    private readonly memberships: Memberships,
    private readonly groups: GroupLookup,
  ) {}

  /** The backend a new user goes to: the one named, or the domain's first writable one. */
  private targetBackend(domain: string, backendId: string | null | undefined): IdentityBackend {
    const backend = backendId
      ? this.backends.inDomain(domain, backendId)
      : (this.backends.defaultWritable(domain) ?? this.backends.ofDomain(domain)[0]);
    if (!backend) throw new NotFoundError('backend');
    return backend;
  }

  async createUser(ctx: RequestContext, input: CreateUserData): Promise<UserEntity> {
    const domain = this.policy.resolveDomain(ctx, input.domain);
    this.policy.authorize(ctx, 'createUser', { domain });
    const target = this.targetBackend(domain, input.backend);
    const writer = writerOf(target, target.id);
    const errors = checkNewUser(this.config.passwordPolicy, input);
    if (errors.length) throw new BadInputError(errors);

    return inTransaction(ctx, async (tx) => {
      await this.mutations.assertNameFree(tx, domain, input.name);
      if (input.email) await this.mutations.assertEmailFree(tx, domain, input.email, null);
      const groups = await this.groups.resolve(tx, domain, input.groups ?? [], 'groups');
      const userType = input.userType ?? 'USER';
      const now = new Date();
      const user = tx.em.create(UserEntity, {
        id: randomUUID(),
        domain,
        backendId: writer.id,
        externalId: null,
        userType,
        name: input.name,
        nameKey: nameKey(input.name),
        displayName: input.displayName ?? input.name,
        email: input.email ?? null,
        emailKey: input.email ? emailKey(input.email) : null,
        emailVerified: false,
        mobile: input.mobile ?? null,
        fullName: input.profile?.fullName ?? null,
        firstName: input.profile?.firstName ?? null,
        lastName: input.profile?.lastName ?? null,
        attributes: input.attributes ?? {},
        externalIds: [],
        isAdmin: input.isAdmin ?? false,
        disabled: false,
        pending: userType === 'USER' && !input.password,
        requiredActions: [...new Set(input.requiredActions ?? [])],
        validityBegin: input.validity?.begin ?? null,
        validityEnd: input.validity?.end ?? null,
        createdAt: now,
        updatedAt: now,
      });
      // Refused memberships are refused before the backend stores anything.
      this.memberships.check(user, groups);
      const created = await writer.writeUser(tx, {
        op: 'create',
        user: userRef(user),
        data: {
          name: user.name,
          displayName: user.displayName,
          email: user.email,
          mobile: user.mobile,
          profile: { fullName: user.fullName, firstName: user.firstName, lastName: user.lastName },
          attributes: user.attributes,
          password: input.password ?? null,
        },
      });
      user.externalId = created.externalId ?? null;
      user.externalIds = created.externalIds ?? [];
      try {
        tx.em.persist(user);
        this.persistTags(tx, user.id, input.tags ?? []);
        await tx.em.flush();
        await this.memberships.apply(tx, user, groups, []);
      } catch (error) {
        // The backend has stored the user already: take it out again, so nothing is left half-made.
        await writer
          .writeUser(tx, { op: 'delete', user: userRef(user) })
          .catch((e: unknown) =>
            tx.log.error(
              { err: e, user: user.name },
              'could not remove a half-created user from its backend',
            ),
          );
        throw error;
      }
      return user;
    });
  }

  async updateUser(
    ctx: RequestContext,
    name: string,
    input: UpdateUserData,
    expectedVersion: number | null | undefined,
  ): Promise<UserEntity> {
    const errors: FieldError[] = [];
    checkTags(input.tags, errors);
    checkAttributes(input.attributes, errors);
    checkValidity(input.validity, errors);
    if (errors.length) throw new BadInputError(errors);
    return this.mutations.mutate(ctx, 'updateUser', name, expectedVersion, async (tx, user) => {
      const patch: UserPatch = {};
      if (input.displayName !== undefined) patch.displayName = input.displayName ?? user.name;
      if (input.email !== undefined && (input.email ?? null) !== user.email)
        patch.email = input.email ?? null;
      if (input.mobile !== undefined) patch.mobile = input.mobile ?? null;
      if (input.attributes !== undefined) patch.attributes = input.attributes ?? {};
      if (Object.keys(patch).length) {
        const writer = this.mutations.writerFor(user);
        if (patch.email) await this.mutations.assertEmailFree(tx, user.domain, patch.email, user.id);
        await writer.writeUser(tx, { op: 'update', user: userRef(user), patch });
        if (patch.displayName !== undefined) user.displayName = patch.displayName;
        if (patch.email !== undefined) setEmail(user, patch.email);
        if (patch.mobile !== undefined) user.mobile = patch.mobile;
        if (patch.attributes !== undefined) user.attributes = patch.attributes;
      }
      if (input.isAdmin !== undefined && input.isAdmin !== null) {
        if (!input.isAdmin && user.id === ctx.caller?.user.id) {
          throw new BadInputError([
            { field: 'isAdmin', message: 'you cannot take your own admin flag away' },
          ]);
        }
        user.isAdmin = input.isAdmin;
      }
      if (input.validity !== undefined) {
        user.validityBegin = input.validity?.begin ?? null;
        user.validityEnd = input.validity?.end ?? null;
      }
      if (input.tags !== undefined) {
        await tx.em.nativeDelete(UserTagEntity, { userId: user.id });
        this.persistTags(tx, user.id, input.tags ?? []);
      }
    });
  }

  async deleteUser(ctx: RequestContext, name: string): Promise<boolean> {
    const user = await this.reads.getManaged(ctx, 'deleteUser', name);
    if (user.id === ctx.caller?.user.id) throw new ForbiddenError('You cannot delete yourself');
    const writer = this.mutations.writerFor(user);
    await inTransaction(ctx, async (tx) => {
      // Memberships in other backends' groups go with the user: those backends must allow it.
      const memberships = await tx.em.find(GroupMemberEntity, { userId: user.id });
      const groups = memberships.length
        ? await tx.em.find(GroupEntity, { id: { $in: memberships.map((g) => g.groupId) } })
        : [];
      for (const g of groups)
        if (g.backendId !== user.backendId) writerOf(this.backends.get(g.backendId), g.backendId);
      await writer.writeUser(tx, { op: 'delete', user: userRef(user) });
      await tx.em.nativeDelete(GroupMemberEntity, { userId: user.id });
      await tx.em.nativeDelete(UserTagEntity, { userId: user.id });
      await tx.em.nativeDelete(SessionEntity, { userId: user.id });
      await tx.em.nativeDelete(UserEntity, { id: user.id });
    });
    return true;
  }

  private persistTags(tx: RequestContext, userId: string, tags: readonly TagData[]): void {
    for (const tag of tags)
      tx.em.persist(tx.em.create(UserTagEntity, { userId, key: tag.key, value: tag.value }));
  }
}
