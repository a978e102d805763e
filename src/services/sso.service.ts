import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import {
  canRedirectLogin,
  canVerifyProviderTokens,
  type BackendContext,
  type IdentityBackend,
  type RedirectAuthenticator,
  type RedirectLoginSecrets,
} from '../../backends/types';
import { BackendError } from '../../backends/errors';
import type { AppConfig } from '../config';
import type { Caller, RequestContext } from '../context';
import {
  RevokedProviderTokenEntity,
  SessionEntity,
  SsoLoginEntity,
  SsoSessionEntity,
  UserEntity,
} from '../db/entities';
import { AppError, BadInputError, NotFoundError, UnauthenticatedError } from '../errors/errors';
import { toAppError } from '../errors/format';
import { hashToken } from '../auth/tokens';
import type { BackendSet } from './backend-set';
import { issueSession } from './auth.service';
import type { ProvisioningService } from './provisioning.service';
import { userState } from './user-state';

/** How many verified access tokens are remembered, so that their claims are applied once, not per request. */
const SEEN_TOKENS_MAX = 10_000;
const RETURN_TO_MAX = 2048;

export interface StartedLogin {
  /** The provider's authorization URL: where the browser goes now. */
  location: string;
  /** The browser-binding cookie to set (HttpOnly, SameSite=Lax, scoped to the callback's path). */
  cookie: BindingCookie;
}

export interface BindingCookie {
  name: string;
  value: string;
  path: string;
  secure: boolean;
  maxAgeSeconds: number;
}

/** The end of a callback: where the browser goes (the return URL with the token or an error in its fragment). */
export interface CompletedLogin {
  location: string;
  /** The binding cookie to clear. */
  cookie: BindingCookie;
}

