import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../context';
import { AuthPayloadType, LogoutPayloadType, ServiceAccountPayloadType } from '../types/payload.type';
import type { UserNode } from '../types/user.type';

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayloadType, { description: 'Opens a session. Needs no token.' })
  async login(
    @Ctx() ctx: RequestContext,
    @Arg('name') name: string,
    @Arg('password') password: string,
    @Arg('domain', () => ID, { nullable: true }) domain?: string | null,
  ): Promise<AuthPayloadType> {
    const { token, session, user } = await ctx.services.auth.login(ctx, name, password, domain);
    return { token, expiresAt: session.expiresAt, user: user as unknown as UserNode };
  }

  @Mutation(() => Boolean, { description: 'Ends the session this request came with.' })
  logout(@Ctx() ctx: RequestContext): Promise<boolean> {
    return ctx.services.auth.logout(ctx);
  }

  @Mutation(() => LogoutPayloadType, {
    description:
      "Ends the session this request came with, as logout does, and names the SSO provider's end-session URL.",
  })
  async logoutWithProvider(@Ctx() ctx: RequestContext): Promise<LogoutPayloadType> {
    const endSessionUrl = await ctx.services.auth.logoutWithProvider(ctx);
    return { loggedOut: true, endSessionUrl };
  }

  @Mutation(() => ServiceAccountPayloadType)
  async createServiceAccount(
    @Ctx() ctx: RequestContext,
    @Arg('name') name: string,
    @Arg('displayName', () => String, { nullable: true }) displayName?: string | null,
    @Arg('isAdmin', () => Boolean, { nullable: true, defaultValue: false }) isAdmin?: boolean,
  ): Promise<ServiceAccountPayloadType> {
    const { user, token } = await ctx.services.auth.createServiceAccount(
      ctx,
      name,
      displayName,
      isAdmin ?? false,
    );
    return { user: user as unknown as UserNode, token };
  }

  @Mutation(() => ServiceAccountPayloadType, {
    description: 'A new token; the old one stops working at once.',
  })
  async rotateServiceAccountToken(
    @Ctx() ctx: RequestContext,
    @Arg('name') name: string,
  ): Promise<ServiceAccountPayloadType> {
    const { user, token } = await ctx.services.auth.rotateServiceAccountToken(ctx, name);
    return { user: user as unknown as UserNode, token };
  }
}
