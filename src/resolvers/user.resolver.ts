import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { canWrite } from '../../backends/capabilities';
import type { RequestContext } from '../context';
import { ARG_DOCS } from '../types/arg-docs';
import type { Services } from '../services/wiring';
import type { UserEntity } from '../db/entities';
import { currentCaller, requireCaller } from '../services/access/caller';
import { UserSettingsType } from '../types/account.type';
import type { Page } from '../services/support/pagination';
import { PAGE_ARG_DOCS, toConnection } from './connection';
import { userState } from '../domain/user-state';
import { RequiredAction, UserState } from '../types/enums';
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

/** Directory-owned fields: changeable only when the user's backend is writable. */
const DIRECTORY_FIELDS = ['displayName', 'email', 'mobile', 'profile', 'attributes', 'password', 'groups'];
/** Gateway-owned fields: an admin may always change them. */
const GATEWAY_FIELDS = ['isAdmin', 'tags', 'validity', 'requiredActions', 'state', 'settings', 'sessions'];

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
    const admin = this.services.policy.allows(caller, 'updateUser', { domain: user.domain, user });
    if (admin) return [...(writable ? DIRECTORY_FIELDS : []), ...GATEWAY_FIELDS];
    if (caller.user.id === user.id) {
      return [...(writable ? ['displayName', 'profile', 'password'] : []), 'settings', 'sessions'];
    }
    return [];
  }
}
