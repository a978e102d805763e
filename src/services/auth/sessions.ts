import { randomUUID } from 'node:crypto';
import { newToken, hashToken } from '../../auth/tokens';
import type { RequestContext } from '../../context';
import { SessionEntity, UserEntity, type SessionMethodValue } from '../../db/entities';
import { isUuid } from '../../domain/rules';
import { NotFoundError } from '../../errors/errors';
import { requireCaller } from '../access/caller';
import type { AccessPolicy } from '../access/policy';
import type { UserReads } from '../users/user-reads';

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

/** Listing and revoking sessions (and service-account tokens, which are sessions too). */
export class SessionService {
  constructor(
    private readonly reads: UserReads,
    private readonly policy: AccessPolicy,
    /** Ends the caller's own session (a provider access token has no row to delete). */
    private readonly endOwnSession: (ctx: RequestContext) => Promise<boolean>,
  ) {}

  /** The live sessions of `user`, newest first; for the user itself and its admins. */
  async list(ctx: RequestContext, user: UserEntity): Promise<SessionEntity[]> {
    const caller = requireCaller(ctx, 'self-service');
    if (caller.user.id !== user.id) {
      this.policy.authorize(ctx, 'readUserSessions', { domain: user.domain, user });
    }
    const rows = await ctx.em.find(
      SessionEntity,
      { userId: user.id, expiresAt: { $gt: new Date() } },
      { orderBy: { createdAt: 'desc', id: 'asc' } },
    );
    // A provider access token has no row: it is listed (first) to its own bearer only.
    return caller.providerToken && caller.user.id === user.id ? [caller.session, ...rows] : rows;
  }

  /** Every session of the caller but the one this request came with; returns how many ended. */
  async revokeMine(ctx: RequestContext): Promise<number> {
    const caller = requireCaller(ctx, 'self-service');
    return ctx.em.nativeDelete(SessionEntity, { userId: caller.user.id, id: { $ne: caller.session.id } });
  }

  /** One session: the caller's own, or any of a user the caller administers. Else NOT_FOUND. */
  async revoke(ctx: RequestContext, id: string): Promise<boolean> {
    const caller = requireCaller(ctx, 'self-service');
    if (caller.providerToken && id === caller.session.id) return this.endOwnSession(ctx);
    const session = isUuid(id) ? await ctx.em.findOne(SessionEntity, { id }) : null;
    if (!session) throw new NotFoundError('session');
    if (session.userId !== caller.user.id) {
      const owner = await ctx.em.findOne(UserEntity, { id: session.userId });
      const target = owner ? { domain: owner.domain, user: owner } : null;
      if (!target || !this.policy.allows(caller, 'revokeSession', target)) throw new NotFoundError('session');
      this.policy.authorize(ctx, 'revokeSession', target);
    }
    await ctx.em.nativeDelete(SessionEntity, { id: session.id });
    return true;
  }

  /** Every session and token of a user (admins); returns how many ended. */
  async revokeAllOf(ctx: RequestContext, name: string): Promise<number> {
    const user = await this.reads.getManaged(ctx, 'revokeUserSessions', name);
    return ctx.em.nativeDelete(SessionEntity, { userId: user.id });
  }
}
