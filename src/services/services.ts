import type { BackendLogger } from '../../backends/types';
import type { AppConfig } from '../config';
import type { RateLimits } from '../ratelimit/rate-limits';
import { AccountService } from './account.service';
import { AuthService } from './auth.service';
import type { BackendSet } from './backend-set';
import { DirectoryService } from './directory.service';
import { GroupService } from './group.service';
import { MailService } from './mail.service';
import { ProvisioningService } from './provisioning.service';
import { SessionService } from './session.service';
import { SettingsService } from './settings.service';
import { SsoService } from './sso.service';
import { UserService } from './user.service';

/** The services, built once at start and shared by every request (they keep no request state). */
export interface Services {
  config: AppConfig;
  backends: BackendSet;
  users: UserService;
  groups: GroupService;
  auth: AuthService;
  accounts: AccountService;
  settings: SettingsService;
  sessions: SessionService;
  mail: MailService;
  directory: DirectoryService;
  provisioning: ProvisioningService;
  sso: SsoService;
}

export function createServices(
  config: AppConfig,
  backends: BackendSet,
  log: BackendLogger,
  limits: RateLimits,
): Services {
  const directory = new DirectoryService(backends);
  const users = new UserService(config, backends, directory);
  const mail = new MailService(config.mail, log);
  const provisioning = new ProvisioningService(backends);
  const sso = new SsoService(config, backends, provisioning);
  return {
    config,
    backends,
    users,
    groups: new GroupService(backends, directory),
    auth: new AuthService(config, backends, users, sso, limits),
    accounts: new AccountService(config, backends, users, mail, limits),
    settings: new SettingsService(users),
    sessions: new SessionService(users),
    mail,
    directory,
    provisioning,
    sso,
  };
}
