import type { RequestContext } from '../context';
import { SessionEntity, UserEntity } from '../db/entities';
import { NotFoundError } from '../errors/errors';
import { requireCaller } from './access';
import { isUuid } from './rules';
import type { UserService } from './user.service';

/** Listing and revoking sessions (and service-account tokens, which are sessions too). */
export class SessionService {
  constructor(private readonly users: UserService) {}

  /** The live sessions of `user`, newest first; for the user itself and its admins. */
  async list(ctx: RequestContext, user: UserEntity): Promise<SessionEntity[]> {
    const caller = requireCaller(ctx, 'self-service');
    if (caller.user.id !== user.id) this.users.assertCanManage(ctx, user);
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
    if (caller.providerToken && id === caller.session.id) return ctx.services.auth.logout(ctx);
    const session = isUuid(id) ? await ctx.em.findOne(SessionEntity, { id }) : null;
    if (!session) throw new NotFoundError('session');
    if (session.userId !== caller.user.id) {
      const owner = await ctx.em.findOne(UserEntity, { id: session.userId });
      if (!owner || !this.users.canManage(ctx, owner) || !caller.user.isAdmin)
        throw new NotFoundError('session');
      requireCaller(ctx);
    }
    await ctx.em.nativeDelete(SessionEntity, { id: session.id });
    return true;
  }

  /** Every session and token of a user (admins); returns how many ended. */
  async revokeAllOf(ctx: RequestContext, name: string): Promise<number> {
    const user = await this.users.getManaged(ctx, name);
    return ctx.em.nativeDelete(SessionEntity, { userId: user.id });
  }
}
