import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import { canCheckPasswords, canWrite } from '../../backends/capabilities';
import type { BackendLogger } from '../../backends/types';
import { DEFAULT_DOMAIN, type AppConfig } from '../config';
import { UserEntity } from '../db/entities';
import { nameKey } from '../domain/names';
import type { BackendSet } from './support/backend-set';
import { userRef } from './support/refs';

/**
 * When the default domain has no admin, creates one in its first writable password backend. With no
 * IDGATE_ADMIN_PASSWORD a random password is generated and logged this once. Returns whether it
 * created one: a second start finds the admin and changes nothing.
 */
export async function ensureBootstrapAdmin(
  em: EntityManager,
  config: AppConfig,
  backends: BackendSet,
  log: BackendLogger & { warn(obj: object, msg?: string): void },
): Promise<boolean> {
  const existing = await em.count(UserEntity, { domain: DEFAULT_DOMAIN, isAdmin: true });
  if (existing > 0) return false;
  const backend = backends.ofDomain(DEFAULT_DOMAIN).find((b) => canWrite(b) && canCheckPasswords(b));
  if (!backend || !canWrite(backend)) {
    log.warn({ domain: DEFAULT_DOMAIN }, 'no admin exists and no writable password backend can hold one');
    return false;
  }
  const generated = config.admin.password === null;
  const password = config.admin.password ?? randomBytes(18).toString('base64url');
  await em.transactional(async (tx) => {
    const nameTaken = await tx.count(UserEntity, {
      domain: DEFAULT_DOMAIN,
      nameKey: nameKey(config.admin.name),
    });
    if (nameTaken) {
      // A non-admin already has the name: make it no admin behind the operator's back.
      throw new Error(`IDGATE_ADMIN_NAME "${config.admin.name}" is taken by a user who is not an admin`);
    }
    const now = new Date();
    const user = tx.create(UserEntity, {
      id: randomUUID(),
      domain: DEFAULT_DOMAIN,
      backendId: backend.id,
      name: config.admin.name,
      nameKey: nameKey(config.admin.name),
      displayName: 'Administrator',
      isAdmin: true,
      createdAt: now,
      updatedAt: now,
    });
    const ctx = { em: tx, log };
    const created = await backend.writeUser(ctx, {
      op: 'create',
      user: userRef(user),
      data: {
        name: user.name,
        displayName: user.displayName,
        email: null,
        mobile: null,
        profile: { fullName: null, firstName: null, lastName: null },
        attributes: {},
        password,
      },
    });
    user.externalId = created.externalId ?? null;
    user.externalIds = created.externalIds ?? [];
    tx.persist(user);
  });
  if (generated) {
    log.warn(
      { admin: config.admin.name, password },
      'created the first admin with a generated password: it is shown this once, change it after logging in',
    );
  } else {
    log.info(
      { admin: config.admin.name },
      'created the first admin with the password from IDGATE_ADMIN_PASSWORD',
    );
  }
  return true;
}
