import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../context';
import type { Services } from '../services/wiring';
import { AuthPayloadType, LogoutPayloadType, ServiceAccountPayloadType } from '../types/payload.type';
import type { UserNode } from '../types/user.type';

@Resolver()
export class AuthResolver {
  constructor(private readonly services: Services) {}

  @Mutation(() => AuthPayloadType, { description: 'Opens a session. Needs no token.' })
  async login(
    @Ctx() ctx: RequestContext,
    @Arg('name', { description: 'Your login name.' }) name: string,
    @Arg('password', { description: 'Your password.' }) password: string,
    @Arg('domain', () => ID, { description: 'Your domain; absent: the default domain.', nullable: true })
    domain?: string | null,
  ): Promise<AuthPayloadType> {
    const { token, session, user } = await this.services.login.login(ctx, name, password, domain);
    return { token, expiresAt: session.expiresAt, user: user as unknown as UserNode };
  }

  @Mutation(() => Boolean, { description: 'Ends the session this request came with.' })
  logout(@Ctx() ctx: RequestContext): Promise<boolean> {
    return this.services.login.logout(ctx);
  }

  @Mutation(() => LogoutPayloadType, {
    description:
      "Ends the session this request came with, as logout does, and names the SSO provider's end-session URL.",
  })
  async logoutWithProvider(@Ctx() ctx: RequestContext): Promise<LogoutPayloadType> {
    const endSessionUrl = await this.services.login.logoutWithProvider(ctx);
    return { loggedOut: true, endSessionUrl };
  }

  @Mutation(() => ServiceAccountPayloadType)
  async createServiceAccount(
    @Ctx() ctx: RequestContext,
    @Arg('name', { description: 'The account’s name: unique in your domain, with the rules of a user name.' })
    name: string,
    @Arg('displayName', () => String, {
      description: 'Shown instead of the name; defaults to the name.',
      nullable: true,
    })
    displayName?: string | null,
    @Arg('isAdmin', () => Boolean, {
      description: 'Give the account admin rights in your domain.',
      nullable: true,
      defaultValue: false,
    })
    isAdmin?: boolean,
  ): Promise<ServiceAccountPayloadType> {
    const { user, token } = await this.services.serviceAccounts.createServiceAccount(
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
    @Arg('name', { description: 'The service account’s name, in your domain.' }) name: string,
  ): Promise<ServiceAccountPayloadType> {
    const { user, token } = await this.services.serviceAccounts.rotateServiceAccountToken(ctx, name);
    return { user: user as unknown as UserNode, token };
  }
}
