import type DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/knex';
import type { BackendContext, BackendLogger } from '../backends/types';
import type { GroupEntity, SessionEntity, UserEntity, UserTagEntity } from './db/entities';

/**
 * The request context: data about one request, built once per request by the server (src/server.ts)
 * and passed first to every service call. It carries who is calling, the request's database handle,
 * logger and batch loaders, and nothing that outlives the request. Services are not reached through
 * it: they are wired once at start (src/services/wiring.ts).
 */

/** Who is calling: the user and the session (or service token) the request came with. */
export interface Caller {
  user: UserEntity;
  /**
   * The session row of the token. For a provider access token (JWT) there is no row: this is then a
   * transient object (never stored) with method SSO, an id derived from the token's `jti`, and the
   * token's issue and expiry times; `providerToken` is set.
   */
  session: SessionEntity;
  /** Set when the caller came with an SSO provider's access token instead of an idgate token. */
  providerToken?: { backendId: string; tokenHash: string; expiresAt: Date };
  /** For an SSO session: the key (derived from its token) that opens what the session keeps. */
  sessionKey?: Buffer;
}

/**
 * Per-request batch loaders: a page of N users with their groups and tags costs one query per
 * loader (and, for users of a live directory, one directory search), whatever N is. Each returns
 * results in key order (the DataLoader contract). Built by src/services/loaders.ts.
 */
export interface Loaders {
  userById: DataLoader<string, UserEntity | null>;
  /** Groups by id: federation's `_entities` for N groups costs one query. */
  groupById: DataLoader<string, GroupEntity | null>;
  /** Keyed by user (cached by id): users of live directories need their external ids. */
  groupsByUser: DataLoader<UserEntity, GroupEntity[], string>;
  tagsByUser: DataLoader<string, UserTagEntity[]>;
  /** A user of a live directory read afresh from it (null once gone); other users as they are. */
  freshUser: DataLoader<UserEntity, UserEntity | null, string>;
  /** Keyed by group (cached by id): groups of live directories are counted there. */
  memberCountByGroup: DataLoader<GroupEntity, number, string>;
  /** Forgets everything loaded: called after a write so that reads see it. */
  clearAll(): void;
}

/** Built once per request; nothing in it is shared between requests. */
export interface RequestContext extends BackendContext {
  /** A fork of the ORM's EntityManager, for this request only (or the transaction's, inside one). */
  readonly em: EntityManager;
  readonly log: BackendLogger;
  /** Null for an anonymous request. */
  readonly caller: Caller | null;
  /** True when a token was sent but is not valid (unknown, expired, revoked, malformed). */
  readonly badToken: boolean;
  readonly loaders: Loaders;
  readonly ipAddress: string | null;
  readonly userAgent: string | null;
}

/** Builds a request context from its parts and the factory of its loaders (which see the context). */
export function makeRequestContext(
  parts: Omit<RequestContext, 'loaders'>,
  createLoaders: (ctx: RequestContext) => Loaders,
): RequestContext {
  const ctx = { ...parts } as RequestContext & { loaders: Loaders };
  ctx.loaders = createLoaders(ctx);
  return ctx;
}
