import { Field, ObjectType } from 'type-graphql';
import { DateTimeScalar } from './scalars';
import { UserNode } from './user.type';

@ObjectType('AuthPayload')
export class AuthPayloadType {
  @Field({ description: 'The session token: send it as Authorization: Bearer <token>.' }) token!: string;
  @Field(() => DateTimeScalar) expiresAt!: Date;
  @Field(() => UserNode) user!: UserNode;
}

@ObjectType('ServiceAccountPayload')
export class ServiceAccountPayloadType {
  @Field(() => UserNode) user!: UserNode;
  @Field({ description: 'Shown this once: only its hash is kept.' }) token!: string;
}
