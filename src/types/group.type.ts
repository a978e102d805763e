import { Field, ID, Int, ObjectType } from 'type-graphql';
import { UserNode } from './user.type';

@ObjectType('Group')
export class GroupNode {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() displayName!: string;
  // backend, memberCount, members: see GroupResolver.
}

@ObjectType('PageInfo')
export class PageInfoType {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType('UserEdge')
export class UserEdgeType {
  @Field() cursor!: string;
  @Field(() => UserNode) node!: UserNode;
}

@ObjectType('UserConnection')
export class UserConnectionType {
  @Field(() => [UserEdgeType]) edges!: UserEdgeType[];
  @Field(() => PageInfoType) pageInfo!: PageInfoType;
  @Field(() => Int) totalCount!: number;
}

@ObjectType('GroupEdge')
export class GroupEdgeType {
  @Field() cursor!: string;
  @Field(() => GroupNode) node!: GroupNode;
}

@ObjectType('GroupConnection')
export class GroupConnectionType {
  @Field(() => [GroupEdgeType]) edges!: GroupEdgeType[];
  @Field(() => PageInfoType) pageInfo!: PageInfoType;
  @Field(() => Int) totalCount!: number;
}
