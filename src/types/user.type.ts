import { Field, ID, Int, ObjectType } from 'type-graphql';
import { BackendKind, RequiredAction, SessionMethod, UserType } from './enums';
import { DateTimeScalar, JSONObjectScalar } from './scalars';

@ObjectType('Backend', { description: 'An identity backend: where some users and groups live.' })
export class BackendType {
  @Field(() => ID) id!: string;
  @Field(() => BackendKind) kind!: BackendKind;
  @Field() displayName!: string;
  @Field({ description: 'True when directory-owned data cannot be changed through idgate.' })
  readOnly!: boolean;
  @Field(() => [String], { description: 'What the backend can do, e.g. password-login, write-users.' })
  capabilities!: string[];
}

@ObjectType('Domain', { description: 'A tenant: users of one domain never see another.' })
export class DomainType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => [BackendType]) backends!: BackendType[];
}

@ObjectType('Tag')
export class TagType {
  @Field() key!: string;
  @Field() value!: string;
}

@ObjectType('ExternalId', {
  description: 'The user in another system, e.g. { type: "ldap-dn", id: "uid=ann,..." }.',
})
export class ExternalIdType {
  @Field() type!: string;
  @Field() id!: string;
}

@ObjectType('Validity')
export class ValidityType {
  @Field(() => DateTimeScalar, { nullable: true }) begin!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) end!: Date | null;
}

@ObjectType('UserProfile')
export class UserProfileType {
  @Field(() => String, { nullable: true }) fullName!: string | null;
  @Field(() => String, { nullable: true }) firstName!: string | null;
  @Field(() => String, { nullable: true }) lastName!: string | null;
}

@ObjectType('Session')
export class SessionType {
  @Field(() => ID) id!: string;
  @Field(() => SessionMethod) method!: SessionMethod;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) lastSeenAt!: Date;
  @Field(() => DateTimeScalar) expiresAt!: Date;
  @Field(() => String, { nullable: true }) ipAddress!: string | null;
  @Field(() => String, { nullable: true }) userAgent!: string | null;
  @Field({ description: 'True for the session this request came with.' }) current!: boolean;
}

@ObjectType('User', { description: 'A user of any backend. Federation entity keyed by id.' })
export class UserNode {
  @Field(() => ID, { description: 'Stable, opaque, never reused.' }) id!: string;
  @Field({ description: 'Login name, unique in its domain (whatever the case), 1..100 characters.' })
  name!: string;
  @Field({ description: '1..150 characters; defaults to name.' }) displayName!: string;
  @Field(() => UserType) userType!: UserType;
  @Field() isAdmin!: boolean;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field() emailVerified!: boolean;
  @Field(() => String, { nullable: true }) mobile!: string | null;
  @Field(() => JSONObjectScalar, { description: 'Backend-specific extras (e.g. mapped LDAP attributes).' })
  attributes!: Record<string, unknown>;
  @Field(() => [ExternalIdType]) externalIds!: ExternalIdType[];
  @Field(() => [RequiredAction]) requiredActions!: RequiredAction[];
  @Field(() => Int) failedLoginCount!: number;
  @Field(() => DateTimeScalar, { nullable: true }) lastLoginAt!: Date | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) updatedAt!: Date;
  @Field(() => Int, { description: 'Bumps on every change; pass it as expectedVersion.' }) version!: number;
  // state, domain, backend, profile, tags, groups, validity, sessions, editableFields: see UserResolver.
}
