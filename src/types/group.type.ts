import { Field, ID, Int, ObjectType } from 'type-graphql';
import { UserNode } from './user.type';

@ObjectType('Group')
export class GroupNode {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() displayName!: string;
  // backend, memberCount, members: see GroupResolver.
}

@ObjectType('PageInfo', { description: 'Where a page sits in its list (the Relay connection spec).' })
export class PageInfoType {
  @Field({ description: 'More rows follow the last one of this page.' }) hasNextPage!: boolean;
  @Field({
    description:
      'Rows come before the first one of this page (true whenever the page started after a cursor).',
  })
  hasPreviousPage!: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'The cursor of the first row; null for an empty page.',
  })
  startCursor!: string | null;
  @Field(() => String, { nullable: true, description: 'The cursor of the last row; null for an empty page.' })
  endCursor!: string | null;
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
