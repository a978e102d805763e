import type { BackendContext } from '../../../backends/types';
import { hashToken } from '../../auth/tokens';
import type { AppConfig } from '../../config';
import type { Caller } from '../../context';
import { SessionEntity } from '../../db/entities';
import { runSql } from '../../db/query';
import { sessionFromRow, userFromRow } from '../../db/rows';
import { userState } from '../../domain/user-state';
import type { ProviderTokens } from '../sso/provider-tokens';
import { looksLikeJwt, sessionKey } from '../sso/sso-crypto';

/** The session of a token hash with its user's row (session columns prefixed `s_`). */
const SESSION_WITH_USER =
  'select u.*, s.id as s_id, s.user_id as s_user_id, s.token_hash as s_token_hash, s.method as s_method, ' +
  's.created_at as s_created_at, s.last_seen_at as s_last_seen_at, s.expires_at as s_expires_at, ' +
  's.ip_address as s_ip_address, s.user_agent as s_user_agent ' +
  'from sessions s join users u on u.id = s.user_id where s.token_hash = ? limit 1';

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
    // One statement for the session and its user; read as plain rows (nothing here is changed).
    const [row] = await runSql(em, SESSION_WITH_USER, [hashToken(token)]);
    if (!row) return null;
    const session = sessionFromRow(row, 's_');
    const user = userFromRow(row);
    const now = Date.now();
    const idleLimit = this.config.idleTimeoutSeconds * 1000;
    const idle = session.method !== 'SERVICE_TOKEN' && now - session.lastSeenAt.getTime() > idleLimit;
    if (session.expiresAt.getTime() <= now || idle) {
      await em.nativeDelete(SessionEntity, { id: session.id });
      return null;
    }
    const state = userState(user);
    if (state === 'DISABLED' || state === 'EXPIRED') return null;
    if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      session.lastSeenAt = new Date(now);
      await em.nativeUpdate(SessionEntity, { id: session.id }, { lastSeenAt: session.lastSeenAt });
    }
    return session.method === 'SSO' ? { user, session, sessionKey: sessionKey(token) } : { user, session };
  }
}
