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
  @Field() @Length(1, 100) key!: string;
  @Field() @MaxLength(255) value!: string;
}

@InputType('ValidityInput')
export class ValidityInput {
  @Field(() => DateTimeScalar, { nullable: true }) begin?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) end?: Date | null;
}

@InputType('UserProfileInput')
export class UserProfileInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 150)
  @Matches(DISPLAY_NAME_PATTERN, { message: DISPLAY_NAME_MESSAGE })
  fullName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 100)
  @Matches(DISPLAY_NAME_PATTERN, { message: DISPLAY_NAME_MESSAGE })
  firstName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 100)
  @Matches(DISPLAY_NAME_PATTERN, { message: DISPLAY_NAME_MESSAGE })
  lastName?: string | null;
}

@InputType('CreateUserInput')
export class CreateUserInput {
  @Field()
  @Length(1, NAME_MAX, { message: NAME_MESSAGE })
  @Matches(NAME_PATTERN, { message: NAME_MESSAGE })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Defaults to name.' })
  @IsOptional()
  @Length(1, DISPLAY_NAME_MAX, { message: DISPLAY_NAME_MESSAGE })
  @Matches(DISPLAY_NAME_PATTERN, { message: DISPLAY_NAME_MESSAGE })
  displayName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(EMAIL_MAX, { message: EMAIL_MESSAGE })
  @IsEmail({}, { message: EMAIL_MESSAGE })
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(MOBILE_PATTERN, { message: MOBILE_MESSAGE })
  mobile?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Without one the user is PENDING until a password is set.',
  })
  password?: string | null;

  @Field(() => UserProfileInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  profile?: UserProfileInput | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false }) isAdmin?: boolean | null;

  @Field(() => [TagInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(TAGS_MAX)
  @ValidateNested({ each: true })
  tags?: TagInput[] | null;

  @Field(() => [String], { nullable: true, description: 'Names of existing groups of the domain.' })
  groups?: string[] | null;

  @Field(() => [RequiredAction], { nullable: true }) requiredActions?: RequiredAction[] | null;

  @Field(() => ValidityInput, { nullable: true }) validity?: ValidityInput | null;

  @Field(() => ID, { nullable: true, description: "Defaults to the domain's first writable backend." })
  backend?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only admins of the default domain may name another domain.',
  })
  domain?: string | null;

  @Field(() => JSONObjectScalar, { nullable: true }) attributes?: Record<string, unknown> | null;
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

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(MOBILE_PATTERN, { message: MOBILE_MESSAGE })
  mobile?: string | null;

  @Field(() => Boolean, { nullable: true }) isAdmin?: boolean | null;

  @Field(() => [TagInput], { nullable: true, description: 'Replaces every tag.' })
  @IsOptional()
  @ArrayMaxSize(TAGS_MAX)
  @ValidateNested({ each: true })
  tags?: TagInput[] | null;

  @Field(() => ValidityInput, { nullable: true }) validity?: ValidityInput | null;

  @Field(() => JSONObjectScalar, { nullable: true }) attributes?: Record<string, unknown> | null;
}

@InputType('UserGroupsInput', {
  description: 'set replaces every membership and excludes add/remove; remove wins over add.',
})
export class UserGroupsInput {
  @Field(() => [String], { nullable: true }) add?: string[] | null;
  @Field(() => [String], { nullable: true }) remove?: string[] | null;
  @Field(() => [String], { nullable: true }) set?: string[] | null;
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
  @Field(() => UserState, { nullable: true }) state?: UserState | null;
  @Field(() => UserType, { nullable: true }) userType?: UserType | null;
  @Field(() => ID, { nullable: true }) backend?: string | null;
  @Field(() => String, { nullable: true, description: 'A group name.' }) group?: string | null;
  @Field(() => TagInput, { nullable: true }) tag?: TagInput | null;
  @Field(() => Boolean, { nullable: true }) isAdmin?: boolean | null;
}

@InputType('UserOrder')
export class UserOrder {
  @Field(() => UserOrderField) field!: UserOrderField;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) descending?: boolean | null;
}
