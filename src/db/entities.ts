import {
  DirectorySyncStateEntity,
  EmailVerificationEntity,
  MailOutboxEntity,
  UserSettingsEntity,
} from './entities/account.entity';
import { AuditEventEntity } from './entities/audit.entity';
import { GroupEntity, GroupMemberEntity, UserTagEntity } from './entities/group.entity';
import {
  LocalCredentialEntity,
  RevokedProviderTokenEntity,
  SessionEntity,
  SsoLoginEntity,
  SsoSessionEntity,
} from './entities/session.entity';
import { UserEntity } from './entities/user.entity';

/** The gateway's tables, one ORM entity each (see the files under ./entities). */
export * from './entities/account.entity';
export * from './entities/audit.entity';
export * from './entities/group.entity';
export * from './entities/session.entity';
export * from './entities/user.entity';

export const ENTITIES = [
  UserEntity,
  GroupEntity,
  GroupMemberEntity,
  UserTagEntity,
  SessionEntity,
  LocalCredentialEntity,
  UserSettingsEntity,
  EmailVerificationEntity,
  MailOutboxEntity,
  DirectorySyncStateEntity,
  SsoLoginEntity,
  SsoSessionEntity,
  RevokedProviderTokenEntity,
  AuditEventEntity,
];
