import { timingSafeEqual } from 'node:crypto';
import * as oidc from 'openid-client';
import { decodeProtectedHeader, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { BackendAuthError, BackendError, BackendUnavailableError } from '../errors';
import type {
  GatewayRecords,
  RedirectAuthenticator,
  RedirectLoginResult,
  RedirectLoginSecrets,
} from '../capabilities';
import type {
  BackendContext,
  BackendDependencies,
  BackendLogger,
  DirectoryUser,
  IdentityBackend,
} from '../types';
import { mapClaims } from './claims';
import { ProviderKeys } from './provider-keys';
import type { SsoBackendConfig } from './sso.config';
import { recordByName, recordsByKeys } from '../mirror-row';

/** Longer tokens are refused unread. */
const MAX_TOKEN_LENGTH = 16 * 1024;
const MAX_SUBJECT_LENGTH = 255;

/** Error codes of openid-client meaning the provider answered, but not as a working provider does. */
const BROKEN_RESPONSE_CODES = new Set(['OAUTH_RESPONSE_IS_NOT_CONFORM', 'OAUTH_RESPONSE_IS_NOT_JSON']);

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** True when the request never got an HTTP answer: refused, reset, unresolvable, timed out. */
function isNetworkFailure(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const name = (e as { name?: unknown }).name;
    if (name === 'TimeoutError' || name === 'AbortError') return true;
    if (e instanceof TypeError && e.message === 'fetch failed') return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return true;
  }
  return false;
}

/** Only what is safe to log about a provider error: never a code, token or secret. */
export function describe(error: unknown): Record<string, unknown> {
  const e = error as { name?: unknown; code?: unknown; status?: unknown; error?: unknown };
  return {
    name: typeof e?.name === 'string' ? e.name : typeof error,
    code: typeof e?.code === 'string' ? e.code : undefined,
    status: typeof e?.status === 'number' ? e.status : undefined,
    error: typeof e?.error === 'string' ? e.error : undefined,
  };
}

/**
 * An OpenID Connect provider (Keycloak, Okta, Entra ID, Google, ...). Users log in through the
 * provider (authorization code flow with PKCE, state and nonce); the gateway keeps a record of each
 * user made from the claims. The directory data is the provider's: this backend has no write side
 * at all, so every change to it is READ_ONLY_BACKEND. With an `audience` configured it also takes
 * the provider's access tokens ({@link SsoTokenBackend}). openid-client and jose are used here and
 * nowhere else.
 */
export class SsoBackend implements IdentityBackend, GatewayRecords, RedirectAuthenticator {
  readonly kind = 'SSO' as const;
  readonly keepsRecordsInGateway = true as const;
  readonly id: string;
  readonly displayName: string;
  readonly allowedReturnUrls: readonly string[];
  readonly loginTimeoutSeconds: number;
  readonly redirectUrl: string;
  protected configuration: oidc.Configuration | null = null;
  private jwksUri: string | null = null;
  private readonly keys: ProviderKeys;
  /** Where work outside a request (background key refreshes, discovery at start) is logged. */
  private readonly log: BackendLogger;

  constructor(
    protected readonly config: SsoBackendConfig,
    dependencies: BackendDependencies,
  ) {
    this.id = config.id;
    this.displayName = config.displayName ?? 'Single sign-on';
    this.allowedReturnUrls = config.allowedReturnUrls;
    this.loginTimeoutSeconds = config.loginTimeoutSeconds;
    this.redirectUrl = config.redirectUrl;
    this.log = dependencies.log;
    this.keys = new ProviderKeys(() => this.fetchKeys(), {
      backendId: config.id,
      minRefreshMs: config.jwksMinRefreshSeconds * 1000,
      maxAgeMs: config.jwksCacheSeconds * 1000,
      onBackgroundFailure: (error) =>
        this.log.warn(
          { backend: this.id, cause: describe(error) },
          'refreshing the provider keys failed; the cached keys stay in use',
        ),
    });
  }

  /** Reads the provider's metadata if it can; a provider that is down now is tried again on first use. */
  async init(): Promise<void> {
    await this.discover().catch(() => undefined);
  }

  async checkHealth(ctx: BackendContext): Promise<void> {
    await this.discover(ctx.log);
  }

  getUsersByIds(
    ctx: BackendContext,
    ids: readonly string[],
    domain: string,
  ): Promise<(DirectoryUser | null)[]> {
    return recordsByKeys(ctx, this.id, domain, ids, 'externalId');
  }

