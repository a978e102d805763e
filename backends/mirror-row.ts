import type { UserEntity } from '../src/db/entities';
import type { DirectoryUser } from './types';

/**
 * A gateway user record read as directory data: for backends whose directory is that record (local)
 * or whose only copy of the provider's data it is (SSO).
 */
export function rowToDirectoryUser(row: UserEntity): DirectoryUser {
  return {
    externalId: row.externalId,
    name: row.name,
    displayName: row.displayName,
    email: row.email,
    emailVerified: row.emailVerified,
    mobile: row.mobile,
    profile: { fullName: row.fullName, firstName: row.firstName, lastName: row.lastName },
    attributes: row.attributes,
    externalIds: row.externalIds,
  };
}
