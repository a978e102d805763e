import { canRedirectLogin, canSync } from '../../../backends/capabilities';
import type { DirectoryGroup, IdentityBackend } from '../../../backends/types';
import type { RequestContext } from '../../context';
import {
  DirectorySyncStateEntity,
  GroupEntity,
  GroupMemberEntity,
  SessionEntity,
  UserEntity,
} from '../../db/entities';
import { BadInputError, NotFoundError } from '../../errors/errors';
import type { AccessPolicy } from '../access/policy';
import type { BackendSet } from '../support/backend-set';
import { chunks, plainRows } from '../support/sql';
import type { DirectoryMirror } from './mirror';

export interface SyncReportView {
  backend: IdentityBackend;
  mode: 'FULL' | 'CHANGED';
  created: number;
  updated: number;
  disabled: number;
  failed: number;
  aborted: boolean;
  message: string | null;
  startedAt: Date;
  finishedAt: Date;
}

/**
 * `syncUsers`: brings the whole mirror of a directory up to date and disables users who left it.
 */
export class DirectorySyncService {
  constructor(
    private readonly backends: BackendSet,
    private readonly mirror: DirectoryMirror,
    private readonly policy: AccessPolicy,
  ) {}

  /**
   * Brings the mirror of a directory up to date. FULL reads every user; CHANGED only those modified
   * since the last sync (and the keys of all, to notice who left). Users gone from the directory are
   * disabled, never deleted, and come back enabled when they return; a sync that would disable more
   * than the backend's `maxDisableShare` of its mirrored users changes nothing and says so.
   */
  async sync(ctx: RequestContext, backendId: string, mode: 'FULL' | 'CHANGED'): Promise<SyncReportView> {
    const domain = this.backends.domainOfBackend(backendId);
    const backend = domain ? this.backends.get(backendId) : undefined;
    // Another domain's backend does not exist for the caller: the same answer as an unknown one.
    if (!backend || !domain || this.resolvesElsewhere(ctx, domain)) throw new NotFoundError('backend');
    this.policy.authorize(ctx, 'syncUsers', { domain });
    if (!canSync(backend)) {
      const why = canRedirectLogin(backend)
        ? `backend "${backend.id}" is an SSO provider: its users cannot be listed; they are refreshed from their claims at each login and token use`
        : `backend "${backend.id}" keeps its users itself: there is nothing to sync`;
      throw new BadInputError([{ field: 'backend', message: why }]);
    }
    const startedAt = new Date();
    const state = await ctx.em.findOne(DirectorySyncStateEntity, { backendId });
    const since = mode === 'CHANGED' && state ? new Date(state.lastSyncAt.getTime() - 60_000) : null;
    const { users, allKeys, groups } = await backend.readForSync(ctx, since);
    const shadows = (
      await plainRows<{ id: string; external_id: string | null; disabled: unknown; sync_disabled: unknown }>(
        ctx,
        ctx.em
          .getKnex()('users')
          .select('id', 'external_id', 'disabled', 'sync_disabled')
          .where('backend_id', backendId),
      )
    ).map((r) => ({
      id: r.id,
      externalId: r.external_id,
      disabled: !!r.disabled,
      syncDisabled: !!r.sync_disabled,
    }));
    const gone = shadows.filter((s) => s.externalId && !allKeys.has(s.externalId) && !s.disabled);
    const report = (fields: Partial<SyncReportView>): SyncReportView => ({
      backend,
      mode,
      created: 0,
      updated: 0,
      disabled: 0,
      failed: 0,
      aborted: false,
      message: null,
      startedAt,
      finishedAt: new Date(),
      ...fields,
    });
    if (shadows.length && gone.length / shadows.length > backend.maxDisableShare) {
      const message =
        `stopped: ${gone.length} of ${shadows.length} mirrored users are missing from the directory, ` +
        `more than the allowed ${Math.round(backend.maxDisableShare * 100)}%; nothing was changed`;
      ctx.log.warn(
        { backend: backendId, missing: gone.length, mirrored: shadows.length },
        'sync stopped by its guard',
      );
      return report({ failed: gone.length, aborted: true, message });
    }
    const counts = { created: 0, updated: 0, failed: 0 };
    for (const chunk of chunks(users, 200))
      await this.mirror.mirrorUsers(ctx, backend, domain, chunk, counts);
    let disabled = 0;
    for (const s of gone) {
      await ctx.em.nativeUpdate(
        UserEntity,
        { id: s.id },
        { disabled: true, syncDisabled: true, updatedAt: new Date() },
      );
      await ctx.em.nativeDelete(SessionEntity, { userId: s.id });
      disabled++;
    }
    const back = shadows.filter((s) => s.syncDisabled && s.externalId && allKeys.has(s.externalId));
    for (const s of back) {
      await ctx.em.nativeUpdate(
        UserEntity,
        { id: s.id },
        { disabled: false, syncDisabled: false, updatedAt: new Date() },
      );
      counts.updated++;
    }
    await this.mirrorMemberships(ctx, backend, domain, groups);
    await ctx.em.upsert(DirectorySyncStateEntity, { backendId, lastSyncAt: startedAt, lastMode: mode });
    ctx.log.info({ backend: backendId, mode, ...counts, disabled }, 'directory sync finished');
    return report({ ...counts, disabled });
  }

  /** True when `domain` is neither the caller's own nor one its admin role reaches (the system domain's). */
  private resolvesElsewhere(ctx: RequestContext, domain: string): boolean {
    try {
      return this.policy.resolveDomain(ctx, domain) !== domain;
    } catch (error) {
      if (error instanceof NotFoundError) return true;
      throw error;
    }
  }

  /** Mirrors the directory's groups and memberships (for filters over the whole domain). */
  private async mirrorMemberships(
    ctx: RequestContext,
    backend: IdentityBackend,
    domain: string,
    groups: (DirectoryGroup & { memberIds: string[] })[],
  ): Promise<void> {
    const mirrored = await this.mirror.mirrorGroups(ctx, backend, domain, groups);
    const users = await plainRows<{ id: string; external_id: string }>(
      ctx,
      ctx.em.getKnex()('users').select('id', 'external_id').where('backend_id', backend.id),
    );
    const userByKey = new Map(users.map((u) => [u.external_id, u.id]));
    await ctx.em.transactional(async (tx) => {
      const groupIds = mirrored.filter((g): g is GroupEntity => g !== null).map((g) => g.id);
      for (const chunk of chunks(groupIds))
        await tx.nativeDelete(GroupMemberEntity, { groupId: { $in: chunk } });
      groups.forEach((g, i) => {
        const row = mirrored[i];
        if (!row) return;
        for (const memberId of new Set(g.memberIds)) {
          const userId = userByKey.get(memberId);
          if (userId) tx.persist(tx.create(GroupMemberEntity, { groupId: row.id, userId }));
        }
      });
      await tx.flush();
    });
  }
}
