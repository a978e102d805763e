import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../context';
import type { Services } from '../services/wiring';
import type { UserEntity } from '../db/entities';
import {
  OutboxMailType,
  PasswordResetPayloadType,
  SettingsInput,
  UserSettingsType,
  UserStatsType,
} from '../types/account.type';
import { RequiredAction } from '../types/enums';
import { UserProfileInput } from '../types/inputs';
import { UserNode } from '../types/user.type';

const asNode = (user: UserEntity) => user as unknown as UserNode;

/** The user lifecycle: profile, state, required actions, passwords, email, settings, sessions, stats. */
@Resolver()
export class AccountResolver {
  constructor(private readonly services: Services) {}

  @Mutation(() => UserNode)
  updateUserProfile(
    @Ctx() ctx: RequestContext,
    @Arg('name') name: string,
    @Arg('input', () => UserProfileInput) input: UserProfileInput,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ) {
    return this.services.lifecycle.updateUserProfile(ctx, name, input, expectedVersion);
  }

  @Mutation(() => UserNode, { description: 'Completes UPDATE_PROFILE.' })
  updateMyProfile(@Ctx() ctx: RequestContext, @Arg('input', () => UserProfileInput) input: UserProfileInput) {
    return this.services.lifecycle.updateMyProfile(ctx, input);
  }

  @Mutation(() => UserNode)
  enableUser(@Ctx() ctx: RequestContext, @Arg('name') name: string) {
    return this.services.lifecycle.enableUser(ctx, name);
  }

  @Mutation(() => UserNode, { description: 'Also ends every session and token of the user.' })
  disableUser(@Ctx() ctx: RequestContext, @Arg('name') name: string) {
    return this.services.lifecycle.disableUser(ctx, name);
  }

  @Mutation(() => UserNode, { description: 'Lifts a lock after failed logins and resets the count.' })
  unlockUser(@Ctx() ctx: RequestContext, @Arg('name') name: string) {
    return this.services.lifecycle.unlockUser(ctx, name);
  }

  @Mutation(() => UserNode, { description: 'Replaces the whole list.' })
  setRequiredActions(
    @Ctx() ctx: RequestContext,
    @Arg('name') name: string,
    @Arg('actions', () => [RequiredAction]) actions: RequiredAction[],
  ) {
    return this.services.lifecycle.setRequiredActions(ctx, name, actions);
  }

  @Mutation(() => PasswordResetPayloadType, {
    description: 'Sets a temporary password, adds UPDATE_PASSWORD and ends every session of the user.',
  })
  async resetPassword(
    @Ctx() ctx: RequestContext,
    @Arg('name') name: string,
    @Arg('sendEmail', () => Boolean, { nullable: true, defaultValue: false }) sendEmail?: boolean | null,
  ): Promise<PasswordResetPayloadType> {
    const { user, temporaryPassword } = await this.services.passwords.resetPassword(
      ctx,
      name,
      sendEmail ?? false,
    );
    return { user: asNode(user), temporaryPassword };
  }

  @Mutation(() => Boolean, {
    description:
      'Mails a 6-digit code (valid 15 minutes). False when the email is already verified and not force.',
  })
  sendEmailVerification(
    @Ctx() ctx: RequestContext,
    @Arg('name') name: string,
    @Arg('email', () => String, { nullable: true }) email?: string | null,
    @Arg('force', () => Boolean, { nullable: true, defaultValue: false }) force?: boolean | null,
  ): Promise<boolean> {
    return this.services.emailVerification.sendEmailVerification(ctx, name, email, force ?? false);
  }

  @Mutation(() => UserNode, { description: 'Needs no token. Sets emailVerified and completes VERIFY_EMAIL.' })
  confirmEmail(
    @Ctx() ctx: RequestContext,
    @Arg('name') name: string,
    @Arg('code') code: string,
    @Arg('domain', () => ID, { nullable: true }) domain?: string | null,
  ) {
    return this.services.emailVerification.confirmEmail(ctx, name, code, domain);
  }

  @Mutation(() => Int, { description: 'Ends every session and token of the user; returns how many.' })
  revokeUserSessions(@Ctx() ctx: RequestContext, @Arg('name') name: string): Promise<number> {
    return this.services.sessions.revokeAllOf(ctx, name);
  }

  @Mutation(() => UserNode, { description: 'Completes UPDATE_PASSWORD and ends your other sessions.' })
  changeMyPassword(
    @Ctx() ctx: RequestContext,
    @Arg('oldPassword') oldPassword: string,
    @Arg('newPassword') newPassword: string,
  ) {
    return this.services.passwords.changeMyPassword(ctx, oldPassword, newPassword);
  }

  @Mutation(() => UserSettingsType)
  updateMySettings(@Ctx() ctx: RequestContext, @Arg('input', () => SettingsInput) input: SettingsInput) {
    return this.services.settings.updateMine(ctx, input);
  }

  @Mutation(() => UserSettingsType)
  updateUserSettings(
    @Ctx() ctx: RequestContext,
    @Arg('name') name: string,
    @Arg('input', () => SettingsInput) input: SettingsInput,
  ) {
    return this.services.settings.updateFor(ctx, name, input);
  }

  @Mutation(() => Int, { description: 'Every session of yours but this one; returns how many ended.' })
  revokeMySessions(@Ctx() ctx: RequestContext): Promise<number> {
    return this.services.sessions.revokeMine(ctx);
  }

  @Mutation(() => Boolean, { description: 'Your own session, or (admins) one of a user of your domain.' })
  revokeSession(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    return this.services.sessions.revoke(ctx, id);
  }

  @Query(() => UserStatsType, { description: 'Counts computed in the database.' })
  userStats(@Ctx() ctx: RequestContext, @Arg('domain', () => ID, { nullable: true }) domain?: string | null) {
    return this.services.stats.userStats(ctx, domain);
  }

  @Query(() => [OutboxMailType], {
    description: "Mails kept while no SMTP server is configured, newest first (admins; the own domain's).",
  })
  outbox(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number | null,
  ) {
    return this.services.stats.outbox(ctx, first);
  }
}
