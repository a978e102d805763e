import { Field, Int, ObjectType } from 'type-graphql';
import { SyncMode } from './enums';
import { DateTimeScalar } from './scalars';
import { BackendType } from './user.type';

@ObjectType('SyncReport')
export class SyncReportType {
  @Field(() => BackendType) backend!: BackendType;
  @Field(() => SyncMode) mode!: SyncMode;
  @Field(() => Int, { description: 'Mirror records created for users seen for the first time.' })
  created!: number;
  @Field(() => Int, { description: 'Mirror records brought up to date (or re-enabled).' }) updated!: number;
  @Field(() => Int, { description: 'Users disabled because they are gone from the directory.' })
  disabled!: number;
  @Field(() => Int, {
    description: 'Users that could not be mirrored, or (aborted) that would have been disabled.',
  })
  failed!: number;
  @Field({ description: 'True when the sync stopped before changing anything (see message).' })
  aborted!: boolean;
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field(() => DateTimeScalar) startedAt!: Date;
  @Field(() => DateTimeScalar) finishedAt!: Date;
}
