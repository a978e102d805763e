import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

export type AuditResultValue = 'SUCCESS' | 'FAILURE';

/**
 * One audit event: who did what to whom, when, from where, and whether it happened. Written in the
 * same transaction as the change it records (or, for a refused change or a failed login, in its own).
 * `details` holds the changed fields with old and new values, never a secret.
 */
@Entity({ tableName: 'audit_events' })
@Index({ name: 'audit_events_domain_at_index', properties: ['domain', 'at', 'id'] })
@Index({ name: 'audit_events_at_index', properties: ['at'] })
export class AuditEventEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  id!: string;

  @Property({ type: 'Date' })
  at: Date = new Date();

  /** The mutation's name (`createUser`, `login`, …) or a system event (`lockout`, `syncUsers`, `ssoLogin`). */
  @Property({ type: 'string', length: 64 })
  action!: string;

  @Property({ type: 'string', length: 10 })
  result: AuditResultValue = 'SUCCESS';

  @Property({ type: 'string', length: 36, nullable: true })
  actorId: string | null = null;

  /** The caller's name; `system` for background work, the name tried for a failed login. */
  @Property({ type: 'string', length: 255 })
  actorName!: string;

  @Property({ type: 'string', length: 20, nullable: true })
  actorType: string | null = null;

  @Property({ type: 'string', length: 32, nullable: true })
  targetType: string | null = null;

  @Property({ type: 'string', length: 255, nullable: true })
  targetId: string | null = null;

  @Property({ type: 'string', length: 255, nullable: true })
  targetName: string | null = null;

  @Property({ type: 'string', length: 100 })
  domain!: string;

  @Property({ type: 'string', length: 64, nullable: true })
  ipAddress: string | null = null;

  /** JSON object, as text (same on SQLite and PostgreSQL). */
  @Property({ type: 'text' })
  details: string = '{}';
}
