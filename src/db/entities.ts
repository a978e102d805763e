import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * The gateway's tables. `users` and `groups` hold one record for every user and group of every
 * backend: for the local backend the directory-owned columns are the data itself, for LDAP and
 * SSO backends they mirror the directory (refreshed at login and by sync). The gateway-owned
 * columns (admin flag, state, required actions, validity, tags, sessions) work the same for all.
 */

export type UserTypeValue = 'USER' | 'SERVICE_ACCOUNT';
export type SessionMethodValue = 'PASSWORD' | 'SSO' | 'SERVICE_TOKEN';

@Entity({ tableName: 'users' })
@Unique({ name: 'users_domain_name_key_unique', properties: ['domain', 'nameKey'] })
@Unique({ name: 'users_domain_email_key_unique', properties: ['domain', 'emailKey'] })
@Unique({ name: 'users_backend_external_id_unique', properties: ['backendId', 'externalId'] })
export class UserEntity {
  [OptionalProps]?:
    | 'version'
    | 'externalId'
    | 'userType'
    | 'email'
    | 'emailKey'
    | 'emailVerified'
    | 'mobile'
    | 'fullName'
    | 'firstName'
    | 'lastName'
    | 'attributes'
    | 'externalIds'
    | 'isAdmin'
    | 'disabled'
    | 'syncDisabled'
    | 'pending'
    | 'requiredActions'
    | 'validityBegin'
    | 'validityEnd'
    | 'failedLoginCount'
    | 'lockedUntil'
    | 'failureWindowStart'
    | 'lastLoginAt'
    | 'createdAt'
    | 'updatedAt';

  @PrimaryKey({ type: 'string', length: 36 })
  id!: string;

  @Property({ type: 'string', length: 100 })
  domain!: string;

  @Property({ type: 'string', length: 100 })
  backendId!: string;

  @Property({ type: 'string', length: 255, nullable: true })
  externalId: string | null = null;

  @Property({ type: 'string', length: 20 })
  userType: UserTypeValue = 'USER';

  @Property({ type: 'string', length: 100 })
  name!: string;

  /** `name` lower-cased: names are unique in a domain whatever their case. */
  @Property({ type: 'string', length: 100 })
  nameKey!: string;

  @Property({ type: 'string', length: 150 })
  displayName!: string;

  @Property({ type: 'string', length: 254, nullable: true })
  email: string | null = null;

  @Property({ type: 'string', length: 254, nullable: true })
  emailKey: string | null = null;

  @Property({ type: 'boolean' })
  emailVerified = false;

  @Property({ type: 'string', length: 32, nullable: true })
  mobile: string | null = null;

  @Property({ type: 'string', length: 150, nullable: true })
  fullName: string | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  firstName: string | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  lastName: string | null = null;

  @Property({ type: 'json' })
  attributes: Record<string, unknown> = {};

  @Property({ type: 'json' })
  externalIds: { type: string; id: string }[] = [];

  @Property({ type: 'boolean' })
  isAdmin = false;

  @Property({ type: 'boolean' })
  disabled = false;

  /** Set when a directory sync disabled the user because it was gone; cleared when it comes back. */
  @Property({ type: 'boolean' })
  syncDisabled = false;

  /** True while a local user has no password yet: state PENDING. */
  @Property({ type: 'boolean' })
  pending = false;

  @Property({ type: 'json' })
  requiredActions: string[] = [];

  @Property({ type: 'Date', nullable: true })
  validityBegin: Date | null = null;

  @Property({ type: 'Date', nullable: true })
  validityEnd: Date | null = null;

  @Property({ type: 'integer' })
  failedLoginCount = 0;

  @Property({ type: 'Date', nullable: true })
  lockedUntil: Date | null = null;

  /** When the current run of failed logins began; failures older than the lockout window start a new run. */
  @Property({ type: 'Date', nullable: true })
  failureWindowStart: Date | null = null;

  @Property({ type: 'Date', nullable: true })
  lastLoginAt: Date | null = null;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  @Property({ type: 'Date' })
  updatedAt: Date = new Date();

  /** Optimistic lock: bumped by every flush that changes the row. */
  @Property({ type: 'integer', version: true })
  version: number = 1;
}

@Entity({ tableName: 'groups' })
@Unique({ name: 'groups_domain_name_key_unique', properties: ['domain', 'nameKey'] })
export class GroupEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  id!: string;

  @Property({ type: 'string', length: 100 })
  domain!: string;

  @Property({ type: 'string', length: 100 })
  backendId!: string;

  @Property({ type: 'string', length: 255, nullable: true })
  externalId: string | null = null;

  @Property({ type: 'string', length: 100 })
  name!: string;

  @Property({ type: 'string', length: 100 })
  nameKey!: string;

  @Property({ type: 'string', length: 150 })
  displayName!: string;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();
}

