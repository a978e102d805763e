import { IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar, JSONObjectScalar } from './scalars';
import { UserNode } from './user.type';

@ObjectType('Webhook')
export class WebhookType {
  @Field() type!: string;
  @Field() url!: string;
}

@ObjectType('UserSettings', { description: 'Gateway-owned: writable for users of every backend.' })
export class UserSettingsType {
  @Field({ description: 'BCP 47 language tag; default en.' }) language!: string;
  @Field({ description: 'IANA time zone; default UTC.' }) timezone!: string;
  @Field(() => String, { nullable: true }) theme!: string | null;
  @Field(() => WebhookType, { nullable: true }) webhook!: WebhookType | null;
  @Field(() => JSONObjectScalar) preferences!: Record<string, unknown>;
}

@InputType('WebhookInput')
export class WebhookInput {
  @Field({ description: 'What kind of hook, e.g. slack; up to 50 characters.' }) @MaxLength(50) type!: string;
  @Field({ description: 'http or https only.' }) @MaxLength(2048) url!: string;
}

@InputType('SettingsInput', { description: 'Absent fields are left untouched; null resets to the default.' })
export class SettingsInput {
  @Field(() => String, { nullable: true, description: 'A BCP 47 language tag, e.g. pt-BR; null: en.' })
  @IsOptional()
  @MaxLength(35)
  language?: string | null;
  @Field(() => String, { nullable: true, description: 'An IANA time zone, e.g. Europe/Berlin; null: UTC.' })
  @IsOptional()
  @MaxLength(64)
  timezone?: string | null;
  @Field(() => String, { nullable: true, description: 'A name the frontend knows, e.g. dark; null: none.' })
  theme?: string | null;
  @Field(() => WebhookInput, { nullable: true, description: 'Where to notify the user; null: nowhere.' })
  webhook?: WebhookInput | null;
  @Field(() => JSONObjectScalar, {
    nullable: true,
    description: 'Anything the frontend keeps for the user: a JSON object of at most 16 KiB; null: {}.',
  })
  preferences?: Record<string, unknown> | null;
}

@ObjectType('PasswordResetPayload')
export class PasswordResetPayloadType {
  @Field(() => UserNode) user!: UserNode;
  @Field(() => String, { nullable: true, description: 'Shown once; null when it was mailed.' })
  temporaryPassword!: string | null;
}

@ObjectType('Count')
export class CountType {
  @Field() key!: string;
  @Field(() => Int) count!: number;
}

@ObjectType('UserStats')
export class UserStatsType {
  @Field(() => Int) total!: number;
  @Field(() => [CountType]) byState!: CountType[];
  @Field(() => [CountType]) byBackend!: CountType[];
  @Field(() => [CountType]) byUserType!: CountType[];
}

@ObjectType('OutboxMail', { description: 'A mail kept because no SMTP server is configured.' })
export class OutboxMailType {
  @Field(() => ID) id!: string;
  @Field() recipient!: string;
  @Field() subject!: string;
  @Field() body!: string;
  @Field(() => DateTimeScalar) createdAt!: Date;
}
