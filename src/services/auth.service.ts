import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import { canCheckPasswords, canListLive, type BackendLogger } from '../../backends/types';
import type { AppConfig } from '../config';
import { DEFAULT_DOMAIN } from '../config';
import type { Caller, RequestContext } from '../context';
import { SessionEntity, UserEntity, type SessionMethodValue } from '../db/entities';
import { BadInputError, NotFoundError, UnauthenticatedError } from '../errors/errors';
import { hashToken, newToken } from '../auth/tokens';
import type { BackendSet } from './backend-set';
import { requireAdmin, requireCaller } from './access';
import { looksLikeJwt, sessionKey, type SsoService } from './sso.service';
import { inTransaction, userRef, type UserService } from './user.service';
import { userState } from './user-state';
import { runQuery } from '../db/query';
import type { RateLimits } from '../ratelimit/rate-limits';

const NO_SUCH_ID = '00000000-0000-0000-0000-000000000000';

/** Sessions are touched at most this often, so that reads do not all become writes. */
const TOUCH_INTERVAL_MS = 60_000;

export interface IssuedToken {
  token: string;
  session: SessionEntity;
}

/** Creates a session row (persisted on the next flush) and returns its token, once. */
export function issueSession(
  ctx: RequestContext,
  userId: string,
  method: SessionMethodValue,
  ttlSeconds: number,
): IssuedToken {
  const token = newToken();
  const now = new Date();
  const session = ctx.em.create(SessionEntity, {
    id: randomUUID(),
    userId,
    tokenHash: hashToken(token),
    method,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
    ipAddress: ctx.ipAddress,
    userAgent: ctx.userAgent,
  });
  ctx.em.persist(session);
  return { token, session };
}

export class AuthService {
  constructor(
    private readonly config: AppConfig,
    private readonly backends: BackendSet,
    private readonly users: UserService,
    private readonly sso: SsoService,
    private readonly limits: RateLimits,
  ) {}

