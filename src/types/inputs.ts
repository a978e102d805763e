import {
  ArrayMaxSize,
  IsEmail,
  IsOptional,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import {
  DISPLAY_NAME_MAX,
  DISPLAY_NAME_MESSAGE,
  DISPLAY_NAME_PATTERN,
  EMAIL_MAX,
  MOBILE_MESSAGE,
  MOBILE_PATTERN,
  NAME_MAX,
  NAME_MESSAGE,
  NAME_PATTERN,
  TAGS_MAX,
} from '../domain/rules';
import { RequiredAction, UserOrderField, UserState, UserType } from './enums';
import { DateTimeScalar, JSONObjectScalar } from './scalars';

const EMAIL_MESSAGE = 'must be an email address';

@InputType('TagInput')
export class TagInput {
  @Field({ description: '1..100 characters; a user’s tag keys are unique.' }) @Length(1, 100) key!: string;
  @Field({ description: 'Up to 255 characters.' }) @MaxLength(255) value!: string;
}

@InputType('ValidityInput')
export class ValidityInput {
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'The user may log in from this instant on; null: no start.',
  })
  begin?: Date | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'The user may log in until this instant; null: no end.',
  })
  end?: Date | null;
}

@InputType('UserProfileInput')
export class UserProfileInput {
  @Field(() => String, { nullable: true, description: 'Up to 150 characters; null or "" clears it.' })
  @IsOptional()
  @Length(0, 150)
  @Matches(DISPLAY_NAME_PATTERN, { message: DISPLAY_NAME_MESSAGE })
  fullName?: string | null;

  @Field(() => String, { nullable: true, description: 'Up to 100 characters; null or "" clears it.' })
  @IsOptional()
  @Length(0, 100)
  @Matches(DISPLAY_NAME_PATTERN, { message: DISPLAY_NAME_MESSAGE })
  firstName?: string | null;

  @Field(() => String, { nullable: true, description: 'Up to 100 characters; null or "" clears it.' })
  @IsOptional()
  @Length(0, 100)
  @Matches(DISPLAY_NAME_PATTERN, { message: DISPLAY_NAME_MESSAGE })
  lastName?: string | null;
}

@InputType('CreateUserInput')
export class CreateUserInput {
  @Field({
    description:
      'The login name: 1..100 letters, digits and . _ @ + -, unique in the domain whatever its case.',
  })
  @Length(1, NAME_MAX, { message: NAME_MESSAGE })
  @Matches(NAME_PATTERN, { message: NAME_MESSAGE })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Defaults to name.' })
  @IsOptional()
  @Length(1, DISPLAY_NAME_MAX, { message: DISPLAY_NAME_MESSAGE })
  @Matches(DISPLAY_NAME_PATTERN, { message: DISPLAY_NAME_MESSAGE })
  displayName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Unique in the domain whatever its case; not yet verified.',
  })
  @IsOptional()
  @MaxLength(EMAIL_MAX, { message: EMAIL_MESSAGE })
  @IsEmail({}, { message: EMAIL_MESSAGE })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Digits, spaces, ( ) - and an optional leading +.' })
  @IsOptional()
  @Matches(MOBILE_PATTERN, { message: MOBILE_MESSAGE })
  mobile?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Without one the user is PENDING until a password is set.',
  })
  password?: string | null;

  @Field(() => UserProfileInput, { nullable: true, description: 'First, last and full name.' })
  @IsOptional()
  @ValidateNested()
  profile?: UserProfileInput | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Admin of the user’s domain.' })
  isAdmin?: boolean | null;

  @Field(() => [TagInput], { nullable: true, description: 'Key/value pairs: at most 50, keys unique.' })
  @IsOptional()
  @ArrayMaxSize(TAGS_MAX)
  @ValidateNested({ each: true })
  tags?: TagInput[] | null;

  @Field(() => [String], { nullable: true, description: 'Names of existing groups of the domain.' })
  groups?: string[] | null;

  @Field(() => [RequiredAction], {
    nullable: true,
    description: 'What the user must do after logging in (changing the password, verifying the email, …).',
  })
  requiredActions?: RequiredAction[] | null;

  @Field(() => ValidityInput, { nullable: true, description: 'When the user may log in; absent: always.' })
  validity?: ValidityInput | null;

  @Field(() => ID, { nullable: true, description: "Defaults to the domain's first writable backend." })
  backend?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only admins of the default domain may name another domain.',
  })
  domain?: string | null;

  @Field(() => JSONObjectScalar, {
    nullable: true,
    description:
      'Further data of the user as a JSON object of at most 16 KiB (an LDAP backend writes its configured extra attributes).',
  })
  attributes?: Record<string, unknown> | null;
}

