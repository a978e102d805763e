import { randomUUID } from 'node:crypto';
import { BackendConflictError, BackendInputError, BackendNotFoundError } from '../errors';
import type {
  BackendContext,
  Capability,
  DirectoryGroup,
  DirectoryListing,
  DirectorySync,
  DirectoryUser,
  DirectoryUserKey,
  DirectoryUserQuery,
  DirectoryWriter,
  ExternalIdData,
  GroupRef,
  IdentityBackend,
  NewUserData,
  PasswordAuthenticator,
  UserPatch,
  UserRef,
} from '../types';
import { and, contains, eq, escapeDnValue, normalizeDn, or } from './escape';
import { LdapPool, type LdapEntry, type ModifyOperation } from './ldap-client';
import type { LdapSettings } from './ldap.config';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Entries asked for per page of a paged search (fewer round trips; the service account has no limit). */
const PAGE_SIZE = 2000;
/** Keys per OR filter when reading users by key. */
const IDS_PER_SEARCH = 500;

/** LDAP generalized time (20240102030405Z or with fractions) to a Date. */
function parseGeneralizedTime(value: string | undefined): Date | null {
  const m = value && /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?Z$/.exec(value);
  if (!m) return null;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)));
}

function hasControl(text: string | undefined): boolean {
  return text !== undefined && /\p{Cc}/u.test(text);
}

