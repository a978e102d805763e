import type { EntityManager } from '@mikro-orm/knex';
import type { BackendContext, BackendLogger } from '../backends/types';
import type { SessionEntity, UserEntity } from './db/entities';
import { createLoaders, type Loaders } from './services/loaders';
import type { Services } from './services/services';

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

/** Built once per request by the context factory; nothing in it is shared between requests. */
export interface RequestContext extends BackendContext {
  /** A fork of the ORM's EntityManager, for this request only. */
  readonly em: EntityManager;
  readonly log: BackendLogger;
  /** Null for an anonymous request. */
  readonly caller: Caller | null;
  /** True when a token was sent but is not valid (unknown, expired, revoked, malformed). */
  readonly badToken: boolean;
  readonly loaders: Loaders;
  readonly services: Services;
  readonly ipAddress: string | null;
  readonly userAgent: string | null;
}

/** Builds a request context (and its own loaders) from its parts. */
export function makeRequestContext(parts: Omit<RequestContext, 'loaders'>): RequestContext {
  const ctx = { ...parts } as RequestContext & { loaders: Loaders };
  ctx.loaders = createLoaders(ctx);
  return ctx;
}
