import { registerEnumType } from 'type-graphql';

export enum BackendKind {
  LOCAL = 'LOCAL',
  LDAP = 'LDAP',
  SSO = 'SSO',
}
export enum UserState {
  ENABLED = 'ENABLED',
  DISABLED = 'DISABLED',
  PENDING = 'PENDING',
  LOCKED = 'LOCKED',
  EXPIRED = 'EXPIRED',
}
export enum UserType {
  USER = 'USER',
  SERVICE_ACCOUNT = 'SERVICE_ACCOUNT',
}
export enum RequiredAction {
  VERIFY_EMAIL = 'VERIFY_EMAIL',
  UPDATE_PASSWORD = 'UPDATE_PASSWORD',
  UPDATE_PROFILE = 'UPDATE_PROFILE',
  CONFIGURE_TOTP = 'CONFIGURE_TOTP',
  ACCEPT_TERMS = 'ACCEPT_TERMS',
}
export enum SessionMethod {
  PASSWORD = 'PASSWORD',
  SSO = 'SSO',
  SERVICE_TOKEN = 'SERVICE_TOKEN',
}
export enum UserOrderField {
  NAME = 'NAME',
  CREATED_AT = 'CREATED_AT',
  LAST_LOGIN_AT = 'LAST_LOGIN_AT',
}
export enum SyncMode {
  FULL = 'FULL',
  CHANGED = 'CHANGED',
}

registerEnumType(BackendKind, { name: 'BackendKind', description: 'Where a backend keeps its users.' });
registerEnumType(UserState, {
  name: 'UserState',
  description:
    'Derived from the record: DISABLED, then LOCKED, then EXPIRED (outside validity), then PENDING.',
  valuesConfig: {
    PENDING: { description: 'Created without a password: cannot log in until one is set.' },
    LOCKED: { description: 'Too many failed logins; unlocks by itself or through unlockUser.' },
    EXPIRED: { description: 'Outside its validity window.' },
  },
});
registerEnumType(UserType, { name: 'UserType' });
registerEnumType(RequiredAction, { name: 'RequiredAction' });
registerEnumType(SessionMethod, { name: 'SessionMethod' });
registerEnumType(UserOrderField, { name: 'UserOrderField' });
registerEnumType(SyncMode, { name: 'SyncMode' });
