import type {
  BackendContext,
  DirectoryGroup,
  DirectoryUser,
  ExternalIdData,
  GroupRef,
  IdentityBackend,
  ProfileData,
  UserRef,
} from './types';

/**
 * The optional capabilities of a backend, one interface each, and the type guards that tell them
 * apart. A guard checks for the interface's methods and nothing else: no flag can say otherwise.
 */

// ----- records kept by the gateway -----

/**
 * A backend whose users' directory data lives in the gateway's own records: the local backend (the
 * record is the data) and SSO (the record is built from the provider's claims, which cannot be read
 * back on demand). The gateway neither re-reads such users from the backend nor looks their names
 * up there. Any other backend is read live: asked for a name the gateway has not seen, and for fresh
 * data when its users are shown.
 */
export interface GatewayRecords {
  /** The marker itself: present (and true) only on backends that keep their users in the gateway. */
  readonly keepsRecordsInGateway: true;
}

// ----- passwords -----

/** A backend that checks passwords. */
export interface PasswordAuthenticator {
  /**
   * Checks a password. Called with `user` null when the name is unknown: the backend must then
   * spend the same time as for a real check and resolve false, so that the two cannot be told apart.
   */
  verifyPassword(ctx: BackendContext, user: UserRef | null, password: string): Promise<boolean>;
}

// ----- writing -----

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
  displayName?: string;
  email?: string | null;
  mobile?: string | null;
  profile?: Partial<ProfileData>;
  attributes?: Record<string, unknown>;
}

/** A change of a user's directory data, as the service has decided it. */
export type UserWrite =
  | { op: 'create'; user: UserRef; data: NewUserData }
  | { op: 'update'; user: UserRef; patch: UserPatch }
  | { op: 'delete'; user: UserRef }
  /** The password is already checked against the password policy. */
  | { op: 'setPassword'; user: UserRef; password: string };

/** Members to add to and remove from one group. */
export interface MembershipChange {
  group: GroupRef;
  add: readonly UserRef[];
  remove: readonly UserRef[];
}

/** A change of a group or of memberships, as the service has decided it. */
export type GroupWrite =
  | { op: 'create'; group: GroupRef; displayName: string }
  | { op: 'delete'; group: GroupRef }
  /** Membership changes the service computed (of any number of groups); all or nothing. */
  | { op: 'members'; changes: readonly MembershipChange[] };

/** What a write tells the gateway about the record it made (only `create` returns anything). */
export interface WriteResult {
  externalId?: string | null;
  externalIds?: ExternalIdData[];
}

/**
 * The write side: only backends whose directory data the gateway may change implement it. The
 * service has checked the change and computed it; the backend carries it into its own store. Every
 * call runs inside the service's database transaction; a backend that writes to a remote store must
 * leave that store as it was when it throws (and log at error what it could not put back).
 */
export interface DirectoryWriter {
  /** Carries one user change into the backend's store; `create` returns the backend's key. */
  writeUser(ctx: BackendContext, write: UserWrite): Promise<WriteResult>;
  /** Carries one group change into the backend's store; `create` returns the backend's key. */
  writeGroup(ctx: BackendContext, write: GroupWrite): Promise<WriteResult>;
}

// ----- live directories -----

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
  /** Only members of this group of the backend (its key). */
  groupId?: string;
  /** Only members of the backend's group of this name (when its key is not known yet). */
  groupName?: string;
  /** Fill in `createdAt` of each key (costs a bigger answer; only needed to order by it). */
  withCreatedAt?: boolean;
}

/**
 * A backend whose directory can be listed and searched live: listings, searches and group reads go
 * to it, with the filter pushed down. Listing is two-phased so that a page costs a fixed number of
 * directory searches: `listUserKeys` finds every match (sort keys only), the service filters, orders
 * and slices, then `getUsersByIds` reads the page and `getGroupsOfUsers` its groups.
 */
export interface DirectoryListing {
  /** Every user matching `query` (keys only), in no particular order. */
  listUserKeys(ctx: BackendContext, query: DirectoryUserQuery): Promise<DirectoryUserKey[]>;
  /** The groups of each user, in key order (the DataLoader contract); one search for all of them. */
  getGroupsOfUsers(ctx: BackendContext, users: readonly UserRef[]): Promise<DirectoryGroup[][]>;
  /**
   * Groups by name (`names`, case-insensitive; unknown ones left out) or by keyword over name and
   * display name (every group without either), in one search.
   */
  findGroups(
    ctx: BackendContext,
    query: { names?: readonly string[]; keyword?: string | null },
  ): Promise<DirectoryGroup[]>;
  /** The number of members of each group (by key), in key order, read from the group entries. */
  countGroupMembers(ctx: BackendContext, groupIds: readonly string[]): Promise<number[]>;
}

