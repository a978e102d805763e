import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../context';
import { ARG_DOCS } from '../types/arg-docs';
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
    @Arg('name', { description: ARG_DOCS.userName }) name: string,
    @Arg('input', () => UserProfileInput, { description: ARG_DOCS.profileInput }) input: UserProfileInput,
    @Arg('expectedVersion', () => Int, { description: ARG_DOCS.expectedVersion, nullable: true })
    expectedVersion?: number | null,
  ) {
    return this.services.lifecycle.updateUserProfile(ctx, name, input, expectedVersion);
  }

  @Mutation(() => UserNode, { description: 'Completes UPDATE_PROFILE.' })
  updateMyProfile(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => UserProfileInput, { description: ARG_DOCS.profileInput }) input: UserProfileInput,
  ) {
    return this.services.lifecycle.updateMyProfile(ctx, input);
  }

  @Mutation(() => UserNode)
  enableUser(@Ctx() ctx: RequestContext, @Arg('name', { description: ARG_DOCS.userName }) name: string) {
    return this.services.lifecycle.enableUser(ctx, name);
  }

  @Mutation(() => UserNode, { description: 'Also ends every session and token of the user.' })
  disableUser(@Ctx() ctx: RequestContext, @Arg('name', { description: ARG_DOCS.userName }) name: string) {
    return this.services.lifecycle.disableUser(ctx, name);
  }

  @Mutation(() => UserNode, { description: 'Lifts a lock after failed logins and resets the count.' })
  unlockUser(@Ctx() ctx: RequestContext, @Arg('name', { description: ARG_DOCS.userName }) name: string) {
    return this.services.lifecycle.unlockUser(ctx, name);
  }

  @Mutation(() => UserNode, { description: 'Replaces the whole list.' })
  setRequiredActions(
    @Ctx() ctx: RequestContext,
    @Arg('name', { description: ARG_DOCS.userName }) name: string,
    @Arg('actions', () => [RequiredAction], {
      description: 'The new list: it replaces every pending action; [] clears them.',
    })
    actions: RequiredAction[],
  ) {
    return this.services.lifecycle.setRequiredActions(ctx, name, actions);
  }

  @Mutation(() => PasswordResetPayloadType, {
    description: 'Sets a temporary password, adds UPDATE_PASSWORD and ends every session of the user.',
  })
  async resetPassword(
    @Ctx() ctx: RequestContext,
    @Arg('name', { description: ARG_DOCS.userName }) name: string,
    @Arg('sendEmail', () => Boolean, {
      description:
        'Mail the temporary password to the user instead of answering it (BAD_USER_INPUT when the user has no email).',
      nullable: true,
      defaultValue: false,
    })
    sendEmail?: boolean | null,
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
    @Arg('name', {
      description: 'Whose address to verify: your own name, or (admins) a user of your domain.',
    })
    name: string,
    @Arg('email', () => String, {
      description:
        'A new address to set first (unverified until the code is confirmed); absent: the current one.',
      nullable: true,
    })
    email?: string | null,
    @Arg('force', () => Boolean, {
      description: 'Send a code even when the address is already verified.',
      nullable: true,
      defaultValue: false,
    })
    force?: boolean | null,
  ): Promise<boolean> {
    return this.services.emailVerification.sendEmailVerification(ctx, name, email, force ?? false);
  }

  @Mutation(() => UserNode, { description: 'Needs no token. Sets emailVerified and completes VERIFY_EMAIL.' })
  confirmEmail(
    @Ctx() ctx: RequestContext,
    @Arg('name', { description: 'The login name of the user the code was mailed to.' }) name: string,
    @Arg('code', { description: 'The 6-digit code from the mail.' }) code: string,
    @Arg('domain', () => ID, {
      description: 'The user’s domain; absent: your own when you send a token, else the default domain.',
      nullable: true,
    })
    domain?: string | null,
  ) {
    return this.services.emailVerification.confirmEmail(ctx, name, code, domain);
  }

  @Mutation(() => Int, { description: 'Ends every session and token of the user; returns how many.' })
  revokeUserSessions(
    @Ctx() ctx: RequestContext,
    @Arg('name', { description: ARG_DOCS.userName }) name: string,
  ): Promise<number> {
    return this.services.sessions.revokeAllOf(ctx, name);
  }

  @Mutation(() => UserNode, { description: 'Completes UPDATE_PASSWORD and ends your other sessions.' })
  changeMyPassword(
    @Ctx() ctx: RequestContext,
    @Arg('oldPassword', { description: 'Your current password.' }) oldPassword: string,
    @Arg('newPassword', {
      description:
        'The new password: it must meet the password policy (length, not your name, not a common password).',
    })
    newPassword: string,
  ) {
    return this.services.passwords.changeMyPassword(ctx, oldPassword, newPassword);
  }

  @Mutation(() => UserSettingsType)
  updateMySettings(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SettingsInput, { description: ARG_DOCS.settingsInput }) input: SettingsInput,
  ) {
    return this.services.settings.updateMine(ctx, input);
  }

  @Mutation(() => UserSettingsType)
  updateUserSettings(
    @Ctx() ctx: RequestContext,
    @Arg('name', { description: ARG_DOCS.userName }) name: string,
    @Arg('input', () => SettingsInput, { description: ARG_DOCS.settingsInput }) input: SettingsInput,
  ) {
    return this.services.settings.updateFor(ctx, name, input);
  }

  @Mutation(() => Int, { description: 'Every session of yours but this one; returns how many ended.' })
  revokeMySessions(@Ctx() ctx: RequestContext): Promise<number> {
    return this.services.sessions.revokeMine(ctx);
  }

  @Mutation(() => Boolean, { description: 'Your own session, or (admins) one of a user of your domain.' })
  revokeSession(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The session’s id (Session.id, e.g. from me { sessions { id } }).' })
    id: string,
  ): Promise<boolean> {
    return this.services.sessions.revoke(ctx, id);
  }

  @Query(() => UserStatsType, { description: 'Counts computed in the database.' })
  userStats(
    @Ctx() ctx: RequestContext,
    @Arg('domain', () => ID, { description: ARG_DOCS.domainOfList, nullable: true }) domain?: string | null,
  ) {
    return this.services.stats.userStats(ctx, domain);
  }

  @Query(() => [OutboxMailType], {
    description: "Mails kept while no SMTP server is configured, newest first (admins; the own domain's).",
  })
  outbox(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, {
      description: 'At most this many mails, newest first.',
      nullable: true,
      defaultValue: 50,
    })
    first?: number | null,
  ) {
    return this.services.stats.outbox(ctx, first);
  }
}
