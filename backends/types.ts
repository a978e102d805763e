import type { EntityManager } from '@mikro-orm/core';

/**
 * The backend contract. Every backend has the read side ({@link IdentityBackend}); a backend that
 * can change the data it owns also implements {@link DirectoryWriter}, and one that checks
 * passwords implements {@link PasswordAuthenticator}. The service layer asks with the type guards
 * at the bottom of this file which parts a backend has, once, in one place: a read-only backend has
 * no write methods at all, so nothing can write through it by mistake.
 */

export type BackendKind = 'LOCAL' | 'LDAP' | 'SSO';

/** Names of what a backend can do, as listed in `Backend.capabilities`. */
export type Capability =
  | 'password-login'
  | 'write-users'
  | 'write-groups'
  | 'write-password'
  | 'redirect-login'
  | 'provider-tokens'
  | 'sync';

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
  /** Where the backend logs; never log a password, token or bind credential. */
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
  /** The backend's own stable key (LDAP entryUUID, OIDC sub); null for the local backend. */
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
  /** The backend's key, as returned by createUser or found by a read; null for local users. */
  externalId: string | null;
  domain: string;
  name: string;
}

/** How the service names a group to a backend. */
export interface GroupRef {
  id: string;
  externalId: string | null;
  domain: string;
  name: string;
}

export interface NewUserData {
  name: string;
  displayName: string;
  email: string | null;
  mobile: string | null;
  profile: ProfileData;
  attributes: Record<string, unknown>;
  /** Clear text; null creates a user with no password yet (state PENDING). */
  password: string | null;
}

/** The directory-owned fields a change touches; an absent key is left as it is. */
export interface UserPatch {
  name?: string;
  displayName?: string;
  email?: string | null;
  mobile?: string | null;
  profile?: Partial<ProfileData>;
  attributes?: Record<string, unknown>;
}

/** The read side: every backend has it. */
export interface IdentityBackend {
  /** Unique over the whole gateway; the `backend` argument of the API names it. */
  readonly id: string;
  readonly kind: BackendKind;
  readonly displayName: string;
  /** True when the directory-owned data of this backend cannot be changed through the gateway. */
  readonly readOnly: boolean;
  readonly capabilities: readonly Capability[];
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
   * Batch read by the backend's keys (for local users, the gateway ids). Resolves to one entry per
   * key, in key order, null for a key it does not know: the DataLoader contract.
   */
  getUsersByIds(
    ctx: BackendContext,
    ids: readonly string[],
    domain: string,
  ): Promise<(DirectoryUser | null)[]>;
  /** Finds one user by login name within a domain (case-insensitive), or null. */
  findUserByName(ctx: BackendContext, domain: string, name: string): Promise<DirectoryUser | null>;
}

/** A group as a backend holds it. */
export interface DirectoryGroup {
  /** The backend's stable key (LDAP entryUUID). */
  externalId: string;
  name: string;
  displayName: string;
  externalIds: ExternalIdData[];
}

/** The sort key of one user in a directory listing: enough to filter, order and page. */
export interface DirectoryUserKey {
  externalId: string;
  name: string;
  createdAt: Date | null;
}

/** What a directory listing is narrowed to; every given part is ANDed and pushed into the directory. */
export interface DirectoryUserQuery {
  /** Case-insensitive "contains" over name, display name, email and full name. */
  keyword?: string;
  /** A group name: only its members. */
  group?: string;
  /** Fill in `createdAt` of each key (costs a bigger answer; only needed to order by it). */
  withCreatedAt?: boolean;
}

/**
 * A backend whose directory is read live rather than from the gateway's mirror: listings, searches
 * and group reads go to it, with the filter pushed down. Listing is two-phased so that a page costs a
 * fixed number of directory searches: `listUserKeys` finds every match (sort keys only), the service
 * filters, orders and slices, then `getUsersByIds` reads the page and `getGroupsOfUsers` its groups.
 */