@Entity({ tableName: 'group_members' })
@Index({ name: 'group_members_user_id_index', properties: ['userId'] })
export class GroupMemberEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  groupId!: string;

  @PrimaryKey({ type: 'string', length: 36 })
  userId!: string;
}

@Entity({ tableName: 'user_tags' })
@Index({ name: 'user_tags_key_value_index', properties: ['key', 'value'] })
export class UserTagEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  userId!: string;

  @PrimaryKey({ type: 'string', length: 100 })
  key!: string;

  @Property({ type: 'string', length: 255 })
  value!: string;
}

@Entity({ tableName: 'sessions' })
@Index({ name: 'sessions_user_id_index', properties: ['userId'] })
export class SessionEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  id!: string;

  @Property({ type: 'string', length: 36 })
  userId!: string;

  /** SHA-256 of the token, hex: the token itself is never stored. */
  @Property({ type: 'string', length: 64, unique: 'sessions_token_hash_unique' })
  tokenHash!: string;

  @Property({ type: 'string', length: 20 })
  method!: SessionMethodValue;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  @Property({ type: 'Date' })
  lastSeenAt: Date = new Date();

  @Property({ type: 'Date' })
  expiresAt!: Date;

  @Property({ type: 'string', length: 64, nullable: true })
  ipAddress: string | null = null;

  @Property({ type: 'string', length: 512, nullable: true })
  userAgent: string | null = null;
}

/** Password hashes of local users: owned by the local backend, not by the gateway record. */
@Entity({ tableName: 'local_credentials' })
export class LocalCredentialEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  userId!: string;

  /** argon2id encoded hash (salt and parameters included). */
  @Property({ type: 'string', length: 255 })
  passwordHash!: string;

  @Property({ type: 'Date' })
  updatedAt: Date = new Date();
}

/** Gateway-owned preferences of a user; a user with no row has the defaults. */
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

/**
 * A browser login started at an SSO provider and not yet completed. Keyed by the SHA-256 of its
 * `state`; the nonce and PKCE verifier are derived from the state and `salt` (HMAC), so neither the
 * table alone nor the state alone yields them. Single use: the callback deletes the row.
 */
@Entity({ tableName: 'sso_logins' })
@Index({ name: 'sso_logins_expires_at_index', properties: ['expiresAt'] })
export class SsoLoginEntity {
  /** SHA-256 of the state, hex. */
  @PrimaryKey({ type: 'string', length: 64 })
  id!: string;

  @Property({ type: 'string', length: 100 })
  backendId!: string;

  /** SHA-256 of the value of the browser-binding cookie, hex. */
  @Property({ type: 'string', length: 64 })
  bindingHash!: string;

  /** 32 random bytes, hex: the HMAC key the nonce and PKCE verifier are derived with. */
  @Property({ type: 'string', length: 64 })
  salt!: string;

  /** The allowed return URL the browser goes back to. */
  @Property({ type: 'string', length: 2048 })
  returnTo!: string;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  @Property({ type: 'Date' })
  expiresAt!: Date;
}

/** What an SSO login session keeps for the provider's logout: the ID token, encrypted with a key only its session token yields. */
@Entity({ tableName: 'sso_sessions' })
@Index({ name: 'sso_sessions_expires_at_index', properties: ['expiresAt'] })
export class SsoSessionEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  sessionId!: string;

  @Property({ type: 'string', length: 100 })
  backendId!: string;

  /** AES-256-GCM of the ID token (v1.iv.ciphertext.tag, base64url); null when the provider sent none. */
  @Property({ type: 'text', nullable: true })
  idToken: string | null = null;

  @Property({ type: 'Date' })
  expiresAt!: Date;
}

/** Provider access tokens ended by `logout` before their expiry: refused until then. */
@Entity({ tableName: 'revoked_provider_tokens' })
@Index({ name: 'revoked_provider_tokens_expires_at_index', properties: ['expiresAt'] })
export class RevokedProviderTokenEntity {
  /** SHA-256 of the token, hex. */
  @PrimaryKey({ type: 'string', length: 64 })
  tokenHash!: string;

  @Property({ type: 'Date' })
  expiresAt!: Date;
}

export const ENTITIES = [
  UserEntity,
  GroupEntity,
  GroupMemberEntity,
  UserTagEntity,
  SessionEntity,
  LocalCredentialEntity,
  UserSettingsEntity,
  EmailVerificationEntity,
  MailOutboxEntity,
  DirectorySyncStateEntity,
  SsoLoginEntity,
  SsoSessionEntity,
  RevokedProviderTokenEntity,
];
