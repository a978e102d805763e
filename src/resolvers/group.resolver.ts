import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../context';
import { ARG_DOCS } from '../types/arg-docs';
import type { Services } from '../services/wiring';
import type { GroupEntity } from '../db/entities';
import { NotFoundError } from '../errors/errors';
import { GroupConnectionType, GroupNode, UserConnectionType } from '../types/group.type';
import { BackendType } from '../types/user.type';
import { toBackendType } from './meta.resolver';
import { PAGE_ARG_DOCS, toConnection } from './connection';
import { toUserConnection } from './user.resolver';

@Resolver(() => GroupNode)
export class GroupResolver {
  constructor(private readonly services: Services) {}

  @Query(() => GroupNode, { nullable: true })
  group(
    @Ctx() ctx: RequestContext,
    @Arg('name', { description: ARG_DOCS.groupName }) name: string,
  ): Promise<GroupEntity | null> {
    return this.services.groups.getGroup(ctx, name);
  }

  @Query(() => GroupConnectionType)
  async groups(
    @Ctx() ctx: RequestContext,
    @Arg('keyword', () => String, {
      description: 'Contained in the group’s name or display name (any case); absent: every group.',
      nullable: true,
    })
    keyword?: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: PAGE_ARG_DOCS.first })
    first?: number,
    @Arg('after', () => String, { nullable: true, description: PAGE_ARG_DOCS.after }) after?: string | null,
    @Arg('last', () => Int, { nullable: true, description: PAGE_ARG_DOCS.last }) last?: number | null,
    @Arg('before', () => String, { nullable: true, description: PAGE_ARG_DOCS.before })
    before?: string | null,
  ): Promise<GroupConnectionType> {
    const page = await this.services.groups.listGroups(ctx, { keyword, first, after, last, before });
    return toConnection<GroupEntity, GroupNode>(page);
  }

  @Mutation(() => GroupNode)
  createGroup(
    @Ctx() ctx: RequestContext,
    @Arg('name', { description: 'The new group’s name: unique in your domain.' }) name: string,
    @Arg('displayName', () => String, {
      description: 'Shown instead of the name; defaults to the name.',
      nullable: true,
    })
    displayName?: string | null,
    @Arg('backend', () => ID, {
      description: 'The id of the backend that keeps the group; absent: the domain’s first writable backend.',
      nullable: true,
    })
    backend?: string | null,
  ) {
    return this.services.groups.createGroup(ctx, name, displayName, backend);
  }

  @Mutation(() => Boolean)
  deleteGroup(
    @Ctx() ctx: RequestContext,
    @Arg('name', { description: ARG_DOCS.groupName }) name: string,
  ): Promise<boolean> {
    return this.services.groups.deleteGroup(ctx, name);
  }

  @FieldResolver(() => BackendType)
  backend(@Root() group: GroupEntity): BackendType {
    const backend = this.services.backends.get(group.backendId);
    if (!backend) throw new NotFoundError('backend');
    return toBackendType(backend);
  }

  @FieldResolver(() => Int)
  memberCount(@Root() group: GroupEntity, @Ctx() ctx: RequestContext): Promise<number> {
    return ctx.loaders.memberCountByGroup.load(group);
  }

  @FieldResolver(() => UserConnectionType)
  async members(
    @Root() group: GroupEntity,
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: PAGE_ARG_DOCS.first })
    first: number,
    @Arg('after', () => String, { nullable: true, description: PAGE_ARG_DOCS.after }) after?: string | null,
    @Arg('last', () => Int, { nullable: true, description: PAGE_ARG_DOCS.last }) last?: number | null,
    @Arg('before', () => String, { nullable: true, description: PAGE_ARG_DOCS.before })
    before?: string | null,
  ): Promise<UserConnectionType> {
    return toUserConnection(await this.services.groups.members(ctx, group, { first, after, last, before }));
  }
}
