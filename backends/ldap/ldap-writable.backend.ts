import type {
  DirectoryWriter,
  GroupWrite,
  MembershipChange,
  NewUserData,
  UserPatch,
  UserWrite,
  WriteResult,
} from '../capabilities';
import { BackendConflictError, BackendInputError, BackendNotFoundError } from '../errors';
import type { BackendContext, BackendLogger, GroupRef, UserRef } from '../types';
import { eq, escapeDnValue, normalizeDn } from './escape';
import type { ModifyOperation } from './ldap-client';
import type { GroupEntry } from './ldap-groups';
import { LdapBackend } from './ldap.backend';

/** One directory operation already done, and how to take it back. */
interface DoneStep {
  dn: string;
  undo: ModifyOperation[];
}

/**
 * An LDAP directory idgate may write to (`readOnly: false`). Every change that takes several
 * directory operations undoes the ones already done when a later one fails, so the directory is not
 * left half-changed; an undo that fails itself is logged at error with the entry and what was left.
 */
export class WritableLdapBackend extends LdapBackend implements DirectoryWriter {
  async writeUser(ctx: BackendContext, write: UserWrite): Promise<WriteResult> {
    try {
      return await this.applyUserWrite(ctx, write);
    } finally {
      // Listings read before (or during) the change may be wrong now: the next ones read anew.
      this.listings.clear();
    }
  }

  async writeGroup(ctx: BackendContext, write: GroupWrite): Promise<WriteResult> {
    try {
      return await this.applyGroupWrite(ctx, write);
    } finally {
      this.listings.clear();
    }
  }

  private async applyUserWrite(ctx: BackendContext, write: UserWrite): Promise<WriteResult> {
    switch (write.op) {
      case 'create':
        return this.createUser(ctx, write.user, write.data);
      case 'update':
        await this.updateUser(ctx, write.user, write.patch);
        return {};
      case 'delete':
        await this.deleteUser(ctx, write.user);
        return {};
      case 'setPassword':
        await this.pool.setPassword(await this.dnOf(write.user.externalId), write.password);
        return {};
    }
  }

  private async applyGroupWrite(ctx: BackendContext, write: GroupWrite): Promise<WriteResult> {
    switch (write.op) {
      case 'create':
        return this.createGroup(write.group, write.displayName);
      case 'delete':
        if (write.group.externalId) {
          const [entry] = await this.groups.byKeys([write.group.externalId]);
          if (entry) await this.pool.del(entry.dn);
        }
        return {};
      case 'members':
        await this.changeMembers(ctx, write.changes);
        return {};
    }
  }

  private userDn(name: string): string {
    return `${this.settings.attrs.name}=${escapeDnValue(name)},${this.settings.userBaseDn}`;
  }

  /**
   * Refuses an address another entry of the directory already has: the gateway only knows the users
   * it has seen, so the directory itself is asked (one search).
   */
  private async assertEmailFree(email: string | null | undefined, selfDn: string | null): Promise<void> {
    if (!email) return;
    const entries = await this.pool.search(this.settings.userBaseDn, {
      filter: this.userFilter(eq(this.settings.attrs.email, email)),
      attributes: ['1.1'],
    });
    if (entries.some((e) => !selfDn || normalizeDn(e.dn) !== normalizeDn(selfDn))) {
      throw new BackendConflictError(this.id, 'EMAIL_TAKEN');
    }
  }

  /** Directory attributes for the given fields; only mapped attributes can be stored. */
  private attributesFor(patch: UserPatch): Record<string, string[]> {
    const a = this.settings.attrs;
    const out: Record<string, string[]> = {};
    const set = (attr: string, value: string | null | undefined) => {
      if (value !== undefined) out[attr] = value === null || value === '' ? [] : [value];
    };
    set(a.displayName, patch.displayName);
    set(a.email, patch.email);
    set(a.mobile, patch.mobile);
    if (patch.profile) {
      set(a.firstName, patch.profile.firstName);
      set(a.fullName, patch.profile.fullName);
      set(a.lastName, patch.profile.lastName);
    }
    if (patch.attributes) {
      for (const [key, value] of Object.entries(patch.attributes)) {
        if (!a.extra.includes(key)) {
          throw new BackendInputError(
            this.id,
            'attributes',
            `the directory has no mapped attribute "${key}"`,
          );
        }
        const values = Array.isArray(value) ? value : [value];
        if (!values.every((v) => typeof v === 'string' || typeof v === 'number')) {
          throw new BackendInputError(
            this.id,
            'attributes',
            `"${key}" must be text, a number or a list of them`,
          );
        }
        out[key] = values.map(String);
      }
      for (const key of a.extra) if (!(key in patch.attributes)) out[key] = [];
    }
    return out;
  }

