import type { UserStateValue } from '../../domain/user-state';

/**
 * The shapes the user services take, as the resolvers (or the SCIM routes) hand them over: plain
 * data, no GraphQL classes. Absent (undefined) means "not given"; null means "clear" where allowed.
 */

export interface TagData {
  key: string;
  value: string;
}

export interface ProfileInputData {
  fullName?: string | null;
  firstName?: string | null;
  lastName?: string | null;
}

export interface ValidityData {
  begin?: Date | null;
  end?: Date | null;
}

export interface CreateUserData {
  name: string;
  displayName?: string | null;
  email?: string | null;
  mobile?: string | null;
  password?: string | null;
  profile?: ProfileInputData | null;
  isAdmin?: boolean | null;
  tags?: TagData[] | null;
  groups?: string[] | null;
  requiredActions?: string[] | null;
  validity?: ValidityData | null;
  backend?: string | null;
  domain?: string | null;
  attributes?: Record<string, unknown> | null;
  userType?: 'USER' | 'SERVICE_ACCOUNT';
}

export interface UpdateUserData {
  displayName?: string | null;
  email?: string | null;
  mobile?: string | null;
  isAdmin?: boolean | null;
  tags?: TagData[] | null;
  validity?: ValidityData | null;
  attributes?: Record<string, unknown> | null;
}

export interface UserFilterData {
  keyword?: string | null;
  state?: UserStateValue | null;
  userType?: 'USER' | 'SERVICE_ACCOUNT' | null;
  backend?: string | null;
  group?: string | null;
  tag?: TagData | null;
  isAdmin?: boolean | null;
}

export interface UserOrderData {
  field: 'NAME' | 'CREATED_AT' | 'LAST_LOGIN_AT';
  descending?: boolean | null;
}

export interface GroupChangeData {
  add?: string[] | null;
  remove?: string[] | null;
  set?: string[] | null;
}
