import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

@Entity({ tableName: 'user_settings' })
export class UserSettingsEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  userId!: string;

  /** BCP 47 language tag, canonical form. */
  @Property({ type: 'string', length: 35 })
  language!: string;

  /** IANA time zone name. */
  @Property({ type: 'string', length: 64 })
  timezone!: string;

  @Property({ type: 'string', length: 50, nullable: true })
  theme: string | null = null;

  @Property({ type: 'string', length: 50, nullable: true })
  webhookType: string | null = null;

  @Property({ type: 'string', length: 2048, nullable: true })
  webhookUrl: string | null = null;

  @Property({ type: 'json' })
  preferences: Record<string, unknown> = {};

  @Property({ type: 'Date' })
  updatedAt: Date = new Date();
}

/** The one live email verification code of a user (hashed), with its tries and lifetime. */
@Entity({ tableName: 'email_verifications' })
export class EmailVerificationEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  userId!: string;

  @Property({ type: 'string', length: 254 })
  email!: string;

  /** SHA-256 of salt and code, hex. */
  @Property({ type: 'string', length: 64 })
  codeHash!: string;

  @Property({ type: 'string', length: 32 })
  salt!: string;

  @Property({ type: 'integer' })
  attempts = 0;

  @Property({ type: 'Date' })
  sentAt!: Date;

  @Property({ type: 'Date' })
  expiresAt!: Date;
}

/** Mails kept when no SMTP server is configured, for an admin to read. */
@Entity({ tableName: 'mail_outbox' })
@Index({ name: 'mail_outbox_domain_created_at_index', properties: ['domain', 'createdAt'] })
export class MailOutboxEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  id!: string;

  @Property({ type: 'string', length: 100 })
  domain!: string;

  @Property({ type: 'string', length: 254 })
  recipient!: string;

  @Property({ type: 'string', length: 255 })
  subject!: string;

  @Property({ type: 'text' })
  body!: string;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();
}

/** When each directory backend was last synced. */
@Entity({ tableName: 'directory_sync_state' })
export class DirectorySyncStateEntity {
  @PrimaryKey({ type: 'string', length: 100 })
  backendId!: string;

  @Property({ type: 'Date' })
  lastSyncAt!: Date;

  @Property({ type: 'string', length: 10 })
  lastMode!: string;
}
