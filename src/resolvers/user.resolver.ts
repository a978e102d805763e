import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { canWrite } from '../../backends/capabilities';
import type { RequestContext } from '../context';
import { ARG_DOCS } from '../types/arg-docs';
import type { Services } from '../services/wiring';
import type { UserEntity } from '../db/entities';
import { currentCaller, requireCaller } from '../services/access/caller';
import type { Action } from '../services/access/policy';
import { UserSettingsType } from '../types/account.type';
import type { Page } from '../services/support/pagination';
import { PAGE_ARG_DOCS, toConnection } from './connection';
import { userState } from '../domain/user-state';
import { AdminRole, RequiredAction, UserState } from '../types/enums';
import { UserConnectionType, GroupNode } from '../types/group.type';
import { CreateUserInput, UpdateUserInput, UserFilter, UserGroupsInput, UserOrder } from '../types/inputs';
import {
  BackendType,
  DomainType,
  ExternalIdType,
  SessionType,
  TagType,
  UserNode,
  UserProfileType,
  ValidityType,
} from '../types/user.type';
import { toBackendType, toDomainType } from './meta.resolver';

/**
 * The fields of `editableFields`, each with the action that changes it and whether the directory owns
 * it (then it is changeable only when the user's backend is writable). Asked of the one policy.
 */
const EDITABLE_FIELDS: { field: string; action: Action; directory: boolean }[] = [
  { field: 'displayName', action: 'updateUser', directory: true },
  { field: 'email', action: 'updateUser', directory: true },
  { field: 'mobile', action: 'updateUser', directory: true },
  { field: 'profile', action: 'updateUserProfile', directory: true },
  { field: 'attributes', action: 'updateUser', directory: true },
  { field: 'password', action: 'resetPassword', directory: true },
  { field: 'groups', action: 'setUserGroups', directory: true },
  { field: 'isAdmin', action: 'setUserRoles', directory: false },
  { field: 'roles', action: 'setUserRoles', directory: false },
  { field: 'tags', action: 'updateUser', directory: false },
  { field: 'validity', action: 'updateUser', directory: false },
  { field: 'requiredActions', action: 'setRequiredActions', directory: false },
  { field: 'state', action: 'disableUser', directory: false },
  { field: 'settings', action: 'updateUserSettings', directory: false },
  { field: 'sessions', action: 'revokeUserSessions', directory: false },
];

/** A user connection from a page of users. */
export function toUserConnection(page: Page<UserEntity>): UserConnectionType {
  return toConnection<UserEntity, UserNode>(page);
}

@Resolver(() => UserNode)
export class UserResolver {
  constructor(private readonly services: Services) {}

  @Query(() => UserNode, { description: 'The caller.' })
  me(@Ctx() ctx: RequestContext): UserEntity {
    return requireCaller(ctx, 'self-service').user;
  }

  @Query(() => UserNode, {
    nullable: true,
    description: 'Exactly one of name and id; null when there is no such user.',
  })
  user(
    @Ctx() ctx: RequestContext,
    @Arg('name', () => String, { description: ARG_DOCS.userName, nullable: true }) name?: string | null,
    @Arg('id', () => ID, {
      description: 'The user’s id (User.id); admins of the default domain may read any domain’s users by id.',
      nullable: true,
    })
    id?: string | null,
  ): Promise<UserEntity | null> {
    return this.services.userReads.getUser(ctx, { name, id });
  }