export interface DirectoryListing {
  /** Every user matching `query` (keys only), in no particular order. */
  listUserKeys(ctx: BackendContext, query: DirectoryUserQuery): Promise<DirectoryUserKey[]>;
  /**
   * The groups of each user, in key order (the DataLoader contract); one search for all of them. A user
   * is named by its key and the external ids the gateway keeps for it (the LDAP DN among them).
   */
  getGroupsOfUsers(
    ctx: BackendContext,
    users: readonly { externalId: string; externalIds: ExternalIdData[] }[],
  ): Promise<DirectoryGroup[][]>;
  /** Every group whose name or display name contains `keyword` (all groups without one). */
  listGroups(ctx: BackendContext, keyword: string | null): Promise<DirectoryGroup[]>;
  /** One group by name (case-insensitive), or null. */
  findGroupByName(ctx: BackendContext, name: string): Promise<DirectoryGroup | null>;
  /** The member keys of each group, in key order. */
  getGroupMemberKeys(ctx: BackendContext, groupIds: readonly string[]): Promise<DirectoryUserKey[][]>;
}

/** The result of bringing the gateway's mirror of a directory up to date. */
export interface SyncOutcome {
  created: number;
  updated: number;
  disabled: number;
  failed: number;
  /** Set when the sync stopped before changing anything, with the reason. */
  aborted: string | null;
}

/** A backend whose users the gateway can mirror in bulk (`syncUsers`). */
export interface DirectorySync {
  /** A sync that would disable more than this share (0..1) of the mirrored users stops instead. */
  readonly maxDisableShare: number;
  /**
   * Every user of the directory (mode FULL), or those changed since `since` (mode CHANGED) plus the
   * keys of all, so that users gone from the directory can be told apart.
   */
  readForSync(
    ctx: BackendContext,
    since: Date | null,
  ): Promise<{
    users: DirectoryUser[];
    allKeys: Set<string>;
    groups: (DirectoryGroup & { memberIds: string[] })[];
  }>;
}

/** A backend that checks passwords. */
export interface PasswordAuthenticator {
  /**
   * Checks a password. Called with `user` null when the name is unknown: the backend must then
   * spend the same time as for a real check and resolve false, so that the two cannot be told apart.
   */
  verifyPassword(ctx: BackendContext, user: UserRef | null, password: string): Promise<boolean>;
}

/**
 * The write side: only backends whose directory data the gateway may change implement it. Every
 * method runs inside the service's database transaction; a backend that writes to a remote store
 * must leave that store as it was when it throws.
 */
export interface DirectoryWriter {
  /** Stores a new user; returns the backend's key and external ids for the gateway record. */
  createUser(
    ctx: BackendContext,
    user: UserRef,
    data: NewUserData,
  ): Promise<{ externalId: string | null; externalIds: ExternalIdData[] }>;
  /** Applies a change to directory-owned fields. */
  updateUser(ctx: BackendContext, user: UserRef, patch: UserPatch): Promise<void>;
  /** Removes the user and everything the backend holds for it. */
  deleteUser(ctx: BackendContext, user: UserRef): Promise<void>;
  /** Replaces the user's password (already checked against the password policy). */
  setPassword(ctx: BackendContext, user: UserRef, password: string): Promise<void>;
  /** Makes `groups` (all of them this backend's) the user's whole membership in this backend. */
  setUserGroups(ctx: BackendContext, user: UserRef, groups: readonly GroupRef[]): Promise<void>;
  /** Stores a new group; returns the backend's key for it. */
  createGroup(
    ctx: BackendContext,
    group: GroupRef,
    displayName: string,
  ): Promise<{ externalId: string | null }>;
  /** Removes a group (its memberships go with it). */
  deleteGroup(ctx: BackendContext, group: GroupRef): Promise<void>;
}

/**
 * What a provider says about a user, mapped to the gateway's fields. A field left undefined was not
 * in the claims; whether that clears the mirrored value or leaves it depends on `complete`.
 */
export interface ExternalIdentity {
  /** The provider's stable key for the user (the OIDC `sub`). */
  externalId: string;
  externalIds: ExternalIdData[];
  name?: string;
  displayName?: string;
  email?: string | null;
  emailVerified?: boolean;
  profile: Partial<ProfileData>;
  /** The user's groups in the provider, by gateway group name; undefined when the claim was absent. */
  groups?: { name: string; displayName: string }[];
  /**
   * True when the claims are the provider's whole answer (ID token and userinfo at a login): an
   * absent claim then clears the mirrored field. False for an access token, which often carries
   * only some claims: absent claims leave the mirror as it is.
   */
  complete: boolean;
}

