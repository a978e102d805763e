import type { GroupRef, UserRef } from '../../../backends/types';
import type { GroupEntity, UserEntity } from '../../db/entities';

/** How a user is named to its backend (and to a group's backend). */
export function userRef(user: UserEntity): UserRef {
  return {
    id: user.id,
    externalId: user.externalId,
    backendId: user.backendId,
    domain: user.domain,
    name: user.name,
    externalIds: user.externalIds,
  };
}

/** How a group is named to its backend. */
export function groupRef(group: GroupEntity): GroupRef {
  return { id: group.id, externalId: group.externalId, domain: group.domain, name: group.name };
}