  private async createUser(ctx: BackendContext, user: UserRef, data: NewUserData): Promise<WriteResult> {
    const a = this.settings.attrs;
    const dn = this.userDn(data.name);
    // The gateway only knows users it has seen: the directory may hold the name already, deeper down.
    if (await this.findUserByName(ctx, user.domain, data.name)) {
      throw new BackendConflictError(this.id, 'NAME_TAKEN');
    }
    await this.assertEmailFree(data.email, null);
    const attributes = this.attributesFor({ ...data });
    attributes.objectClass = ['top', 'person', 'organizationalPerson', 'inetOrgPerson'];
    attributes[a.name] = [data.name];
    // person requires cn and sn.
    if (!attributes[a.fullName]?.length) attributes[a.fullName] = [data.profile.fullName ?? data.displayName];
    if (!attributes[a.lastName]?.length) attributes[a.lastName] = [data.profile.lastName ?? data.name];
    await this.pool.add(dn, attributes);
    try {
      if (data.password) await this.pool.setPassword(dn, data.password);
      const [entry] = await this.pool.search(dn, {
        scope: 'base',
        filter: '(objectClass=*)',
        attributes: [this.key.attribute],
      });
      const externalId = entry ? this.key.read(entry) : null;
      if (!externalId) throw new BackendNotFoundError(this.id, 'user');
      return { externalId, externalIds: [{ type: 'ldap-dn', id: dn }] };
    } catch (error) {
      // Repair: the entry goes again.
      await this.pool
        .del(dn)
        .catch((undoError: unknown) =>
          this.logUndoFailure(ctx.log, undoError, dn, 'a half-created user entry is left in the directory'),
        );
      throw error;
    }
  }

  private async updateUser(_ctx: BackendContext, user: UserRef, patch: UserPatch): Promise<void> {
    const dn = await this.dnOf(user.externalId);
    if (patch.email) await this.assertEmailFree(patch.email, dn);
    const changes = Object.entries(this.attributesFor(patch)).map(([attribute, values]): ModifyOperation => ({
      operation: 'replace',
      attribute,
      values,
    }));
    // sn is required by the person class: an emptied last name falls back to the login name.
    for (const c of changes)
      if (c.attribute === this.settings.attrs.lastName && !c.values.length) c.values = [user.name];
    await this.pool.modify(dn, changes);
  }

  private async deleteUser(ctx: BackendContext, user: UserRef): Promise<void> {
    let dn: string;
    try {
      dn = await this.dnOf(user.externalId);
    } catch (error) {
      if (error instanceof BackendNotFoundError) return; // already gone from the directory
      throw error;
    }
    const groups = await this.groups.withMembers([dn]);
    const done = await this.applySteps(
      ctx,
      groups.map((g) => this.removeStep(g, dn)),
    );
    try {
      await this.pool.del(dn);
    } catch (error) {
      // Repair: the user stays, so its memberships come back (added again, nothing else touched).
      await this.undo(ctx.log, done);
      throw error;
    }
  }

  private async createGroup(group: GroupRef, displayName: string): Promise<WriteResult> {
    const a = this.settings.attrs;
    const dn = `${a.groupName}=${escapeDnValue(group.name)},${this.settings.groupBaseDn}`;
    const attributes: Record<string, string[]> = {
      objectClass: ['top', this.settings.groupObjectClass],
      [a.groupName]: [group.name],
      [this.settings.memberAttribute]: [this.settings.groupPlaceholderMember],
    };
    if (displayName !== group.name) attributes[a.groupDisplayName] = [displayName];
    await this.pool.add(dn, attributes);
    const [entry] = await this.pool.search(dn, {
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: [this.key.attribute],
    });
    return { externalId: entry ? this.key.read(entry) : null };
  }