  @Query(() => UserConnectionType)
  async users(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => UserFilter, {
      description: 'Narrows the list: every given part must match.',
      nullable: true,
    })
    filter?: UserFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: PAGE_ARG_DOCS.first })
    first?: number,
    @Arg('after', () => String, { nullable: true, description: PAGE_ARG_DOCS.after }) after?: string | null,
    @Arg('last', () => Int, { nullable: true, description: PAGE_ARG_DOCS.last }) last?: number | null,
    @Arg('before', () => String, { nullable: true, description: PAGE_ARG_DOCS.before })
    before?: string | null,
    @Arg('orderBy', () => UserOrder, {
      description: 'The order of the list; absent: by name, ascending.',
      nullable: true,
    })
    orderBy?: UserOrder | null,
    @Arg('domain', () => ID, { description: ARG_DOCS.domainOfList, nullable: true }) domain?: string | null,
  ): Promise<UserConnectionType> {
    return toUserConnection(
      await this.services.userReads.listUsers(ctx, { filter, first, after, last, before, orderBy, domain }),
    );
  }

  @Mutation(() => UserNode)
  createUser(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateUserInput, { description: 'The new user: only name is required.' })
    input: CreateUserInput,
  ) {
    return this.services.userCommands.createUser(ctx, input);
  }

  @Mutation(() => UserNode, { description: 'Absent fields are left untouched.' })
  updateUser(
    @Ctx() ctx: RequestContext,
    @Arg('name', { description: ARG_DOCS.userName }) name: string,
    @Arg('input', () => UpdateUserInput, { description: 'The changes: absent fields are kept.' })
    input: UpdateUserInput,
    @Arg('expectedVersion', () => Int, { description: ARG_DOCS.expectedVersion, nullable: true })
    expectedVersion?: number | null,
  ) {
    return this.services.userCommands.updateUser(ctx, name, input, expectedVersion);
  }

  @Mutation(() => Boolean)
  deleteUser(
    @Ctx() ctx: RequestContext,
    @Arg('name', { description: ARG_DOCS.userName }) name: string,
  ): Promise<boolean> {
    return this.services.userCommands.deleteUser(ctx, name);
  }

  @Mutation(() => UserNode, {
    description: 'Replaces the user’s admin roles (ADMIN only; the last ADMIN of a domain keeps ADMIN).',
  })
  setUserRoles(
    @Ctx() ctx: RequestContext,
    @Arg('name', { description: ARG_DOCS.userName }) name: string,
    @Arg('roles', () => [AdminRole], { description: 'Every role the user is to hold; [] takes all away.' })
    roles: AdminRole[],
  ) {
    return this.services.userCommands.setUserRoles(ctx, name, roles);
  }

  @Mutation(() => UserNode)
  setUserGroups(
    @Ctx() ctx: RequestContext,
    @Arg('name', { description: ARG_DOCS.userName }) name: string,
    @Arg('input', () => UserGroupsInput, {
      description: 'The memberships to change: set, or add and/or remove (group names).',
    })
    input: UserGroupsInput,
  ) {
    return this.services.memberships.setUserGroups(ctx, name, input);
  }

  @FieldResolver(() => UserState)
  state(@Root() user: UserEntity): UserState {
    return userState(user) as UserState;
  }

  @FieldResolver(() => DomainType)
  domain(@Root() user: UserEntity): DomainType {
    return toDomainType(this.services.backends, user.domain);
  }

  @FieldResolver(() => BackendType)
  backend(@Root() user: UserEntity): BackendType {
    return toBackendType(this.services.userReads.backendOf(user));
  }

  @FieldResolver(() => UserProfileType)
  profile(@Root() user: UserEntity): UserProfileType {
    return { fullName: user.fullName, firstName: user.firstName, lastName: user.lastName };
  }

  @FieldResolver(() => [ExternalIdType])
  externalIds(@Root() user: UserEntity): ExternalIdType[] {
    return user.externalIds;
  }

  @FieldResolver(() => [RequiredAction])
  requiredActions(@Root() user: UserEntity): RequiredAction[] {
    return user.requiredActions as RequiredAction[];
  }

  @FieldResolver(() => ValidityType, { nullable: true })
  validity(@Root() user: UserEntity): ValidityType | null {
    if (!user.validityBegin && !user.validityEnd) return null;
    return { begin: user.validityBegin, end: user.validityEnd };
  }

  @FieldResolver(() => [TagType])
  async tags(@Root() user: UserEntity, @Ctx() ctx: RequestContext): Promise<TagType[]> {
    return (await ctx.loaders.tagsByUser.load(user.id)).map((t) => ({ key: t.key, value: t.value }));
  }

  @FieldResolver(() => [GroupNode])
  groups(@Root() user: UserEntity, @Ctx() ctx: RequestContext) {
    return ctx.loaders.groupsByUser.load(user);
  }

  @FieldResolver(() => [SessionType], {
    description: 'Live sessions and tokens, newest first: the user itself or an admin.',
  })
  async sessions(@Root() user: UserEntity, @Ctx() ctx: RequestContext): Promise<SessionType[]> {
    const current = currentCaller(ctx).session.id;
    const rows = await this.services.sessions.list(ctx, user);
    return rows.map((s) => ({
      id: s.id,
      method: s.method as SessionType['method'],
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      expiresAt: s.expiresAt,
      ipAddress: s.ipAddress,
      userAgent: s.userAgent,
      current: s.id === current,
    }));
  }

  @FieldResolver(() => UserSettingsType, { description: 'The user itself or an admin.' })
  settings(@Root() user: UserEntity, @Ctx() ctx: RequestContext) {
    return this.services.settings.get(ctx, user);
  }

  @FieldResolver(() => [String], {
    description: 'What the caller may change on this user, given its backend.',
  })
  editableFields(@Root() user: UserEntity, @Ctx() ctx: RequestContext): string[] {
    const caller = currentCaller(ctx);
    const backend = this.services.userReads.backendOf(user);
    const writable = canWrite(backend);
    const target = { domain: user.domain, user };
    const fields = new Set<string>();
    for (const { field, action, directory } of EDITABLE_FIELDS) {
      if ((writable || !directory) && this.services.policy.allows(caller, action, target)) fields.add(field);
    }
    if (caller.user.id === user.id) {
      // One's own: the self-service operations (never one's own roles or state).
      for (const f of [...(writable ? ['displayName', 'profile', 'password'] : []), 'settings', 'sessions'])
        fields.add(f);
      fields.delete('isAdmin');
      fields.delete('roles');
      fields.delete('state');
    }
    return EDITABLE_FIELDS.map((f) => f.field).filter((f) => fields.has(f));
  }
}
