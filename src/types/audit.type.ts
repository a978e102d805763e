import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfoType } from './group.type';
import { UserType } from './enums';
import { DateTimeScalar, JSONObjectScalar } from './scalars';

export enum AuditResult {
  SUCCESS = 'SUCCESS',
  FAILURE = 'FAILURE',
}
registerEnumType(AuditResult, {
  name: 'AuditResult',
  description: 'SUCCESS: the change happened. FAILURE: it was refused, or the attempt failed (a login).',
});

@ObjectType('AuditActor', {
  description: 'Who acted: a user, `system` for background work, or the name tried at a failed login.',
})
export class AuditActorType {
  @Field(() => ID, { nullable: true }) id!: string | null;
  @Field() name!: string;
  @Field(() => UserType, { nullable: true }) userType!: UserType | null;
}

@ObjectType('AuditEvent', {
  description: 'One recorded change, refusal or login (docs/admin.md, "Audit trail").',
})
export class AuditEventType {
  @Field(() => ID) id!: string;
  @Field(() => DateTimeScalar) at!: Date;
  @Field({
    description:
      'The mutation’s name (createUser, login, …) or a system event (lockout, syncUsers, ssoLogin).',
  })
  action!: string;
  @Field(() => AuditResult) result!: AuditResult;
  @Field(() => AuditActorType, { nullable: true }) actor!: AuditActorType | null;
  @Field(() => String, { nullable: true, description: 'User, Group or Backend.' }) targetType!: string | null;
  @Field(() => ID, { nullable: true }) targetId!: string | null;
  @Field(() => String, { nullable: true }) targetName!: string | null;
  @Field({ description: 'The domain acted in.' }) domain!: string;
  @Field(() => String, { nullable: true }) ipAddress!: string | null;
  @Field(() => JSONObjectScalar, {
    description: 'The fields changed ({ changes: { field: { old, new } } }) and other facts; never a secret.',
  })
  details!: Record<string, unknown>;
}

@ObjectType('AuditEventEdge')
export class AuditEventEdgeType {
  @Field() cursor!: string;
  @Field(() => AuditEventType) node!: AuditEventType;
}

@ObjectType('AuditEventConnection')
export class AuditEventConnectionType {
  @Field(() => [AuditEventEdgeType]) edges!: AuditEventEdgeType[];
  @Field(() => PageInfoType) pageInfo!: PageInfoType;
  @Field(() => Int) totalCount!: number;
}

@InputType('AuditFilter', { description: 'Every given part is ANDed.' })
export class AuditFilter {
  @Field(() => String, { nullable: true, description: 'The action, exactly (e.g. updateUser, login).' })
  action?: string | null;
  @Field(() => String, { nullable: true, description: 'The actor’s name, exactly.' }) actorName?:
    string | null;
  @Field(() => String, { nullable: true, description: 'The target’s name, exactly.' }) targetName?:
    string | null;
  @Field(() => AuditResult, { nullable: true }) result?: AuditResult | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Events at or after this instant.' })
  since?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Events before this instant.' })
  until?: Date | null;
}