  /**
   * Carries membership changes the service computed into the group entries: the groups are read in
   * one search, each member's current DN is looked up by its key, then one modify per group. All or
   * nothing: a failure undoes the groups already changed.
   */
  private async changeMembers(ctx: BackendContext, changes: readonly MembershipChange[]): Promise<void> {
    const entries = await this.groups.byKeys(changes.map((c) => c.group.externalId ?? ''));
    const byKey = new Map(entries.map((g) => [this.key.normal(g.externalId), g]));
    const dns = new Map<string, string>();
    for (const user of changes.flatMap((c) => [...c.add, ...c.remove])) {
      if (user.backendId !== this.id) {
        throw new BackendInputError(this.id, 'groups', `a group of "${this.id}" can only hold its own users`);
      }
      if (!dns.has(user.id)) dns.set(user.id, await this.dnOf(user.externalId));
    }
    const steps: (DoneStep & { ops: ModifyOperation[] })[] = [];
    for (const change of changes) {
      const group = byKey.get(this.key.normal(change.group.externalId ?? ''));
      if (!group) throw new BackendNotFoundError(this.id, 'group');
      const adds = change.add.map((u) => dns.get(u.id)!);
      const removes = change.remove.map((u) => dns.get(u.id)!);
      if (adds.length) steps.push(this.addStep(group, adds));
      for (const dn of removes) steps.push(this.removeStep(group, dn));
    }
    await this.applySteps(ctx, steps);
  }

  private addStep(group: GroupEntry, dns: string[]): DoneStep & { ops: ModifyOperation[] } {
    const member = this.settings.memberAttribute;
    return {
      dn: group.dn,
      ops: [{ operation: 'add', attribute: member, values: dns }],
      undo: [{ operation: 'delete', attribute: member, values: dns }],
    };
  }

  /** Removes one member; the last real member is replaced by the placeholder (a group needs one). */
  private removeStep(group: GroupEntry, dn: string): DoneStep & { ops: ModifyOperation[] } {
    const member = this.settings.memberAttribute;
    const placeholder = this.settings.groupPlaceholderMember;
    const others = group.memberDns.filter(
      (m) => normalizeDn(m) !== normalizeDn(dn) && normalizeDn(m) !== normalizeDn(placeholder),
    );
    // Keep the entry as read in step with the change, for a later step on the same group.
    group.memberDns = others.length
      ? group.memberDns.filter((m) => normalizeDn(m) !== normalizeDn(dn))
      : [placeholder];
    return others.length
      ? {
          dn: group.dn,
          ops: [{ operation: 'delete', attribute: member, values: [dn] }],
          undo: [{ operation: 'add', attribute: member, values: [dn] }],
        }
      : {
          dn: group.dn,
          ops: [{ operation: 'replace', attribute: member, values: [placeholder] }],
          // Undo only what was done: others may have changed the group meanwhile.
          undo: [{ operation: 'replace', attribute: member, values: [dn] }],
        };
  }

  /** Runs the steps in order; on a failure undoes those done (in reverse) and rethrows. */
  private async applySteps(
    ctx: BackendContext,
    steps: (DoneStep & { ops: ModifyOperation[] })[],
  ): Promise<DoneStep[]> {
    const done: DoneStep[] = [];
    try {
      for (const step of steps) {
        await this.pool.modify(step.dn, step.ops);
        done.push(step);
      }
      return done;
    } catch (error) {
      await this.undo(ctx.log, done);
      if (error instanceof BackendNotFoundError)
        throw new BackendNotFoundError(this.id, 'group', { cause: error });
      throw error;
    }
  }

  private async undo(log: BackendLogger, done: DoneStep[]): Promise<void> {
    for (const step of [...done].reverse()) {
      await this.pool
        .modify(step.dn, step.undo)
        .catch((error: unknown) =>
          this.logUndoFailure(
            log,
            error,
            step.dn,
            `the change could not be undone: still to do ${JSON.stringify(step.undo)}`,
          ),
        );
    }
  }

  private logUndoFailure(log: BackendLogger, error: unknown, dn: string, left: string): void {
    log.error(
      { err: error, backend: this.id, entry: dn, left },
      'directory left half-changed: an undo step failed; repair the entry by hand',
    );
  }
}
