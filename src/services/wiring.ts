import type { BackendLogger } from '../../backends/types';
import type { AppConfig } from '../config';
import type { LoginTelemetry } from '../observability/telemetry';
import type { RateLimits } from '../ratelimit/rate-limits';
import type { Loaders, RequestContext } from '../context';
import { EmailVerificationService } from './accounts/email-verification.service';
import { LifecycleService } from './accounts/lifecycle.service';
import { MailService } from './accounts/mail.service';
import { PasswordService } from './accounts/password.service';
import { SettingsService } from './accounts/settings.service';
import { StatsService } from './accounts/stats.service';
import { AccessPolicy } from './access/policy';
import { AuditTrail } from './audit/audit-trail';
import { Lockout } from './auth/lockout';
import { LoginService } from './auth/login.service';
import { ServiceAccountService } from './auth/service-accounts.service';
import { SessionService } from './auth/sessions';
import { TokenAuthenticator } from './auth/token-auth';
import { LiveDirectory } from './directory/live-reads';
import { DirectoryMirror } from './directory/mirror';
import { DirectorySyncService } from './directory/sync';
import { GroupLookup } from './groups/group-lookup';
import { GroupService } from './groups/group.service';
import { createLoaders } from './loaders';
import { ProviderTokens } from './sso/provider-tokens';
import { ProvisioningService } from './sso/provisioning.service';
import { SsoLoginService } from './sso/sso-login.service';
import type { BackendSet } from './support/backend-set';
import { Memberships } from './users/memberships';
import { UserCommands } from './users/user-commands';
import { UserMutations } from './users/user-mutations';
import { UserReads } from './users/user-reads';

/**
 * The services, built once at start and shared by every request (they keep no request state). Each
 * gets what it needs through its constructor, here and nowhere else; the request context never
 * carries them.
 */
export interface Services {
  readonly config: AppConfig;
  readonly backends: BackendSet;
  readonly policy: AccessPolicy;
  /** The audit trail's writer (src/services/audit/audit-trail.ts). */
  readonly audit: AuditTrail;
  readonly userReads: UserReads;
  readonly userCommands: UserCommands;
  readonly memberships: Memberships;
  readonly lifecycle: LifecycleService;
  readonly passwords: PasswordService;
  readonly emailVerification: EmailVerificationService;
  readonly stats: StatsService;
  readonly settings: SettingsService;
  readonly sessions: SessionService;
  readonly login: LoginService;
  readonly tokens: TokenAuthenticator;
  readonly serviceAccounts: ServiceAccountService;
  readonly groups: GroupService;
  readonly sync: DirectorySyncService;
  readonly sso: SsoLoginService;
  readonly mail: MailService;
  /** The batch loaders of one request. */
  createLoaders(ctx: RequestContext): Loaders;
}

/** Wires every service once, in dependency order. */
export function createServices(
  config: AppConfig,
  backends: BackendSet,
  log: BackendLogger,
  limits: RateLimits,
  telemetry: LoginTelemetry,
): Services {
  const policy = new AccessPolicy(backends);
  const audit = new AuditTrail();
  const mirror = new DirectoryMirror();
  const live = new LiveDirectory(backends, mirror);
  const groupLookup = new GroupLookup(live);
  const userReads = new UserReads(backends, live, groupLookup, policy);
  const mutations = new UserMutations(backends, userReads);
  const memberships = new Memberships(backends, live, groupLookup, mutations);
  const userCommands = new UserCommands(
    config,
    backends,
    policy,
    userReads,
    mutations,
    memberships,
    groupLookup,
  );
  const mail = new MailService(config.mail, log);
  const lockout = new Lockout(config.lockout, telemetry);
  const provisioning = new ProvisioningService(backends);
  const providerTokens = new ProviderTokens(backends, provisioning);
  const sso = new SsoLoginService(config, backends, provisioning, providerTokens);
  const login = new LoginService(config, backends, userReads, lockout, sso, limits, telemetry);
  return {
    config,
    backends,
    policy,
    audit,
    userReads,
    userCommands,
    memberships,
    lifecycle: new LifecycleService(userReads, mutations, limits),
    passwords: new PasswordService(config, userReads, mutations, lockout, mail, limits),
    emailVerification: new EmailVerificationService(
      config.emailVerification,
      backends,
      userReads,
      mutations,
      mail,
      limits,
    ),
    stats: new StatsService(policy),
    settings: new SettingsService(userReads, policy),
    sessions: new SessionService(userReads, policy, (ctx) => login.logout(ctx)),
    login,
    tokens: new TokenAuthenticator(config.sessions, providerTokens),
    serviceAccounts: new ServiceAccountService(
      config.serviceAccounts,
      backends,
      policy,
      userReads,
      userCommands,
    ),
    groups: new GroupService(backends, live, policy),
    sync: new DirectorySyncService(backends, mirror, policy),
    sso,
    mail,
    createLoaders: (ctx) => createLoaders(ctx, live),
  };
}
