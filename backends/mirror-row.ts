import { nameKey } from '../src/domain/names';
import { UserEntity } from '../src/db/entities';
import type { BackendContext, DirectoryUser } from './types';

/**
 * Reading the gateway's user records as directory data: for backends whose directory is that record
 * (local) or whose only copy of the provider's data it is (SSO).
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

/**
 * The records of `backendId` in `domain` for these keys, in key order, null where none: keyed by the
 * gateway id (local) or by the backend's own key (SSO).
 */
export async function recordsByKeys(
  ctx: BackendContext,
  backendId: string,
  domain: string,
  keys: readonly string[],
  keyField: 'id' | 'externalId',
): Promise<(DirectoryUser | null)[]> {
  if (!keys.length) return [];
  const rows = await ctx.em.find(UserEntity, { backendId, domain, [keyField]: { $in: [...keys] } });
  const byKey = new Map(rows.map((r) => [r[keyField], r]));
  return keys.map((key) => {
    const row = byKey.get(key);
    return row ? rowToDirectoryUser(row) : null;
  });
}

/** The record of `backendId` in `domain` with this login name (any case), or null. */
export async function recordByName(
  ctx: BackendContext,
  backendId: string,
  domain: string,
  name: string,
): Promise<DirectoryUser | null> {
  const row = await ctx.em.findOne(UserEntity, { domain, backendId, nameKey: nameKey(name) });
  return row ? rowToDirectoryUser(row) : null;
}
