import { canVerifyProviderTokens } from '../../../backends/capabilities';
import type { BackendContext } from '../../../backends/types';
import { hashToken } from '../../auth/tokens';
import type { Caller } from '../../context';
import { RevokedProviderTokenEntity, SessionEntity, UserEntity } from '../../db/entities';
import { userState } from '../../domain/user-state';
import type { BackendSet } from '../support/backend-set';
import type { ProvisioningService } from './provisioning.service';
import { sha256, unverifiedIssuer } from './sso-crypto';

/** How many verified access tokens are remembered, so that their claims are applied once, not per request. */
const SEEN_TOKENS_MAX = 10_000;

/**
 * Provider access tokens as Bearer tokens: verified by the backend whose issuer they name, the user
 * provisioned from their claims, and a transient session (no row) for the request.
 */
export class ProviderTokens {
  /** Access tokens whose claims were applied recently: hash -> expiry (ms). */
  private readonly seenTokens = new Map<string, number>();

  constructor(
    private readonly backends: BackendSet,
    private readonly provisioning: ProvisioningService,
  ) {}

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

  /** Forgets a token's claims (it was revoked): the next use of it is checked in full. */
  forget(tokenHash: string): void {
    this.seenTokens.delete(tokenHash);
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
