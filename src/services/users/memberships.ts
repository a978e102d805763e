import { canWrite, keepsRecordsInGateway, type MembershipChange } from '../../../backends/capabilities';
import { BackendNotFoundError } from '../../../backends/errors';
import type { RequestContext } from '../../context';
import { GroupEntity, GroupMemberEntity, type UserEntity } from '../../db/entities';
import { BadInputError, type FieldError } from '../../errors/errors';
import type { LiveDirectory } from '../directory/live-reads';
import type { GroupLookup } from '../groups/group-lookup';
import type { BackendSet } from '../support/backend-set';
import { groupRef, userRef } from '../support/refs';
import { writerOf } from '../support/write-gate';
import type { GroupChangeData } from './user-data';
import type { UserMutations } from './user-mutations';

/**
 * Group memberships of users: `setUserGroups`, and the membership part of creating a user. The
 * service computes the change (which groups gain and lose the user); the gateway's membership table
 * takes it, and each backend that owns a touched group is handed its part to carry into its store.
 */
export class Memberships {
  constructor(
    private readonly backends: BackendSet,
    private readonly live: LiveDirectory,
    private readonly groups: GroupLookup,
    private readonly mutations: UserMutations,
  ) {}

  async setUserGroups(ctx: RequestContext, name: string, input: GroupChangeData): Promise<UserEntity> {
    const hasSet = input.set !== undefined && input.set !== null;
    if (hasSet && (input.add || input.remove)) {
      throw new BadInputError([{ field: 'set', message: 'cannot be combined with add or remove' }]);
    }
    if (!hasSet && !input.add && !input.remove) {
      throw new BadInputError([{ field: 'input', message: 'give add and/or remove, or set' }]);
    }
    return this.mutations.mutate(ctx, 'setUserGroups', name, null, async (tx, user) => {
      // One list at a time: the error names every unknown group of the first list that has one.
      const add = await this.groups.resolve(tx, user.domain, input.add ?? [], 'add');
      const remove = await this.groups.resolve(tx, user.domain, input.remove ?? [], 'remove');
      const set = await this.groups.resolve(tx, user.domain, input.set ?? [], 'set');
      const current = await this.currentGroups(tx, user);
      const target = new Map<string, GroupEntity>(hasSet ? set.map((g) => [g.id, g]) : current);
      if (!hasSet) {
        for (const g of add) target.set(g.id, g);
        for (const g of remove) target.delete(g.id); // removal wins over add
      }
      const added = [...target.values()].filter((g) => !current.has(g.id));
      const removed = [...current.values()].filter((g) => !target.has(g.id));
      await this.apply(tx, user, added, removed);
    });
  }

  /**
   * Makes `user` a member of `added` and no longer of `removed`: checks that each group may hold the
   * user and that its backend may be written, writes the membership table, and hands every touched
   * backend its part. A directory group the mirror still knows but the directory no longer has is
   * an unknown group (BAD_USER_INPUT).
   */
  async apply(
    tx: RequestContext,
    user: UserEntity,
    added: readonly GroupEntity[],
    removed: readonly GroupEntity[],
  ): Promise<void> {
    if (!added.length && !removed.length) return;
    this.check(user, added, removed);
    const byBackend = new Map<string, MembershipChange[]>();
    for (const [group, adding] of [
      ...added.map((g) => [g, true] as const),
      ...removed.map((g) => [g, false] as const),
    ]) {
      const list = byBackend.get(group.backendId) ?? [];
      list.push({
        group: groupRef(group),
        add: adding ? [userRef(user)] : [],
        remove: adding ? [] : [userRef(user)],
      });
      byBackend.set(group.backendId, list);
    }
    if (removed.length) {
      await tx.em.nativeDelete(GroupMemberEntity, {
        userId: user.id,
        groupId: { $in: removed.map((g) => g.id) },
      });
    }
    for (const g of added) tx.em.persist(tx.em.create(GroupMemberEntity, { groupId: g.id, userId: user.id }));
    await tx.em.flush();
    try {
      for (const [backendId, changes] of byBackend) {
        await writerOf(this.backends.get(backendId), backendId).writeGroup(tx, { op: 'members', changes });
      }
    } catch (error) {
      if (error instanceof BackendNotFoundError && error.resource === 'group') {
        throw new BadInputError([
          { field: 'groups', message: 'a group named here is no longer in the directory' },
        ]);
      }
      throw error;
    }
  }

  /** The user's groups now: its directory's from the directory itself, the others from the gateway's table. */
  private async currentGroups(tx: RequestContext, user: UserEntity): Promise<Map<string, GroupEntity>> {
    const rows = await tx.em.find(GroupMemberEntity, { userId: user.id });
    const stored = rows.length
      ? await tx.em.find(GroupEntity, { id: { $in: rows.map((r) => r.groupId) } })
      : [];
    if (!this.live.listable(user.backendId)) return new Map(stored.map((g) => [g.id, g]));
    const [fromDirectory = []] = await this.live.groupsOfUsers(tx, [user]);
    return new Map(
      [...fromDirectory, ...stored.filter((g) => g.backendId !== user.backendId)].map((g) => [g.id, g]),
    );
  }

  /**
   * Refuses a membership change before anything is written: a user may join its own backend's
   * groups, and the groups the gateway keeps itself for a writable backend (local groups), whoever
   * owns the user (else BAD_USER_INPUT); and every touched group's backend must be writable.
   */
  check(user: UserEntity, added: readonly GroupEntity[], removed: readonly GroupEntity[] = []): void {
    const errors: FieldError[] = [];
    for (const g of added) {
      const gb = this.backends.get(g.backendId);
      const opensToAll = !!gb && keepsRecordsInGateway(gb) && canWrite(gb);
      if (g.backendId !== user.backendId && !opensToAll) {
        errors.push({ field: 'groups', message: `group "${g.name}" belongs to backend "${g.backendId}"` });
      }
    }
    if (errors.length) throw new BadInputError(errors);
    for (const g of [...added, ...removed]) writerOf(this.backends.get(g.backendId), g.backendId);
  }
}