@InputType('UpdateUserInput', {
  description: 'Absent fields are left untouched; null clears where that makes sense.',
})
export class UpdateUserInput {
  @Field(() => String, { nullable: true, description: 'null resets it to the name.' })
  @IsOptional()
  @Length(1, DISPLAY_NAME_MAX, { message: DISPLAY_NAME_MESSAGE })
  @Matches(DISPLAY_NAME_PATTERN, { message: DISPLAY_NAME_MESSAGE })
  displayName?: string | null;

  @Field(() => String, { nullable: true, description: 'A new address is unverified.' })
  @IsOptional()
  @MaxLength(EMAIL_MAX, { message: EMAIL_MESSAGE })
  @IsEmail({}, { message: EMAIL_MESSAGE })
  email?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Digits, spaces, ( ) - and an optional leading +; null clears it.',
  })
  @IsOptional()
  @Matches(MOBILE_PATTERN, { message: MOBILE_MESSAGE })
  mobile?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Grant or take the admin flag (never your own).' })
  isAdmin?: boolean | null;

  @Field(() => [TagInput], { nullable: true, description: 'Replaces every tag.' })
  @IsOptional()
  @ArrayMaxSize(TAGS_MAX)
  @ValidateNested({ each: true })
  tags?: TagInput[] | null;

  @Field(() => ValidityInput, { nullable: true, description: 'When the user may log in; null: always.' })
  validity?: ValidityInput | null;

  @Field(() => JSONObjectScalar, {
    nullable: true,
    description: 'The new attributes: a JSON object of at most 16 KiB that replaces the old one.',
  })
  attributes?: Record<string, unknown> | null;
}

@InputType('UserGroupsInput', {
  description: 'set replaces every membership and excludes add/remove; remove wins over add.',
})
export class UserGroupsInput {
  @Field(() => [String], { nullable: true, description: 'Names of groups to join.' }) add?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Names of groups to leave.' }) remove?:
    string[] | null;
  @Field(() => [String], { nullable: true, description: 'Every group the user is to be in, by name.' })
  set?: string[] | null;
}

@InputType('UserFilter', { description: 'Every given part is ANDed.' })
export class UserFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Contained in name, displayName, email or full name (any case).',
  })
  @IsOptional()
  @MaxLength(200)
  keyword?: string | null;
  @Field(() => UserState, { nullable: true, description: 'Only users in this state.' })
  state?: UserState | null;
  @Field(() => UserType, { nullable: true, description: 'Only people (USER) or only service accounts.' })
  userType?: UserType | null;
  @Field(() => ID, { nullable: true, description: 'Only users of this backend (its id).' }) backend?:
    string | null;
  @Field(() => String, { nullable: true, description: 'A group name.' }) group?: string | null;
  @Field(() => TagInput, { nullable: true, description: 'Only users that carry this tag (key and value).' })
  tag?: TagInput | null;
  @Field(() => Boolean, { nullable: true, description: 'Only admins (true) or only the others (false).' })
  isAdmin?: boolean | null;
}

@InputType('UserOrder')
export class UserOrder {
  @Field(() => UserOrderField, { description: 'What the list is ordered by.' }) field!: UserOrderField;
  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'Largest first; false: smallest first.',
  })
  descending?: boolean | null;
}