  findUserByName(ctx: BackendContext, domain: string, name: string): Promise<DirectoryUser | null> {
    return recordByName(ctx, this.id, domain, name);
  }

  // ----- browser login -----

  async authorizationUrl(ctx: BackendContext, secrets: RedirectLoginSecrets): Promise<string> {
    // Fresh metadata for every login: endpoints and keys may have moved, and a provider that is
    // down is reported here (BACKEND_UNAVAILABLE) instead of sending the browser to a dead page.
    const configuration = await this.discover(ctx.log);
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.redirectUrl,
      scope: this.config.scopes.join(' '),
      state: secrets.state,
      nonce: secrets.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(secrets.codeVerifier),
      code_challenge_method: 'S256',
    });
    return url.href;
  }

  async completeLogin(
    ctx: BackendContext,
    query: URLSearchParams,
    secrets: RedirectLoginSecrets,
  ): Promise<RedirectLoginResult> {
    const configuration = await this.currentConfiguration(ctx.log);
    const callback = new URL(this.config.redirectUrl);
    callback.search = query.toString();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: secrets.codeVerifier,
        expectedState: secrets.state,
        expectedNonce: secrets.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw this.classify(error, ctx);
    }
    const idToken = tokens.id_token;
    if (!idToken) throw new BackendAuthError(this.id, 'invalid');
    // openid-client trusts an ID token fetched straight from the token endpoint; idgate checks its
    // signature anyway, against the provider's keys and idgate's own algorithm list.
    const idClaims = await this.verifyJwt(idToken, this.config.clientId, ctx);
    if (!idClaims || typeof idClaims.nonce !== 'string' || !sameText(idClaims.nonce, secrets.nonce)) {
      throw new BackendAuthError(this.id, 'invalid');
    }
    let claims: Record<string, unknown> = { ...idClaims };
    const userinfoEndpoint = configuration.serverMetadata().userinfo_endpoint;
    if (this.config.userinfo && userinfoEndpoint && tokens.access_token) {
      try {
        const info = await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub!);
        claims = { ...info, ...pick(idClaims, ['iss', 'sub', 'aud', 'exp', 'iat', 'nonce']) };
      } catch (error) {
        throw this.classify(error, ctx);
      }
    }
    return { identity: this.identityFrom(claims, true, ctx), idToken };
  }

  async endSessionUrl(ctx: BackendContext, idTokenHint: string | null): Promise<string | null> {
    let configuration: oidc.Configuration;
    try {
      configuration = await this.currentConfiguration(ctx.log);
    } catch {
      return null;
    }
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    const parameters: Record<string, string> = { client_id: this.config.clientId };
    if (idTokenHint) parameters.id_token_hint = idTokenHint;
    if (this.config.postLogoutRedirectUrl)
      parameters.post_logout_redirect_uri = this.config.postLogoutRedirectUrl;
    return oidc.buildEndSessionUrl(configuration, parameters).href;
  }

  // ----- internals -----

  /**
   * Checks a JWT: size, algorithm (the configured asymmetric ones only: `none` and HMAC never, so a
   * public key can never be used as an HMAC secret), signature against the provider's keys, issuer,
   * audience, expiry and not-before with the configured skew, and a subject. Null when any fails.
   */
  protected async verifyJwt(
    token: string,
    audience: string | string[],
    ctx: BackendContext,
  ): Promise<(JWTPayload & { sub: string; exp: number }) | null> {
    if (token.length > MAX_TOKEN_LENGTH) return null;
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      return null;
    }
    if (!alg || !this.config.algorithms.includes(alg)) return null;
    const configuration = await this.currentConfiguration(ctx.log);
    try {
      const { payload } = await jwtVerify(token, this.keys.resolve, {
        issuer: configuration.serverMetadata().issuer,
        audience,
        algorithms: this.config.algorithms,
        clockTolerance: this.config.clockSkewSeconds,
        requiredClaims: ['exp', 'sub'],
      });
      if (typeof payload.sub !== 'string' || !payload.sub || payload.sub.length > MAX_SUBJECT_LENGTH)
        return null;
      // jose checks `nbf` against the skew but `iat` only with a maximum age: a token issued in the
      // future (beyond the skew) is refused here, as docs/sso.md promises.
      if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + this.config.clockSkewSeconds) {
        ctx.log.info({ backend: this.id }, 'provider token refused: issued in the future');
        return null;
      }
      return payload as JWTPayload & { sub: string; exp: number };
    } catch (error) {
      if (error instanceof BackendError) throw error;
      ctx.log.info({ backend: this.id, cause: describe(error) }, 'provider token refused');
      return null;
    }
  }

  protected identityFrom(claims: Record<string, unknown>, complete: boolean, ctx: BackendContext) {
    const { identity, skippedGroups } = mapClaims(claims, this.config.claims, complete);
    if (skippedGroups.length) {
      ctx.log.warn(
        { backend: this.id, groups: skippedGroups },
        'groups from the provider that cannot be gateway group names were skipped',
      );
    }
    return identity;
  }

  /** The last metadata read, or a new discovery when there is none yet. */
  protected async currentConfiguration(log: BackendLogger): Promise<oidc.Configuration> {
    return this.configuration ?? this.discover(log);
  }

  /** Reads the provider's metadata; BACKEND_UNAVAILABLE when it cannot. */
  private async discover(log: BackendLogger = this.log): Promise<oidc.Configuration> {
    const metadata: Partial<oidc.ClientMetadata> = {
      [oidc.clockTolerance]: this.config.clockSkewSeconds,
    };
    const secret = this.config.clientSecret;
    const auth = !secret
      ? oidc.None()
      : this.config.clientAuthMethod === 'client_secret_post'
        ? oidc.ClientSecretPost(secret)
        : oidc.ClientSecretBasic(secret);
    try {
      const configuration = await oidc.discovery(
        new URL(this.config.issuer),
        this.config.clientId,
        metadata,
        auth,
        {
          execute: this.config.allowInsecureHttp ? [oidc.allowInsecureRequests] : [],
          timeout: this.config.timeoutSeconds,
        },
      );
      const jwksUri = configuration.serverMetadata().jwks_uri ?? null;
      if (jwksUri !== this.jwksUri) {
        this.jwksUri = jwksUri;
        this.keys.reset();
      }
      this.configuration = configuration;
      return configuration;
    } catch (error) {
      log.warn({ backend: this.id, cause: describe(error) }, 'provider metadata could not be read');
      throw new BackendUnavailableError(this.id, 'provider metadata could not be read', { cause: error });
    }
  }

  private async fetchKeys(): Promise<JSONWebKeySet> {
    const configuration = await this.currentConfiguration(this.log);
    const uri = configuration.serverMetadata().jwks_uri;
    const unavailable = (cause?: unknown) =>
      new BackendUnavailableError(this.id, 'provider keys could not be read', { cause });
    if (!uri || (!this.config.allowInsecureHttp && !uri.startsWith('https:'))) throw unavailable();
    let body: unknown;
    try {
      const response = await fetch(uri, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.config.timeoutSeconds * 1000),
        redirect: 'error',
      });
      if (!response.ok) throw unavailable({ status: response.status });
      body = await response.json();
    } catch (error) {
      if (error instanceof BackendUnavailableError) throw error;
      this.log.warn({ backend: this.id, cause: describe(error) }, 'provider keys could not be read');
      throw unavailable(error);
    }
    const keys = (body as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(keys)) throw unavailable();
    return { keys: keys as JSONWebKeySet['keys'] };
  }

  /**
   * Sorts a failure of a provider call: no answer, a 5xx or a broken answer is BACKEND_UNAVAILABLE;
   * an answer that refuses the login (bad code, state, nonce, PKCE, signature) is UNAUTHENTICATED.
   */
  protected classify(error: unknown, ctx: BackendContext): BackendError {
    if (error instanceof BackendError) return error;
    const status = (error as { status?: unknown }).status;
    const code = (error as { code?: unknown }).code;
    const down =
      isNetworkFailure(error) ||
      (typeof status === 'number' && status >= 500) ||
      (typeof code === 'string' && BROKEN_RESPONSE_CODES.has(code));
    if (down) {
      ctx.log.warn({ backend: this.id, cause: describe(error) }, 'provider did not answer');
      return new BackendUnavailableError(this.id, 'provider did not answer', { cause: error });
    }
    ctx.log.info({ backend: this.id, cause: describe(error) }, 'provider refused the login');
    const cancelled = error instanceof oidc.AuthorizationResponseError && error.error === 'access_denied';
    return new BackendAuthError(this.id, cancelled ? 'access_denied' : 'invalid', { cause: error });
  }
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
