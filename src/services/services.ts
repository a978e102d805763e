import type { AppConfig } from '../config';
import { AuthService } from './auth.service';
import type { BackendSet } from './backend-set';
import { GroupService } from './group.service';
import { UserService } from './user.service';

/** The services, built once at start and shared by every request (they keep no request state). */
export interface Services {
  config: AppConfig;
  backends: BackendSet;
  users: UserService;
  groups: GroupService;
  auth: AuthService;
}

export function createServices(config: AppConfig, backends: BackendSet): Services {
  const users = new UserService(backends);
  return {
    config,
    backends,
    users,
    groups: new GroupService(backends),
    auth: new AuthService(config, backends, users),
  };
}