/** The per-login secrets the gateway keeps (bound to the browser) between the start and the callback. */
export interface RedirectLoginSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** What a successful redirect login returns. */
export interface RedirectLoginResult {
  identity: ExternalIdentity;
  /** The provider's ID token, kept (encrypted) only to name the user at the provider's logout. */
  idToken: string | null;
}

/** A backend whose users log in by a browser redirect to an external provider (OpenID Connect). */
export interface RedirectAuthenticator {
  /** Where a started login may send the browser back to (absolute URLs; see the README). */
  readonly allowedReturnUrls: readonly string[];
  /** How long a started login may take before its callback is refused, in seconds. */
  readonly loginTimeoutSeconds: number;
  /**
   * idgate's callback URL as registered at the provider (`…/auth/sso/<id>/callback`); the
   * browser-binding cookie is scoped to its path, and Secure when it is https.
   */
  readonly redirectUrl: string;
  /**
   * The provider's authorization URL for a new login carrying these secrets. May fetch the
   * provider's metadata: throws BackendUnavailableError when the provider does not answer.
   */
  authorizationUrl(ctx: BackendContext, secrets: RedirectLoginSecrets): Promise<string>;
  /**
   * Completes a login from the callback's query string: checks state, exchanges the code (with the
   * PKCE verifier), checks the ID token (signature, issuer, audience, nonce, expiry) and maps the
   * claims. Throws BackendAuthError when the provider's answer does not prove a login,
   * BackendUnavailableError when the provider cannot be reached.
   */
  completeLogin(
    ctx: BackendContext,
    query: URLSearchParams,
    secrets: RedirectLoginSecrets,
  ): Promise<RedirectLoginResult>;
  /**
   * The provider's end-session URL for a user logging out (with the ID token as hint when known),
   * or null when the provider has none or its metadata cannot be had right now.
   */
  endSessionUrl(ctx: BackendContext, idTokenHint: string | null): Promise<string | null>;
}

/** A verified provider access token. */
export interface VerifiedProviderToken {
  identity: ExternalIdentity;
  /** The token's own id (`jti`) when it has one. */
  tokenId: string | null;
  issuedAt: Date | null;
  expiresAt: Date;
}

/** A backend that accepts access tokens (JWTs) its provider issued as Bearer tokens. */
export interface ProviderTokenVerifier {
  /** True when a token naming this issuer (not yet verified) is this backend's to check. */
  acceptsIssuer(issuer: string): boolean;
  /**
   * Verifies signature (against the provider's keys), algorithm, issuer, audience and expiry.
   * Resolves null when the token is not valid; throws BackendUnavailableError when the provider's
   * keys are needed and cannot be fetched.
   */
  verifyAccessToken(ctx: BackendContext, token: string): Promise<VerifiedProviderToken | null>;
  /**
   * Completes an access token's claims from the provider's userinfo endpoint (for a user seen for
   * the first time whose token lacks the name claim); resolves the identity unchanged when there is
   * no userinfo endpoint.
   */
  completeIdentity(ctx: BackendContext, token: string, identity: ExternalIdentity): Promise<ExternalIdentity>;
}

export function canWrite(backend: IdentityBackend): backend is IdentityBackend & DirectoryWriter {
  return !backend.readOnly && typeof (backend as Partial<DirectoryWriter>).createUser === 'function';
}

export function canListLive(backend: IdentityBackend): backend is IdentityBackend & DirectoryListing {
  return typeof (backend as Partial<DirectoryListing>).listUserKeys === 'function';
}

export function canSync(backend: IdentityBackend): backend is IdentityBackend & DirectorySync {
  return typeof (backend as Partial<DirectorySync>).readForSync === 'function';
}

export function canCheckPasswords(
  backend: IdentityBackend,
): backend is IdentityBackend & PasswordAuthenticator {
  return typeof (backend as Partial<PasswordAuthenticator>).verifyPassword === 'function';
}

export function canRedirectLogin(
  backend: IdentityBackend,
): backend is IdentityBackend & RedirectAuthenticator {
  return typeof (backend as Partial<RedirectAuthenticator>).completeLogin === 'function';
}

export function canVerifyProviderTokens(
  backend: IdentityBackend,
): backend is IdentityBackend & ProviderTokenVerifier {
  return typeof (backend as Partial<ProviderTokenVerifier>).verifyAccessToken === 'function';
}
