import { Entity, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';

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

  /** The comparison form of `name` (src/domain/names.ts): names are unique in a domain by it. */
  @Property({ type: 'string', length: 255 })
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
