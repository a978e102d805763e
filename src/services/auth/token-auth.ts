import type { BackendContext } from '../../../backends/types';
import { hashToken } from '../../auth/tokens';
import type { AppConfig } from '../../config';
import type { Caller } from '../../context';
import { SessionEntity, UserEntity } from '../../db/entities';
import { userState } from '../../domain/user-state';
import type { ProviderTokens } from '../sso/provider-tokens';
import { looksLikeJwt, sessionKey } from '../sso/sso-crypto';

/** Sessions are touched at most this often, so that reads do not all become writes. */
const TOUCH_INTERVAL_MS = 60_000;

/** Resolves the bearer token of a request to its caller. */
export class TokenAuthenticator {
  constructor(
    private readonly config: AppConfig['sessions'],
    private readonly providerTokens: ProviderTokens,
  ) {}

  /**
   * The caller of a token, or null when it is unknown, expired, idle too long or belongs to a user
   * who may no longer log in. idgate's own tokens (opaque, no dots) are looked up first: one query
   * (two when the session is touched). A JWT goes to the SSO backends whose issuer it names; their
   * failures to reach the provider throw.
   */
  async authenticate(ctx: BackendContext, token: string): Promise<Caller | null> {
    if (!token) return null;
    if (looksLikeJwt(token)) return this.providerTokens.authenticateToken(ctx, token);
    const em = ctx.em;
    const session = await em.findOne(SessionEntity, { tokenHash: hashToken(token) });
    if (!session) return null;
    const now = Date.now();
    const idleLimit = this.config.idleTimeoutSeconds * 1000;
    const idle = session.method !== 'SERVICE_TOKEN' && now - session.lastSeenAt.getTime() > idleLimit;
    if (session.expiresAt.getTime() <= now || idle) {
      await em.nativeDelete(SessionEntity, { id: session.id });
      return null;
    }
    const user = await em.findOne(UserEntity, { id: session.userId });
    const state = user ? userState(user) : null;
    if (!user || state === 'DISABLED' || state === 'EXPIRED') return null;
    if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      session.lastSeenAt = new Date(now);
      await em.nativeUpdate(SessionEntity, { id: session.id }, { lastSeenAt: session.lastSeenAt });
    }
    return session.method === 'SSO' ? { user, session, sessionKey: sessionKey(token) } : { user, session };
  }
}
