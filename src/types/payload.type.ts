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

@ObjectType('LogoutPayload')
export class LogoutPayloadType {
  @Field({ description: 'True: the session (or provider token) this request came with has ended.' })
  loggedOut!: boolean;
  @Field(() => String, {
    nullable: true,
    description:
      "The SSO provider's end-session URL to send the browser to, so that the provider's own session ends too; null for password sessions and providers without one.",
  })
  endSessionUrl!: string | null;
}
