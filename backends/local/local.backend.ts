import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import { z } from 'zod';
import { LocalCredentialEntity } from '../../src/db/entities';
import type {
  BackendContext,
  Capability,
  DirectoryUser,
  DirectoryWriter,
  ExternalIdData,
  GroupRef,
  IdentityBackend,
  NewUserData,
  PasswordAuthenticator,
  UserPatch,
  UserRef,
} from '../types';
import { BackendUnavailableError } from '../errors';
import { recordByName, recordsByKeys } from '../mirror-row';

export const localBackendConfigSchema = z
  .object({
    id: z.string(),
    kind: z.literal('local'),
    displayName: z.string().min(1).max(150).optional(),
  })
  .strict();

export type LocalBackendConfig = z.infer<typeof localBackendConfigSchema>;

const NO_SUCH_ID = '00000000-0000-0000-0000-000000000000';

/** argon2id at the OWASP-recommended cost (19 MiB, 2 passes, 1 lane). */
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * The local backend: users and groups kept in the gateway's own database. Its directory data is the
 * gateway record itself, so most writes need nothing beyond what the service stores; what it owns
 * alone is the password hash (table local_credentials).
 */
export class LocalBackend implements IdentityBackend, PasswordAuthenticator, DirectoryWriter {
  readonly kind = 'LOCAL' as const;
  readonly readOnly = false;
  readonly capabilities: readonly Capability[] = [
    'password-login',
    'write-users',
    'write-groups',
    'write-password',
  ];
  readonly id: string;
  readonly displayName: string;
  /** A real hash of a random password: checked against when the user is unknown, to spend the same time. */
  private dummyHash: Promise<string> | null = null;

  constructor(config: LocalBackendConfig) {
    this.id = config.id;
    this.displayName = config.displayName ?? 'Local users';
  }

  async init(): Promise<void> {
    this.dummyHash = argon2.hash(randomBytes(24).toString('base64'), HASH_OPTIONS);
    await this.dummyHash;
  }

  async checkHealth(ctx: BackendContext): Promise<void> {
    try {
      await ctx.em.getConnection().execute('select 1');
    } catch (cause) {
      throw new BackendUnavailableError(this.id, 'database did not answer', { cause });
    }
  }

  getUsersByIds(
    ctx: BackendContext,
    ids: readonly string[],
    domain: string,
  ): Promise<(DirectoryUser | null)[]> {
    return recordsByKeys(ctx, this.id, domain, ids, 'id');
  }

  findUserByName(ctx: BackendContext, domain: string, name: string): Promise<DirectoryUser | null> {
    return recordByName(ctx, this.id, domain, name);
  }

  async verifyPassword(ctx: BackendContext, user: UserRef | null, password: string): Promise<boolean> {
    // The same lookup for an unknown user (by an id no row has), so both paths do the same work.
    const credential = await ctx.em.findOne(LocalCredentialEntity, { userId: user?.id ?? NO_SUCH_ID });
    // With no user or no password set, still run one full argon2 check so the answer takes as long.
    const hash = credential?.passwordHash ?? (await this.getDummyHash());
    const ok = await argon2.verify(hash, password);
    return credential !== null && ok;
  }

  async createUser(
    ctx: BackendContext,
    user: UserRef,
    data: NewUserData,
  ): Promise<{ externalId: string | null; externalIds: ExternalIdData[] }> {
    if (data.password !== null) await this.setPassword(ctx, user, data.password);
    return { externalId: null, externalIds: [] };
  }

  async updateUser(_ctx: BackendContext, _user: UserRef, _patch: UserPatch): Promise<void> {
    // The gateway record is the local directory: the service has stored the change already.
  }

  async deleteUser(ctx: BackendContext, user: UserRef): Promise<void> {
    await ctx.em.nativeDelete(LocalCredentialEntity, { userId: user.id });
  }

  async setPassword(ctx: BackendContext, user: UserRef, password: string): Promise<void> {
    const passwordHash = await argon2.hash(password, HASH_OPTIONS);
    await ctx.em.upsert(LocalCredentialEntity, { userId: user.id, passwordHash, updatedAt: new Date() });
  }

  async setUserGroups(_ctx: BackendContext, _user: UserRef, _groups: readonly GroupRef[]): Promise<void> {
    // Membership of local groups is the gateway's group_members table, written by the service.
  }

  async createGroup(
    _ctx: BackendContext,
    _group: GroupRef,
    _displayName: string,
  ): Promise<{ externalId: string | null }> {
    return { externalId: null };
  }

  async deleteGroup(_ctx: BackendContext, _group: GroupRef): Promise<void> {
    // Nothing beyond the gateway's own rows, which the service removes.
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= argon2.hash(randomBytes(24).toString('base64'), HASH_OPTIONS);
    return this.dummyHash;
  }
}
