import * as oidc from 'openid-client';
import { BackendAuthError } from '../errors';
import type { ExternalIdentity, ProviderTokenVerifier, VerifiedProviderToken } from '../capabilities';
import type { BackendContext, BackendDependencies } from '../types';
import { definedOnly, SsoBackend } from './sso.backend';
import type { SsoBackendConfig } from './sso.config';

/** The SSO backend for a configuration: with provider access tokens only when it names an audience. */
export function createSsoBackend(config: SsoBackendConfig, dependencies: BackendDependencies): SsoBackend {
  return config.audience
    ? new SsoTokenBackend(config, config.audience, dependencies)
    : new SsoBackend(config, dependencies);
}

/**
 * An SSO backend that also takes the provider's access tokens (JWTs) as Bearer tokens: those issued
 * for the configured audience, checked against the provider's keys.
 */
export class SsoTokenBackend extends SsoBackend implements ProviderTokenVerifier {
  constructor(
    config: SsoBackendConfig,
    private readonly audience: string | string[],
    dependencies: BackendDependencies,
  ) {
    super(config, dependencies);
  }

  acceptsIssuer(issuer: string): boolean {
    const known = this.configuration?.serverMetadata().issuer;
    const trim = (s: string) => s.replace(/\/+$/, '');
    return issuer === known || trim(issuer) === trim(this.config.issuer);
  }

  async verifyAccessToken(ctx: BackendContext, token: string): Promise<VerifiedProviderToken | null> {
    const payload = await this.verifyJwt(token, this.audience, ctx);
    // An ID token (it carries the login's nonce) is never an access token, whatever its audience.
    if (!payload || payload.nonce !== undefined) return null;
    return {
      identity: this.identityFrom(payload, false, ctx),
      tokenId: typeof payload.jti === 'string' ? payload.jti.slice(0, 255) : null,
      issuedAt: typeof payload.iat === 'number' ? new Date(payload.iat * 1000) : null,
      expiresAt: new Date(payload.exp! * 1000),
    };
  }

  async completeIdentity(
    ctx: BackendContext,
    token: string,
    identity: ExternalIdentity,
  ): Promise<ExternalIdentity> {
    const configuration = await this.currentConfiguration(ctx.log);
    if (!this.config.userinfo || !configuration.serverMetadata().userinfo_endpoint) return identity;
    let info: Record<string, unknown>;
    try {
      info = await oidc.fetchUserInfo(configuration, token, identity.externalId);
    } catch (error) {
      const classified = this.classify(error, ctx);
      // A token the userinfo endpoint does not take (another audience) still proves the user.
      if (classified instanceof BackendAuthError) return identity;
      throw classified;
    }
    const fromUserinfo = this.identityFrom({ ...info, sub: identity.externalId }, false, ctx);
    return {
      ...fromUserinfo,
      ...definedOnly(identity),
      profile: { ...fromUserinfo.profile, ...identity.profile },
      complete: false,
    };
  }
}
