import { randomBytes } from 'node:crypto';
import { canRedirectLogin, type RedirectAuthenticator } from '../../../backends/capabilities';
import { BackendError } from '../../../backends/errors';
import type { IdentityBackend } from '../../../backends/types';
import type { AppConfig } from '../../config';
import type { Caller, RequestContext } from '../../context';
import { RevokedProviderTokenEntity, SsoLoginEntity, SsoSessionEntity } from '../../db/entities';
import { userState } from '../../domain/user-state';
import { AppError, BadInputError, NotFoundError, UnauthenticatedError } from '../../errors/errors';
import { toAppError } from '../../errors/map';
import { issueSession } from '../auth/sessions';
import type { BackendSet } from '../support/backend-set';
import type { ProviderTokens } from './provider-tokens';
import type { ProvisioningService } from './provisioning.service';
import { allowedReturnUrl, deriveSecrets, sameHex, seal, sessionKey, sha256, unseal } from './sso-crypto';

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

/**
 * Single sign-on in the browser: the login through a redirect backend (start, callback, session) and
 * the provider's logout. The protocol itself is the backend's; this service keeps the login state,
 * binds it to the browser, provisions users and opens sessions.
 */
export class SsoLoginService {
  constructor(
    private readonly config: AppConfig,
    private readonly backends: BackendSet,
    private readonly provisioning: ProvisioningService,
    private readonly providerTokens: ProviderTokens,
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
   * Ends what the caller's token stands for on the SSO side: a provider access token is refused from
   * now on until it expires; an SSO session's kept ID token is dropped. Resolves the provider's
   * end-session URL when `withUrl` and the caller's login came from a provider that has one.
   */
  async endSession(ctx: RequestContext, caller: Caller, withUrl: boolean): Promise<string | null> {
    if (caller.providerToken) {
      const { backendId, tokenHash, expiresAt } = caller.providerToken;
      await ctx.em.nativeDelete(RevokedProviderTokenEntity, { expiresAt: { $lt: new Date() } });
      await ctx.em.upsert(RevokedProviderTokenEntity, { tokenHash, expiresAt });
      this.providerTokens.forget(tokenHash);
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
}
