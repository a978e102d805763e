import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { LocalCredentialEntity } from '../../src/db/entities';
import type {
  DirectoryWriter,
  GatewayRecords,
  GroupWrite,
  PasswordAuthenticator,
  UserWrite,
  WriteResult,
} from '../capabilities';
import type { BackendContext, DirectoryUser, IdentityBackend, UserRef } from '../types';
import { BackendUnavailableError } from '../errors';
import { recordByName, recordsByKeys } from '../mirror-row';
import { defaultHashConcurrency, HashSlots } from './hash-slots';
import { hashPassword, MIN_HASH_COST, needsStrongerHash, verifyHash, type HashCost } from './password-hashes';

export const localBackendConfigSchema = z
  .object({
    id: z.string(),
    kind: z.literal('local'),
    displayName: z.string().min(1).max(150).optional(),
    /** argon2id cost of new hashes; stored hashes that cost less are replaced at the next login. */
    hashing: z
      .object({
        memoryKiB: z
          .number()
          .int()
          .min(MIN_HASH_COST.memoryKiB)
          .max(4 * 1024 * 1024)
          .optional(),
        timeCost: z.number().int().min(MIN_HASH_COST.timeCost).max(100).optional(),
        parallelism: z.number().int().min(MIN_HASH_COST.parallelism).max(16).optional(),
        /** Hashes at once (default: one less than the cores, at least one); the others queue. */
        concurrency: z.number().int().min(1).max(64).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type LocalBackendConfig = z.infer<typeof localBackendConfigSchema>;

const NO_SUCH_ID = '00000000-0000-0000-0000-000000000000';

/**
 * The local backend: users and groups kept in the gateway's own database. Its directory data is the
 * gateway record itself, which the service writes; what this backend owns alone is the password
 * hash (table local_credentials), so that is all its write side stores.
 */
export class LocalBackend implements IdentityBackend, GatewayRecords, PasswordAuthenticator, DirectoryWriter {
  readonly kind = 'LOCAL' as const;
  readonly keepsRecordsInGateway = true as const;
  readonly id: string;
  readonly displayName: string;
  /** A real hash of a random password: checked against when the user is unknown, to spend the same time. */
  private dummyHash: Promise<string> | null = null;
  /** The argon2id cost of new hashes. */
  private readonly cost: HashCost;
  /** Bounds the hashes running at once, so that they never take every core from the event loop. */
  private readonly slots: HashSlots;

  constructor(config: LocalBackendConfig) {
    this.id = config.id;
    this.displayName = config.displayName ?? 'Local users';
    this.cost = {
      memoryKiB: config.hashing?.memoryKiB ?? MIN_HASH_COST.memoryKiB,
      timeCost: config.hashing?.timeCost ?? MIN_HASH_COST.timeCost,
      parallelism: config.hashing?.parallelism ?? MIN_HASH_COST.parallelism,
    };
    this.slots = new HashSlots(config.hashing?.concurrency ?? defaultHashConcurrency());
  }

  async init(): Promise<void> {
    await this.getDummyHash();
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
    const ok = await this.slots.run(() => verifyHash(hash, password));
    if (ok && credential && needsStrongerHash(credential.passwordHash, this.cost)) {
      // The password is at hand only now: store it again at the configured cost.
      await this.storeHash(ctx, user!, password);
    }
    return credential !== null && ok;
  }

  async writeUser(ctx: BackendContext, write: UserWrite): Promise<WriteResult> {
    switch (write.op) {
      case 'create':
        if (write.data.password !== null) await this.storeHash(ctx, write.user, write.data.password);
        return { externalId: null, externalIds: [] };
      case 'setPassword':
        await this.storeHash(ctx, write.user, write.password);
        return {};
      case 'delete':
        await ctx.em.nativeDelete(LocalCredentialEntity, { userId: write.user.id });
        return {};
      case 'update':
        // The profile, email and the like live in the gateway record, which the service has written.
        return {};
    }
  }

  async writeGroup(_ctx: BackendContext, _write: GroupWrite): Promise<WriteResult> {
    // Local groups and their members are the gateway's own rows, which the service writes.
    return { externalId: null };
  }

  private async storeHash(ctx: BackendContext, user: UserRef, password: string): Promise<void> {
    const passwordHash = await this.slots.run(() => hashPassword(password, this.cost));
    await ctx.em.upsert(LocalCredentialEntity, { userId: user.id, passwordHash, updatedAt: new Date() });
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(24).toString('base64'), this.cost);
    return this.dummyHash;
  }
}