  /**
   * Resolves a bearer token to its caller, or null when it is unknown, expired, idle too long or
   * belongs to a user who may no longer log in. idgate's own tokens (opaque, no dots) are looked up
   * first: one query (two when the session is touched). A JWT goes to the SSO backends whose
   * issuer it names (see SsoService.authenticateToken); their failures to reach the provider throw.
   */
  async authenticate(em: EntityManager, token: string, log: BackendLogger): Promise<Caller | null> {
    if (!token) return null;
    if (looksLikeJwt(token)) return this.sso.authenticateToken({ em, log }, token);
    const session = await em.findOne(SessionEntity, { tokenHash: hashToken(token) });
    if (!session) return null;
    const now = Date.now();
    const idleLimit = this.config.sessions.idleTimeoutSeconds * 1000;
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

  /**
   * Password login. An unknown name, a wrong password and a user who may not log in all get the same
   * UNAUTHENTICATED answer, after the same work: one argon2 check whatever the case.
   */
  async login(
    ctx: RequestContext,
    name: string,
    password: string,
    domainArg: string | null | undefined,
  ): Promise<{ token: string; session: SessionEntity; user: UserEntity }> {
    const domain = domainArg ?? DEFAULT_DOMAIN;
    // Rate limits: refused here, before any lookup or password hash (RATE_LIMITED).
    const attempt = await this.limits.beforeLogin(ctx.ipAddress, domain, name);
    const fail = new UnauthenticatedError('Invalid name or password');
    const user = this.backends.hasDomain(domain) ? await this.users.lookup(ctx, domain, name) : null;
    const owner = user ? this.backends.get(user.backendId) : undefined;
    // Whoever checks: the user's own backend, or for an unknown name a password backend of the domain
    // (a live directory first: the lookup already asked it), asked with no user so that it spends the
    // time of a real check and says no.
    const domainCheckers = this.backends.ofDomain(domain).filter(canCheckPasswords);
    const checker =
      owner && canCheckPasswords(owner)
        ? owner
        : (domainCheckers.find(canListLive) ??
          domainCheckers[0] ??
          this.backends.all().find(canCheckPasswords));
    const subject = user && checker === owner && user.userType === 'USER' ? userRef(user) : null;
    const ok = checker ? await checker.verifyPassword(ctx, subject, password) : false;
    // In a domain with several password backends, each one is asked (the others with no user), so
    // that the time of the answer does not tell which backend holds the name, or whether one does. A
    // backend that is down does not stop the login of another backend's user.
    for (const other of domainCheckers) {
      if (other !== checker) await other.verifyPassword(ctx, null, password).catch(() => false);
    }
    if (!user || !subject || !ok) {
      // Counted for a known user; for an unknown one the same statement matches no row, so that the
      // two answers take the same time.
      // Failures count for users who have a password here; for others (SSO) the same statement
      // matches no row, so nobody can lock an SSO user out by guessing.
      await this.recordFailure(ctx, user && subject ? user.id : NO_SUCH_ID);
      throw fail;
    }
    const state = userState(user);
    if (state !== 'ENABLED' && state !== 'PENDING') throw fail;
    await attempt.succeeded(); // rate limits: a success is not a failure
    return inTransaction(ctx, async (tx) => {
      const fresh = await tx.em.findOneOrFail(UserEntity, { id: user.id });
      fresh.failedLoginCount = 0;
      fresh.failureWindowStart = null;
      fresh.lockedUntil = null; // a lock that has run out
      fresh.lastLoginAt = new Date();
      const issued = this.issue(tx, fresh.id, 'PASSWORD', this.config.sessions.ttlSeconds);
      await tx.em.flush();
      return { ...issued, user: fresh };
    });
  }

  /**
   * Counts one failed login in a single atomic UPDATE, so that parallel attempts all count: a failure
   * after the window has passed starts a new run at 1; reaching `maxFailures` locks the account for
   * `lockSeconds` (a lock in force is not extended).
   */
  async recordFailure(ctx: RequestContext, userId: string): Promise<void> {
    const { maxFailures, windowSeconds, lockSeconds } = this.config.lockout;
    const platform = ctx.em.getPlatform();
    const now = Date.now();
    const at = (ms: number) => platform.processDateProperty(new Date(ms)) as never;
    const knex = ctx.em.getKnex();
    const newRun = 'failure_window_start is null or failure_window_start < ?';
    const nextCount = `case when ${newRun} then 1 else failed_login_count + 1 end`;
    const windowStart = at(now - windowSeconds * 1000);
    await runQuery(
      ctx.em,
      knex('users')
        .where('id', userId)
        .update({
          failed_login_count: knex.raw(nextCount, [windowStart]),
          failure_window_start: knex.raw(`case when ${newRun} then ? else failure_window_start end`, [
            windowStart,
            at(now),
          ]),
          locked_until: knex.raw(
            `case when ${nextCount} >= ? and (locked_until is null or locked_until <= ?) then ? else locked_until end`,
            [windowStart, maxFailures, at(now), at(now + lockSeconds * 1000)],
          ),
        }),
    );
  }

  /**
   * Ends the caller's own session. With a provider access token (no session row) the token is
   * refused from now on until it expires.
   */
  async logout(ctx: RequestContext): Promise<boolean> {
    await this.endSession(ctx, false);
    return true;
  }

  /** As logout; also names the SSO provider's end-session URL when the login came from one that has it. */
  async logoutWithProvider(ctx: RequestContext): Promise<string | null> {
    return this.endSession(ctx, true);
  }

  private async endSession(ctx: RequestContext, withUrl: boolean): Promise<string | null> {
    const caller = requireCaller(ctx, 'self-service');
    const url = await this.sso.endSession(ctx, caller, withUrl);
    if (!caller.providerToken) await ctx.em.nativeDelete(SessionEntity, { id: caller.session.id });
    return url;
  }

  /** Creates a session row (persisted on the next flush) and returns its token, once. */
  issue(ctx: RequestContext, userId: string, method: SessionMethodValue, ttlSeconds: number): IssuedToken {
    return issueSession(ctx, userId, method, ttlSeconds);
  }

  async createServiceAccount(
    ctx: RequestContext,
    name: string,
    displayName: string | null | undefined,
    isAdmin: boolean,
  ): Promise<{ user: UserEntity; token: string }> {
    const caller = requireAdmin(ctx);
    const local = this.backends.ofDomain(caller.user.domain).find((b) => b.kind === 'LOCAL');
    if (!local) {
      throw new BadInputError([
        { field: 'name', message: 'this domain has no local backend to keep service accounts' },
      ]);
    }
    return inTransaction(ctx, async (tx) => {
      const user = await this.users.createUser(tx, {
        name,
        displayName,
        isAdmin,
        backend: local.id,
        userType: 'SERVICE_ACCOUNT',
      });
      const { token } = this.issue(tx, user.id, 'SERVICE_TOKEN', this.config.serviceAccounts.tokenTtlSeconds);
      await tx.em.flush();
      return { user, token };
    });
  }

  /** A new token for a service account; every older one stops working at once. */
  async rotateServiceAccountToken(
    ctx: RequestContext,
    name: string,
  ): Promise<{ user: UserEntity; token: string }> {
    const user = await this.users.getManaged(ctx, name);
    if (user.userType !== 'SERVICE_ACCOUNT') throw new NotFoundError('serviceAccount');
    return inTransaction(ctx, async (tx) => {
      await tx.em.nativeDelete(SessionEntity, { userId: user.id, method: 'SERVICE_TOKEN' });
      const { token } = this.issue(tx, user.id, 'SERVICE_TOKEN', this.config.serviceAccounts.tokenTtlSeconds);
      const fresh = await tx.em.findOneOrFail(UserEntity, { id: user.id });
      fresh.updatedAt = new Date();
      await tx.em.flush();
      return { user: fresh, token };
    });
  }
}