function toGeneralizedTime(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

interface KeyWithDn extends DirectoryUserKey {
  dn: string;
}

interface GroupEntry extends DirectoryGroup {
  dn: string;
  memberDns: string[];
}

/**
 * An LDAP directory, read live. Users are entries of `userObjectClass` under `userBaseDn`, groups
 * entries of `groupObjectClass` under `groupBaseDn` listing their members' DNs. Users and groups are
 * known to the gateway by entryUUID, which survives renames and moves. This class is the read side:
 * a read-only directory is exactly this and has no write methods at all.
 */
export class LdapBackend implements IdentityBackend, PasswordAuthenticator, DirectoryListing, DirectorySync {
  readonly kind = 'LDAP' as const;
  readonly id: string;
  readonly displayName: string;
  readonly readOnly: boolean = true;
  readonly capabilities: readonly Capability[] = ['password-login', 'sync'];
  readonly maxDisableShare: number;
  protected readonly pool: LdapPool;

  constructor(protected readonly settings: LdapSettings) {
    this.id = settings.id;
    this.displayName = settings.displayName;
    this.maxDisableShare = settings.maxDisableShare;
    this.pool = new LdapPool({
      backendId: settings.id,
      urls: settings.urls,
      bindDn: settings.bindDn,
      bindPassword: settings.bindPassword,
      startTls: settings.startTls,
      caFile: settings.caFile,
      connectTimeoutMs: settings.connectTimeoutMs,
      timeoutMs: settings.timeoutMs,
      poolSize: settings.poolSize,
    });
  }

  /** Listens to every search sent to the directory (the tests count them). */
  onSearch(listener: (filter: string) => void): () => void {
    return this.pool.onSearch(listener);
  }

  /** Listens to every bind made to check a user's password (the tests count them). */
  onBind(listener: (dn: string) => void): () => void {
    return this.pool.onBind(listener);
  }

  async destroy(): Promise<void> {
    await this.pool.close();
  }

  async checkHealth(_ctx: BackendContext): Promise<void> {
    await this.pool.search(this.settings.userBaseDn, {
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: ['1.1'],
    });
  }

  // ----- users -----

  protected get userAttributes(): string[] {
    const a = this.settings.attrs;
    return [
      a.name,
      a.displayName,
      a.email,
      a.firstName,
      a.lastName,
      a.fullName,
      a.mobile,
      ...a.extra,
      'entryUUID',
      'createTimestamp',
    ];
  }

  protected userFilter(...parts: string[]): string {
    return and(`(objectClass=${this.settings.userObjectClass})`, this.settings.userFilter ?? '', ...parts);
  }

  protected toUser(entry: LdapEntry): DirectoryUser | null {
    const a = this.settings.attrs;
    const first = (attr: string) => entry.attrs[attr.toLowerCase()]?.[0] ?? null;
    const name = first(a.name);
    const externalId = first('entryUUID');
    if (!name || !externalId) return null;
    const attributes: Record<string, unknown> = {};
    for (const extra of a.extra) {
      const values = entry.attrs[extra.toLowerCase()];
      if (values?.length) attributes[extra] = values.length === 1 ? values[0] : values;
    }
    return {
      externalId,
      name,
      displayName: (first(a.displayName) ?? first(a.fullName) ?? name).slice(0, 150),
      email: first(a.email),
      emailVerified: false,
      mobile: first(a.mobile),
      profile: { fullName: first(a.fullName), firstName: first(a.firstName), lastName: first(a.lastName) },
      attributes,
      externalIds: [{ type: 'ldap-dn', id: entry.dn }],
    };
  }

  async findUserByName(_ctx: BackendContext, _domain: string, name: string): Promise<DirectoryUser | null> {
    if (hasControl(name)) return null;
    const entries = await this.pool.search(this.settings.userBaseDn, {
      filter: this.userFilter(eq(this.settings.attrs.name, name)),
      attributes: this.userAttributes,
    });
    return entries.length === 1 ? this.toUser(entries[0]!) : null;
  }

  async getUsersByIds(_ctx: BackendContext, ids: readonly string[]): Promise<(DirectoryUser | null)[]> {
    const wanted = [...new Set(ids.filter((id) => UUID.test(id)))];
    const byId = new Map<string, DirectoryUser>();
    for (let i = 0; i < wanted.length; i += IDS_PER_SEARCH) {
      const chunk = wanted.slice(i, i + IDS_PER_SEARCH);
      const entries = await this.pool.search(this.settings.userBaseDn, {
        filter: this.userFilter(or(...chunk.map((id) => eq('entryUUID', id)))),
        attributes: this.userAttributes,
        pageSize: PAGE_SIZE,
      });
      for (const entry of entries) {
        const user = this.toUser(entry);
        if (user?.externalId) byId.set(user.externalId.toLowerCase(), user);
      }
    }
    return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
  }

  protected async listKeys(extra: string, withCreatedAt = false): Promise<KeyWithDn[]> {
    const a = this.settings.attrs;
    const entries = await this.pool.search(this.settings.userBaseDn, {
      filter: this.userFilter(extra),
      attributes: withCreatedAt ? ['entryUUID', a.name, 'createTimestamp'] : ['entryUUID', a.name],
      pageSize: PAGE_SIZE,
    });
    const keys: KeyWithDn[] = [];
    for (const e of entries) {
      const externalId = e.attrs.entryuuid?.[0];
      const name = e.attrs[a.name.toLowerCase()]?.[0];
      if (externalId && name) {
        keys.push({
          externalId,
          name,
          createdAt: parseGeneralizedTime(e.attrs.createtimestamp?.[0]),
          dn: e.dn,
        });
      }
    }
    return keys;
  }

  async listUserKeys(_ctx: BackendContext, query: DirectoryUserQuery): Promise<DirectoryUserKey[]> {
    // No directory value holds a control character: such a query matches nobody (and is not sent).
    if (hasControl(query.keyword) || hasControl(query.group)) return [];
    const a = this.settings.attrs;
    const keyword = query.keyword
      ? or(...[a.name, a.displayName, a.email, a.fullName].map((attr) => contains(attr, query.keyword!)))
      : '';
    let members: Set<string> | null = null;
    if (query.group !== undefined) {
      const group = await this.findGroupEntry(query.group);
      if (!group) return [];
      members = new Set(group.memberDns.map(normalizeDn));
    }
    const keys = await this.listKeys(keyword, query.withCreatedAt);
    const kept = members ? keys.filter((k) => members.has(normalizeDn(k.dn))) : keys;
    return kept.map(({ externalId, name, createdAt }) => ({ externalId, name, createdAt }));
  }

  /** The current DN of a user, found by its key (DNs change with renames; keys do not). */
  protected async dnOf(externalId: string | null): Promise<string> {
    if (!externalId || !UUID.test(externalId)) throw new BackendNotFoundError(this.id, 'user');
    const entries = await this.pool.search(this.settings.userBaseDn, {
      filter: this.userFilter(eq('entryUUID', externalId)),
      attributes: ['1.1'],
    });
    if (entries.length !== 1) throw new BackendNotFoundError(this.id, 'user');
    return entries[0]!.dn;
  }

  /**
   * Binds as the user. An empty password is refused before any bind (it would be an anonymous bind,
   * which succeeds). An unknown user costs the same: a lookup, then a bind that must fail.
   */
  async verifyPassword(_ctx: BackendContext, user: UserRef | null, password: string): Promise<boolean> {
    if (!password) return false;
    let dn: string;
    try {
      dn = await this.dnOf(user?.externalId ?? randomUUID());
    } catch (error) {
      if (!(error instanceof BackendNotFoundError)) throw error;
      dn = `${this.settings.attrs.name}=${escapeDnValue(`idgate-unknown-${randomUUID()}`)},${this.settings.userBaseDn}`;
      await this.pool.checkBind(dn, password);
      return false;
    }
    return this.pool.checkBind(dn, password);
  }

  // ----- groups -----

  protected get groupAttributes(): string[] {
    const a = this.settings.attrs;
    return [a.groupName, a.groupDisplayName, 'entryUUID', this.settings.memberAttribute];
  }

  protected groupFilter(...parts: string[]): string {
    return and(`(objectClass=${this.settings.groupObjectClass})`, ...parts);
  }

  protected toGroup(entry: LdapEntry): GroupEntry | null {
    const a = this.settings.attrs;
    const name = entry.attrs[a.groupName.toLowerCase()]?.[0];
    const externalId = entry.attrs.entryuuid?.[0];
    if (!name || !externalId) return null;
    return {
      externalId,
      name,
      displayName: (entry.attrs[a.groupDisplayName.toLowerCase()]?.[0] ?? name).slice(0, 150),
      externalIds: [{ type: 'ldap-dn', id: entry.dn }],
      dn: entry.dn,
      memberDns: entry.attrs[this.settings.memberAttribute.toLowerCase()] ?? [],
    };
  }

  protected async searchGroups(filter: string): Promise<GroupEntry[]> {
    const entries = await this.pool.search(this.settings.groupBaseDn, {
      filter: this.groupFilter(filter),
      attributes: this.groupAttributes,
      pageSize: PAGE_SIZE,
    });
    return entries.map((e) => this.toGroup(e)).filter((g): g is GroupEntry => g !== null);
  }

  protected async findGroupEntry(name: string): Promise<GroupEntry | null> {
    if (hasControl(name)) return null;
    const groups = await this.searchGroups(eq(this.settings.attrs.groupName, name));
    return groups.length === 1 ? groups[0]! : null;
  }

  private static publicGroup(g: GroupEntry): DirectoryGroup {
    return { externalId: g.externalId, name: g.name, displayName: g.displayName, externalIds: g.externalIds };
  }

  async getGroupsOfUsers(
    _ctx: BackendContext,
    users: readonly { externalId: string; externalIds: ExternalIdData[] }[],
  ): Promise<DirectoryGroup[][]> {
    const dnOf = (u: { externalIds: ExternalIdData[] }) =>
      u.externalIds.find((x) => x.type === 'ldap-dn')?.id;
    const dns = [...new Set(users.map(dnOf).filter((d): d is string => !!d))];
    if (!dns.length) return users.map(() => []);
    const groups = await this.searchGroups(or(...dns.map((dn) => eq(this.settings.memberAttribute, dn))));
    const byMember = new Map<string, DirectoryGroup[]>();
    for (const g of groups) {
      for (const member of g.memberDns) {
        const key = normalizeDn(member);
        if (!byMember.has(key)) byMember.set(key, []);
        byMember.get(key)!.push(LdapBackend.publicGroup(g));
      }
    }
    return users.map((u) => {
      const dn = dnOf(u);
      return dn
        ? [...(byMember.get(normalizeDn(dn)) ?? [])].sort((x, y) => x.name.localeCompare(y.name))
        : [];
    });
  }

  async listGroups(_ctx: BackendContext, keyword: string | null): Promise<DirectoryGroup[]> {
    if (hasControl(keyword ?? undefined)) return [];
    const a = this.settings.attrs;
    const filter = keyword ? or(contains(a.groupName, keyword), contains(a.groupDisplayName, keyword)) : '';
    return (await this.searchGroups(filter)).map(LdapBackend.publicGroup);
  }

  async findGroupByName(_ctx: BackendContext, name: string): Promise<DirectoryGroup | null> {
    const group = await this.findGroupEntry(name);
    return group ? LdapBackend.publicGroup(group) : null;
  }

  async getGroupMemberKeys(_ctx: BackendContext, groupIds: readonly string[]): Promise<DirectoryUserKey[][]> {
    const wanted = groupIds.filter((id) => UUID.test(id));
    if (!wanted.length) return groupIds.map(() => []);
    const groups = await this.searchGroups(or(...wanted.map((id) => eq('entryUUID', id))));
    const keys = await this.listKeys('');
    const byDn = new Map(keys.map((k) => [normalizeDn(k.dn), k]));
    const byGroup = new Map(groups.map((g) => [g.externalId.toLowerCase(), g]));
    return groupIds.map((id) => {
      const group = byGroup.get(id.toLowerCase());
      if (!group) return [];
      return group.memberDns
        .map((dn) => byDn.get(normalizeDn(dn)))
        .filter((k): k is KeyWithDn => !!k)
        .map(({ externalId, name, createdAt }) => ({ externalId, name, createdAt }));
    });
  }

  // ----- sync -----

  async readForSync(
    _ctx: BackendContext,
    since: Date | null,
  ): Promise<{
    users: DirectoryUser[];
    allKeys: Set<string>;
    groups: (DirectoryGroup & { memberIds: string[] })[];
  }> {
    const changed = since ? `(modifyTimestamp>=${toGeneralizedTime(since)})` : '';
    const entries = await this.pool.search(this.settings.userBaseDn, {
      filter: this.userFilter(changed),
      attributes: this.userAttributes,
      pageSize: PAGE_SIZE,
    });
    const users = entries.map((e) => this.toUser(e)).filter((u): u is DirectoryUser => u !== null);
    const keys = since
      ? await this.listKeys('')
      : entries.map((e) => ({ externalId: e.attrs.entryuuid?.[0] ?? '', dn: e.dn }));
    const idByDn = new Map(keys.map((k) => [normalizeDn(k.dn), k.externalId]));
    const groups = (await this.searchGroups('')).map((g) => ({
      ...LdapBackend.publicGroup(g),
      memberIds: g.memberDns.map((dn) => idByDn.get(normalizeDn(dn))).filter((id): id is string => !!id),
    }));
    return { users, allKeys: new Set(keys.map((k) => k.externalId).filter(Boolean)), groups };
  }
}

/**
 * An LDAP directory idgate may write to (`readOnly: false`). Every change that takes several
 * directory operations undoes the ones already done when a later one fails, so the directory is never
 * left half-changed.
 */
export class WritableLdapBackend extends LdapBackend implements DirectoryWriter {
  override readonly readOnly = false;
  override readonly capabilities: readonly Capability[] = [
    'password-login',
    'sync',
    'write-users',
    'write-groups',
    'write-password',
  ];

  private userDn(name: string): string {
    return `${this.settings.attrs.name}=${escapeDnValue(name)},${this.settings.userBaseDn}`;
  }

  /** Directory attributes for the given fields; only mapped attributes can be stored. */
  private attributesFor(patch: UserPatch & { name?: string }): Record<string, string[]> {
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

  async createUser(
    ctx: BackendContext,
    user: UserRef,
    data: NewUserData,
  ): Promise<{ externalId: string | null; externalIds: ExternalIdData[] }> {
    const a = this.settings.attrs;
    const dn = this.userDn(data.name);
    // The gateway only knows users it has seen: the directory may hold the name already, deeper down.
    if (await this.findUserByName(ctx, user.domain, data.name)) {
      throw new BackendConflictError(this.id, 'NAME_TAKEN');
    }
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
        attributes: ['entryUUID'],
      });
      const externalId = entry?.attrs.entryuuid?.[0];
      if (!externalId) throw new BackendNotFoundError(this.id, 'user');
      return { externalId, externalIds: [{ type: 'ldap-dn', id: dn }] };
    } catch (error) {
      await this.pool.del(dn).catch(() => undefined); // repair: the entry goes again
      throw error;
    }
  }

  async updateUser(_ctx: BackendContext, user: UserRef, patch: UserPatch): Promise<void> {
    const dn = await this.dnOf(user.externalId);
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

  async setPassword(_ctx: BackendContext, user: UserRef, password: string): Promise<void> {
    await this.pool.setPassword(await this.dnOf(user.externalId), password);
  }

  /** The groups whose member list holds `dn`. */
  private async groupsWithMember(dn: string): Promise<GroupEntry[]> {
    return this.searchGroups(eq(this.settings.memberAttribute, dn));
  }

  /** Applies membership changes one group at a time; on a failure, undoes those done and rethrows. */
  private async applyMembership(dn: string, adds: GroupEntry[], removes: GroupEntry[]): Promise<void> {
    const member = this.settings.memberAttribute;
    const placeholder = this.settings.groupPlaceholderMember;
    const done: { group: GroupEntry; undo: ModifyOperation[] }[] = [];
    try {
      for (const group of adds) {
        await this.pool.modify(group.dn, [{ operation: 'add', attribute: member, values: [dn] }]);
        done.push({ group, undo: [{ operation: 'delete', attribute: member, values: [dn] }] });
      }
      for (const group of removes) {
        const others = group.memberDns.filter((m) => normalizeDn(m) !== normalizeDn(dn));
        // A group needs one member at least: the last real member is replaced by the placeholder.
        const ops: ModifyOperation[] = others.length
          ? [{ operation: 'delete', attribute: member, values: [dn] }]
          : [{ operation: 'replace', attribute: member, values: [placeholder] }];
        await this.pool.modify(group.dn, ops);
        // Undo only what was done: others may have changed the group meanwhile.
        done.push({
          group,
          undo: others.length
            ? [{ operation: 'add', attribute: member, values: [dn] }]
            : [{ operation: 'replace', attribute: member, values: [dn] }],
        });
      }
    } catch (error) {
      for (const step of done.reverse())
        await this.pool.modify(step.group.dn, step.undo).catch(() => undefined);
      if (error instanceof BackendNotFoundError)
        throw new BackendNotFoundError(this.id, 'group', { cause: error });
      throw error;
    }
  }

  async setUserGroups(_ctx: BackendContext, user: UserRef, groups: readonly GroupRef[]): Promise<void> {
    const dn = await this.dnOf(user.externalId);
    const current = await this.groupsWithMember(dn);
    const wanted = new Set(groups.map((g) => (g.externalId ?? '').toLowerCase()));
    const have = new Set(current.map((g) => g.externalId.toLowerCase()));
    const removes = current.filter((g) => !wanted.has(g.externalId.toLowerCase()));
    const addIds = [...wanted].filter((id) => !have.has(id));
    let adds: GroupEntry[] = [];
    if (addIds.length) {
      adds = await this.searchGroups(or(...addIds.map((id) => eq('entryUUID', id))));
      if (adds.length !== addIds.length) throw new BackendNotFoundError(this.id, 'group');
    }
    await this.applyMembership(dn, adds, removes);
  }

  async deleteUser(_ctx: BackendContext, user: UserRef): Promise<void> {
    let dn: string;
    try {
      dn = await this.dnOf(user.externalId);
    } catch (error) {
      if (error instanceof BackendNotFoundError) return; // already gone from the directory
      throw error;
    }
    const groups = await this.groupsWithMember(dn);
    await this.applyMembership(dn, [], groups);
    try {
      await this.pool.del(dn);
    } catch (error) {
      // Repair: the user stays, so its memberships come back (added again, nothing else touched).
      for (const g of groups) {
        await this.pool
          .modify(g.dn, [{ operation: 'add', attribute: this.settings.memberAttribute, values: [dn] }])
          .catch(() => undefined);
      }
      throw error;
    }
  }

  async createGroup(
    _ctx: BackendContext,
    group: GroupRef,
    displayName: string,
  ): Promise<{ externalId: string | null }> {
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
      attributes: ['entryUUID'],
    });
    return { externalId: entry?.attrs.entryuuid?.[0] ?? null };
  }

  async deleteGroup(_ctx: BackendContext, group: GroupRef): Promise<void> {
    if (!group.externalId) return;
    const [entry] = await this.searchGroups(eq('entryUUID', group.externalId));
    if (entry) await this.pool.del(entry.dn);
  }
}