/** The cookie that binds a login to the browser that started it (against login CSRF). */
export function bindingCookieName(backendId: string): string {
  return `idgate_sso_${backendId}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/**
 * The nonce and PKCE verifier of a login, derived from its state with the row's salt: the table
 * holds neither, and the state alone (which travels in URLs) does not yield them either.
 */
function deriveSecrets(state: string, salt: string): RedirectLoginSecrets {
  const mac = (label: string) =>
    createHmac('sha256', Buffer.from(salt, 'hex')).update(`${label}\0${state}`).digest('base64url');
  return { state, nonce: mac('nonce'), codeVerifier: mac('pkce') };
}

/** The key that encrypts what an SSO session keeps: derived from its token, which idgate does not store. */
export function sessionKey(token: string): Buffer {
  return createHmac('sha256', token).update('idgate sso session v1').digest();
}

function seal(key: Buffer, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return ['v1', iv, body, cipher.getAuthTag()]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

function unseal(key: Buffer, sealed: string): string | null {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== 'v1' || !iv || !body || !tag) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return null;
  }
}

/**
 * A return URL on the backend's allow-list, or null. An entry matches exactly, or as a prefix when
 * it ends with "/" (same origin, path under it, after the URL parser has resolved any dot segments).
 * A URL with user info or a fragment is never allowed: the token goes into the fragment.
 */
export function allowedReturnUrl(raw: string, allowed: readonly string[]): string | null {
  if (raw.length > RETURN_TO_MAX) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.hash) {
    return null;
  }
  if (raw.includes('#')) return null;
  for (const entry of allowed) {
    const base = new URL(entry);
    if (base.origin !== url.origin) continue;
    // The stored form (percent-encoded) must fit too: it can be much longer than what was typed.
    if (url.href.length > RETURN_TO_MAX) return null;
    if (base.href === url.href) return url.href;
    if (base.pathname.endsWith('/') && !base.search && url.pathname.startsWith(base.pathname))
      return url.href;
  }
  return null;
}

/** Reads the `iss` of a JWT without trusting it: only to pick the backend that will check it. */
function unverifiedIssuer(token: string): string | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { iss?: unknown };
    return typeof payload?.iss === 'string' ? payload.iss : null;
  } catch {
    return null;
  }
}

/** True for a token shaped like a JWT (three base64url parts); idgate's own tokens have no dots. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

/**
 * Single sign-on: the browser login through a redirect backend (start, callback, session), provider
 * access tokens as Bearer (verified by the backend, user provisioned, a transient session), and the
 * provider's logout URL. The protocol itself is the backend's; this service keeps the login state,
 * binds it to the browser, provisions users and opens sessions.
 */
export class SsoService {
  /** Access tokens whose claims were applied recently: hash -> expiry (ms). */
  private readonly seenTokens = new Map<string, number>();

  constructor(
    private readonly config: AppConfig,
    private readonly backends: BackendSet,
    private readonly provisioning: ProvisioningService,
  ) {}

  private redirectBackend(id: string): IdentityBackend & RedirectAuthenticator {
    const backend = this.backends.get(id);
    if (!backend || !canRedirectLogin(backend)) throw new NotFoundError('backend');
    return backend;
  }

  private cookieFor(backend: RedirectAuthenticator & IdentityBackend, value: string, maxAge: number) {
    const url = new URL(backend.redirectUrl);
    const path = url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1) || '/';
    return {
      name: bindingCookieName(backend.id),
      value,
      path,
      secure: url.protocol === 'https:',
      maxAgeSeconds: maxAge,
    };
  }

  /**
   * Starts a browser login: checks the return URL against the allow-list (BAD_USER_INPUT when it is
   * not on it), stores the login (state hashed, secrets derived, expiry, browser binding) and returns
   * the provider's authorization URL. BACKEND_UNAVAILABLE when the provider does not answer.
   */
  async startLogin(
    ctx: RequestContext,
    backendId: string,
    returnTo: string | undefined,
  ): Promise<StartedLogin> {
    const backend = this.redirectBackend(backendId);
    const target =
      returnTo === undefined || returnTo === ''
        ? backend.allowedReturnUrls[0]!
        : allowedReturnUrl(returnTo, backend.allowedReturnUrls);
    if (!target) throw new BadInputError([{ field: 'returnTo', message: 'is not an allowed return URL' }]);
    const state = randomBytes(32).toString('base64url');
    const salt = randomBytes(32).toString('hex');
    const binding = randomBytes(32).toString('base64url');
    const location = await backend.authorizationUrl(ctx, deriveSecrets(state, salt));
    const now = new Date();
    await ctx.em.nativeDelete(SsoLoginEntity, { expiresAt: { $lt: now } });
    await ctx.em.insert(SsoLoginEntity, {
      id: sha256(state),
      backendId: backend.id,
      bindingHash: sha256(binding),
      salt,
      returnTo: target,
      createdAt: now,
      expiresAt: new Date(now.getTime() + backend.loginTimeoutSeconds * 1000),
    });
    return { location, cookie: this.cookieFor(backend, binding, backend.loginTimeoutSeconds) };
  }

  /**
   * The provider's callback. Before the login is recognised (unknown, used or expired state, a
   * browser that did not start it) this throws UNAUTHENTICATED: there is no trusted place to send
   * the browser. After, every outcome is a redirect to the login's return URL, carrying in its
   * fragment either `token`, `expiresAt` and `tokenType`, or `error` (a public error code).
   */
  async completeLogin(
    ctx: RequestContext,
    backendId: string,
    query: URLSearchParams,
    bindingValue: string | undefined,
  ): Promise<CompletedLogin> {
    const backend = this.redirectBackend(backendId);
    const clear = this.cookieFor(backend, '', 0);
    const refused = new UnauthenticatedError('Unknown, used or expired login');
    const state = query.get('state');
    if (!state || state.length > 512 || !bindingValue) throw refused;
    const id = sha256(state);
    const login = await ctx.em.findOne(SsoLoginEntity, { id });
    if (!login || login.backendId !== backend.id || !sameHex(sha256(bindingValue), login.bindingHash)) {
      throw refused;
    }
    // Single use: whoever deletes the row owns the login; a replay or a parallel callback loses.
    const deleted = await ctx.em.nativeDelete(SsoLoginEntity, { id });
    if (deleted !== 1 || login.expiresAt.getTime() <= Date.now()) throw refused;

    const back = (fragment: Record<string, string>) => ({
      location: `${login.returnTo}#${new URLSearchParams(fragment).toString()}`,
      cookie: clear,
    });
    const failed = (error: unknown) => {
      const mapped = toAppError(error);
      if (!mapped) {
        ctx.log.error({ err: error, backend: backend.id }, 'SSO login failed unexpectedly');
        return back({ error: 'INTERNAL_SERVER_ERROR' });
      }
      const fragment: Record<string, string> = { error: mapped.code };
      const extensions = mapped.extensions as Record<string, unknown>;
      if (typeof extensions.backend === 'string') fragment.backend = extensions.backend;
      if (typeof extensions.reason === 'string') fragment.reason = extensions.reason;
      const reason = (error as { reason?: unknown }).reason;
      if (reason === 'access_denied') fragment.reason = 'access_denied';
      return back(fragment);
    };

    try {
      const result = await backend.completeLogin(ctx, query, deriveSecrets(state, login.salt));
      const now = new Date();
      const user = await this.provisioning.provision(ctx, backend.id, result.identity, { loginAt: now });
      // Only disabled or expired users are refused: a lock counts failed password logins, and an
      // SSO user has no password here (so others cannot lock it out of its provider login).
      const userNow = userState(user, now);
      if (userNow === 'DISABLED' || userNow === 'EXPIRED')
        throw new UnauthenticatedError('This user may not log in');
      const ttl = this.config.sessions.ttlSeconds;
      const issued = await ctx.em.transactional(async (em) => {
        const tx = { ...ctx, em };
        const { token, session } = issueSession(tx, user.id, 'SSO', ttl);
        await em.nativeDelete(SsoSessionEntity, { expiresAt: { $lt: now } });
        em.persist(
          em.create(SsoSessionEntity, {
            sessionId: session.id,
            backendId: backend.id,
            idToken: result.idToken ? seal(sessionKey(token), result.idToken) : null,
            expiresAt: session.expiresAt,
          }),
        );
        await em.flush();
        return { token, session };
      });
      return back({
        token: issued.token,
        expiresAt: issued.session.expiresAt.toISOString(),
        tokenType: 'Bearer',
      });
    } catch (error) {
      if (!(error instanceof AppError) && !(error instanceof BackendError)) {
        ctx.log.error({ err: error, backend: backend.id }, 'SSO login failed unexpectedly');
      }
      return failed(error);
    }
  }

  /**
   * Resolves a provider access token (a JWT) to its caller, provisioning the user on first use. Null
   * when no backend takes the token or it is not valid (UNAUTHENTICATED); throws
   * BackendUnavailableError when the provider's keys are needed and cannot be fetched.
   */
  async authenticateToken(ctx: BackendContext, token: string): Promise<Caller | null> {
    const issuer = unverifiedIssuer(token);
    if (!issuer) return null;
    const candidates = this.backends
      .all()
      .filter(canVerifyProviderTokens)
      .filter((b) => b.acceptsIssuer(issuer));
    for (const backend of candidates) {
      const verified = await backend.verifyAccessToken(ctx, token);
      if (!verified) continue;
      const tokenHash = hashToken(token);
      if (await ctx.em.count(RevokedProviderTokenEntity, { tokenHash })) return null;
      const now = Date.now();
      let user: UserEntity | null = null;
      if ((this.seenTokens.get(tokenHash) ?? 0) > now) {
        user = await ctx.em.findOne(UserEntity, {
          backendId: backend.id,
          externalId: verified.identity.externalId,
        });
      }
      if (!user) {
        let identity = verified.identity;
        if (identity.name === undefined) {
          const known = await ctx.em.count(UserEntity, {
            backendId: backend.id,
            externalId: identity.externalId,
          });
          if (!known) identity = await backend.completeIdentity(ctx, token, identity);
        }
        user = await this.provisioning.provision(ctx, backend.id, identity, { loginAt: verified.issuedAt });
        this.remember(tokenHash, verified.expiresAt.getTime());
      }
      const state = userState(user);
      if (state === 'DISABLED' || state === 'EXPIRED') return null;
      const session = Object.assign(new SessionEntity(), {
        id: `jwt-${sha256(`${issuer}\n${verified.tokenId ?? tokenHash}`).slice(0, 32)}`,
        userId: user.id,
        tokenHash,
        method: 'SSO' as const,
        createdAt: verified.issuedAt ?? new Date(now),
        lastSeenAt: new Date(now),
        expiresAt: verified.expiresAt,
        ipAddress: null,
        userAgent: null,
      });
      return {
        user,
        session,
        providerToken: { backendId: backend.id, tokenHash, expiresAt: verified.expiresAt },
      };
    }
    return null;
  }

  /**
   * Ends what the caller's token stands for on the SSO side: a provider access token is refused from
   * now on until it expires; an SSO session's kept ID token is dropped. Resolves the provider's
   * end-session URL when `withUrl` and the caller's login came from a provider that has one.
   */
  async endSession(ctx: RequestContext, caller: Caller, withUrl: boolean): Promise<string | null> {
    if (caller.providerToken) {
      const { backendId, tokenHash, expiresAt } = caller.providerToken;
      await ctx.em.nativeDelete(RevokedProviderTokenEntity, { expiresAt: { $lt: new Date() } });
      await ctx.em.upsert(RevokedProviderTokenEntity, { tokenHash, expiresAt });
      this.seenTokens.delete(tokenHash);
      return withUrl ? this.urlFor(ctx, backendId, null) : null;
    }
    if (caller.session.method !== 'SSO') return null;
    const kept = await ctx.em.findOne(SsoSessionEntity, { sessionId: caller.session.id });
    if (!kept) return null;
    await ctx.em.nativeDelete(SsoSessionEntity, { sessionId: kept.sessionId });
    if (!withUrl) return null;
    const hint = kept.idToken && caller.sessionKey ? unseal(caller.sessionKey, kept.idToken) : null;
    return this.urlFor(ctx, kept.backendId, hint);
  }

  private async urlFor(ctx: RequestContext, backendId: string, hint: string | null): Promise<string | null> {
    const backend = this.backends.get(backendId);
    if (!backend || !canRedirectLogin(backend)) return null;
    return backend.endSessionUrl(ctx, hint);
  }

  private remember(tokenHash: string, expiresAt: number): void {
    if (this.seenTokens.size >= SEEN_TOKENS_MAX) {
      const now = Date.now();
      for (const [hash, expiry] of this.seenTokens) if (expiry <= now) this.seenTokens.delete(hash);
      if (this.seenTokens.size >= SEEN_TOKENS_MAX) this.seenTokens.clear();
    }
    this.seenTokens.set(tokenHash, expiresAt);
  }
}
