import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import type { SessionMethodValue } from './user.entity';

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
