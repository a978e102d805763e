import type { EntityManager } from '@mikro-orm/knex';

/**
 * The backend contract, in the manner of Dex's connectors: a small base every backend has
 * ({@link IdentityBackend}), and one optional interface per capability (./capabilities.ts). What a
 * backend can do is only ever read from which interfaces it implements, through the type guards of
 * ./capabilities.ts; `readOnly` and the capability names shown in the API are derived from them.
 */

/** The label a backend shows in the API (`Backend.kind`). Nothing in the service layer compares it. */
export type BackendKind = 'LOCAL' | 'LDAP' | 'SSO';

/** The minimal structured logger a backend writes to (fastify's pino logger fits it). */
export interface BackendLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What every backend call gets first: the request's database handle and logger. */
export interface BackendContext {
  /** The EntityManager of the request, or of the service transaction the call runs inside. */
  readonly em: EntityManager;
  /** The request's logger; never log a password, token or bind credential. */
  readonly log: BackendLogger;
}

/** What a backend factory gets besides its config: the server's logger, for work outside requests. */
export interface BackendDependencies {
  readonly log: BackendLogger;
}

export interface ExternalIdData {
  type: string;
  id: string;
}

export interface ProfileData {
  fullName: string | null;
  firstName: string | null;
  lastName: string | null;
}

/** The directory-owned part of a user, as the backend holds it. */
export interface DirectoryUser {
  /** The backend's own stable key (LDAP: the configured key attribute, entryUUID by default; OIDC sub); null for the local backend. */
  externalId: string | null;
  name: string;
  displayName: string;
  email: string | null;
  emailVerified: boolean;
  mobile: string | null;
  profile: ProfileData;
  attributes: Record<string, unknown>;
  externalIds: ExternalIdData[];
}

/** How the service names a user to a backend. */
export interface UserRef {
  /** The gateway's id of the user. */
  id: string;
  /** The backend's key, as returned by a create or found by a read; null for local users. */
  externalId: string | null;
  /** The backend that owns the user (a group's backend is told of members it may not own). */
  backendId: string;
  domain: string;
  name: string;
  /** The gateway's external ids of the user (an LDAP user's DN among them). */
  externalIds: ExternalIdData[];
}

/** How the service names a group to a backend. */
export interface GroupRef {
  id: string;
  externalId: string | null;
  domain: string;
  name: string;
}

/** A group as a backend holds it. */
export interface DirectoryGroup {
  /** The backend's stable key (LDAP: the configured key attribute). */
  externalId: string;
  name: string;
  displayName: string;
  externalIds: ExternalIdData[];
  /** The number of members, when the read that found the group told it (saves a count later). */
  memberCount?: number;
}

/**
 * The base every backend has: who it is, whether it answers, and reading users by key or by name.
 * A backend with nothing more is read-only and checks no passwords.
 */
export interface IdentityBackend {
  /** Unique over the whole gateway; the `backend` argument of the API names it. */
  readonly id: string;
  /** Shown in the API; behaviour never depends on it (ask for a capability instead). */
  readonly kind: BackendKind;
  readonly displayName: string;
  /** Called once at server start, before the first request; may open pools or fetch discovery. */
  init?(): Promise<void>;
  /** Called once at server stop; closes whatever init opened. */
  destroy?(): Promise<void>;
  /**
   * Called by /readyz. Resolves when the backend answers; throws BackendUnavailableError when it
   * does not, within the backend's own timeout.
   */
  checkHealth(ctx: BackendContext): Promise<void>;
  /**
   * Batch read by the backend's keys (for users kept in the gateway, the gateway ids). Resolves to
   * one entry per key, in key order, null for a key it does not know: the DataLoader contract.
   */
  getUsersByIds(
    ctx: BackendContext,
    ids: readonly string[],
    domain: string,
  ): Promise<(DirectoryUser | null)[]>;
  /** Finds one user by login name within a domain (case-insensitive), or null. */
  findUserByName(ctx: BackendContext, domain: string, name: string): Promise<DirectoryUser | null>;
}
