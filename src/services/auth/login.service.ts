import { canCheckPasswords, canListLive } from '../../../backends/capabilities';
import { DEFAULT_DOMAIN, type AppConfig } from '../../config';
import type { RequestContext } from '../../context';
import { SessionEntity, UserEntity } from '../../db/entities';
import { userState } from '../../domain/user-state';
import { BadInputError, UnauthenticatedError } from '../../errors/errors';
import { passwordSizeProblem } from '../../auth/password-policy';
import { requireCaller } from '../access/caller';
import type { LoginTelemetry } from '../../observability/telemetry';
import type { RateLimits } from '../../ratelimit/rate-limits';
import type { SsoLoginService } from '../sso/sso-login.service';
import type { BackendSet } from '../support/backend-set';
import { userRef } from '../support/refs';
import { inTransaction } from '../support/transaction';
import type { UserReads } from '../users/user-reads';
import { NO_SUCH_ID, type Lockout } from './lockout';
import { ResponseFloor } from './response-floor';
import { issueSession } from './sessions';

/** Password login and logout. */
export class LoginService {
  /** Every failed login answers no sooner than the recent failures did (see ResponseFloor). */
  private readonly floor = new ResponseFloor();

  constructor(
    private readonly config: AppConfig,
    private readonly backends: BackendSet,
    private readonly reads: UserReads,
    private readonly lockout: Lockout,
    private readonly sso: SsoLoginService,
    private readonly limits: RateLimits,
    private readonly telemetry: LoginTelemetry,
  ) {}

  /**
   * Password login. An unknown name, a wrong password and a user who may not log in all get the same
   * UNAUTHENTICATED answer, after the same work: one password check by every password backend of
   * the domain, whatever the case.
   */
  async login(
    ctx: RequestContext,
    name: string,
    password: string,
    domainArg: string | null | undefined,
  ): Promise<{ token: string; session: SessionEntity; user: UserEntity }> {
    // Refused before anything is looked up or hashed; says nothing of the user.
    const size = passwordSizeProblem(password);
    if (size) throw new BadInputError([{ field: 'password', message: size }]);
    const startedAt = performance.now();
    const domain = domainArg ?? DEFAULT_DOMAIN;
    const fail = new UnauthenticatedError('Invalid name or password');
    const user = this.backends.hasDomain(domain) ? await this.reads.lookup(ctx, domain, name) : null;
    // Rate limits: refused here, before any password is hashed (RATE_LIMITED). After the lookup, so
    // that a silent database answers at its own timeout, not at the counter store's plus its own.
    const attempt = await this.limits.beforeLogin(ctx.ipAddress, domain, name);
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
      // Failures count for users who have a password here; for an unknown name (or an SSO user) the
      // same statement matches no row: the two answers take the same time, and nobody can lock an
      // SSO user out by guessing.
      await this.lockout.recordFailure(ctx, user && subject ? user.id : NO_SUCH_ID);
      this.telemetry.loginFailed();
      await this.floor.wait(startedAt);
      throw fail;
    }
    const state = userState(user);
    if (state !== 'ENABLED' && state !== 'PENDING') {
      this.telemetry.loginFailed();
      await this.floor.wait(startedAt);
      throw fail;
    }
    await attempt.succeeded(); // rate limits: a success is not a failure
    const now = new Date();
    const loggedIn = await inTransaction(ctx, async (tx) => {
      await this.lockout.recordSuccess(tx, user.id, now);
      const issued = issueSession(tx, user.id, 'PASSWORD', this.config.sessions.ttlSeconds);
      await tx.em.flush();
      // The record as it is now (its login time), read by the transaction: not the request's copy,
      // which a later flush of the request would otherwise write back as a change.
      return { ...issued, user: await tx.em.findOneOrFail(UserEntity, { id: user.id }) };
    });
    this.telemetry.loginSucceeded();
    return loggedIn;
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
}