/** The result of reading a whole directory for `syncUsers`. */
export interface SyncRead {
  users: DirectoryUser[];
  /** The keys of every user in the directory (also in CHANGED mode), to tell who left. */
  allKeys: Set<string>;
  groups: (DirectoryGroup & { memberIds: string[] })[];
}

/** A backend whose users the gateway can mirror in bulk (`syncUsers`). */
export interface DirectorySync {
  /** A sync that would disable more than this share (0..1) of the mirrored users stops instead. */
  readonly maxDisableShare: number;
  /** Every user of the directory (`since` null), or those changed since `since` plus the keys of all. */
  readForSync(ctx: BackendContext, since: Date | null): Promise<SyncRead>;
}

// ----- external logins -----

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
  /** Where a started login may send the browser back to (absolute URLs; see docs/sso.md). */
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
   * Verifies signature (against the provider's keys), algorithm, issuer, audience, expiry, and that
   * the token was not issued (or made valid) in the future beyond the clock skew. Resolves null when
   * the token is not valid; throws BackendUnavailableError when the keys cannot be fetched.
   */
  verifyAccessToken(ctx: BackendContext, token: string): Promise<VerifiedProviderToken | null>;
  /**
   * Completes an access token's claims from the provider's userinfo endpoint (for a user seen for
   * the first time whose token lacks the name claim); resolves the identity unchanged when there is
   * no userinfo endpoint.
   */
  completeIdentity(ctx: BackendContext, token: string, identity: ExternalIdentity): Promise<ExternalIdentity>;
}

// ----- the guards: the only way to ask what a backend can do -----

function has(backend: IdentityBackend, method: string): boolean {
  return typeof (backend as unknown as Record<string, unknown>)[method] === 'function';
}

export function keepsRecordsInGateway(backend: IdentityBackend): backend is IdentityBackend & GatewayRecords {
  return (backend as Partial<GatewayRecords>).keepsRecordsInGateway === true;
}

export function canWrite(backend: IdentityBackend): backend is IdentityBackend & DirectoryWriter {
  return has(backend, 'writeUser') && has(backend, 'writeGroup');
}

export function canCheckPasswords(
  backend: IdentityBackend,
): backend is IdentityBackend & PasswordAuthenticator {
  return has(backend, 'verifyPassword');
}

export function canListLive(backend: IdentityBackend): backend is IdentityBackend & DirectoryListing {
  return has(backend, 'listUserKeys');
}

export function canSync(backend: IdentityBackend): backend is IdentityBackend & DirectorySync {
  return has(backend, 'readForSync');
}

export function canRedirectLogin(
  backend: IdentityBackend,
): backend is IdentityBackend & RedirectAuthenticator {
  return has(backend, 'completeLogin');
}

export function canVerifyProviderTokens(
  backend: IdentityBackend,
): backend is IdentityBackend & ProviderTokenVerifier {
  return has(backend, 'verifyAccessToken');
}

/** Names of what a backend can do, as listed in `Backend.capabilities`. */
export type Capability =
  | 'password-login'
  | 'write-users'
  | 'write-groups'
  | 'write-password'
  | 'redirect-login'
  | 'provider-tokens'
  | 'sync';

/** What the API says of a backend: derived from its interfaces, never declared beside them. */
export function describeCapabilities(backend: IdentityBackend): {
  readOnly: boolean;
  capabilities: Capability[];
} {
  const writable = canWrite(backend);
  const capabilities: Capability[] = [];
  if (canCheckPasswords(backend)) capabilities.push('password-login');
  if (canRedirectLogin(backend)) capabilities.push('redirect-login');
  if (canVerifyProviderTokens(backend)) capabilities.push('provider-tokens');
  if (canSync(backend)) capabilities.push('sync');
  if (writable) capabilities.push('write-users', 'write-groups');
  if (writable && canCheckPasswords(backend)) capabilities.push('write-password');
  return { readOnly: !writable, capabilities };
}
