import { randomUUID } from 'node:crypto';
import type {
  DirectoryListing,
  DirectorySync,
  DirectoryUserKey,
  DirectoryUserQuery,
  PasswordAuthenticator,
  SyncRead,
} from '../capabilities';
import { BackendNotFoundError } from '../errors';
import type {
  BackendContext,
  BackendDependencies,
  BackendLogger,
  DirectoryGroup,
  DirectoryUser,
  IdentityBackend,
  UserRef,
} from '../types';
import { and, contains, eq, escapeDnValue, normalizeDn, or } from './escape';
import { LdapPool, type LdapEntry } from './ldap-client';
import { hasControl, LdapGroups, PAGE_SIZE, runs } from './ldap-groups';
import { LdapKey } from './ldap-keys';
import { ListingCache } from './ldap-listing-cache';
import type { LdapSettings } from './ldap.config';

/** LDAP generalized time (20240102030405Z or with fractions) to a Date. */
function parseGeneralizedTime(value: string | undefined): Date | null {
  const m = value && /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?Z$/.exec(value);
  if (!m) return null;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)));
}

function toGeneralizedTime(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

interface KeyWithDn extends DirectoryUserKey {
  dn: string;
}

/** The DN the gateway keeps for a user (its `ldap-dn` external id). */
export function dnOfRef(user: Pick<UserRef, 'externalIds'>): string | undefined {
  return user.externalIds.find((x) => x.type === 'ldap-dn')?.id;
}

/**
 * An LDAP directory, read live. Users are entries of `userObjectClass` under `userBaseDn`, groups
 * entries of `groupObjectClass` under `groupBaseDn` listing their members' DNs. Users and groups are
 * known to the gateway by their key (`keyAttribute`: entryUUID, or AD's binary objectGUID), which
 * survives renames and moves. This class is the read side:
 * a read-only directory is exactly this and has no write methods at all (ldap-writable.backend.ts
 * adds them). ldapts is used in ldap-client.ts only.
 */
export class LdapBackend implements IdentityBackend, PasswordAuthenticator, DirectoryListing, DirectorySync {
  readonly kind = 'LDAP' as const;
  readonly id: string;
  readonly displayName: string;
  readonly maxDisableShare: number;
  protected readonly pool: LdapPool;
  protected readonly groups: LdapGroups;
  /** The stable key of entries: which attribute, and how it is read and searched for. */
  protected readonly key: LdapKey;
  /** The key lists of recent listings (`listCacheSeconds`); the write side clears it on every change. */
  protected readonly listings: ListingCache;
  /** Where work outside a request is logged. */
  protected readonly log: BackendLogger;

  constructor(
    protected readonly settings: LdapSettings,
    dependencies: BackendDependencies,
  ) {
    this.id = settings.id;
    this.displayName = settings.displayName;
    this.maxDisableShare = settings.maxDisableShare;
    this.log = dependencies.log;
    this.key = new LdapKey(settings.keyAttribute, settings.keyFormat);
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
      binaryAttributes: this.key.binaryAttributes,
    });
    this.groups = new LdapGroups(this.pool, settings, this.key);
    this.listings = new ListingCache(settings.listCacheSeconds);
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
      this.settings.keyAttribute,
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
    const externalId = this.key.read(entry);
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
    const filters = new Map<string, string>();
    for (const id of ids) {
      const filter = this.key.filter(id);
      if (filter) filters.set(this.key.normal(id), filter);
    }
    const byId = new Map<string, DirectoryUser>();
    for (const run of runs([...filters.values()])) {
      const entries = await this.pool.search(this.settings.userBaseDn, {
        filter: this.userFilter(or(...run)),
        attributes: this.userAttributes,
        pageSize: PAGE_SIZE,
      });
      for (const entry of entries) {
        const user = this.toUser(entry);
        if (user?.externalId) byId.set(this.key.normal(user.externalId), user);
      }
    }
    return ids.map((id) => byId.get(this.key.normal(id)) ?? null);
  }

  /** The sort keys (and DNs) of every user matching `extra`; one paged search. */
  protected async listKeys(extra: string, withCreatedAt = false): Promise<KeyWithDn[]> {
    const a = this.settings.attrs;
    const key = this.settings.keyAttribute;
    const entries = await this.pool.search(this.settings.userBaseDn, {
      filter: this.userFilter(extra),
      attributes: withCreatedAt ? [key, a.name, 'createTimestamp'] : [key, a.name],
      pageSize: PAGE_SIZE,
    });
    const keys: KeyWithDn[] = [];
    for (const e of entries) {
      const externalId = this.key.read(e);
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

  /**
   * Users matching the query, keys only. A group is pushed into the filter: its entry is read (one
   * search; one more per level of nesting) and its members are matched by DN in the user search,
   * so the directory is never listed whole to answer for one group.
   */
  async listUserKeys(_ctx: BackendContext, query: DirectoryUserQuery): Promise<DirectoryUserKey[]> {
    // No directory value holds a control character: such a query matches nobody (and is not sent).
    if (hasControl(query.keyword) || hasControl(query.groupName)) return [];
    const { keyword, groupId, groupName, withCreatedAt } = query;
    const listing = JSON.stringify([keyword ?? null, groupId ?? null, groupName ?? null, !!withCreatedAt]);
    return this.listings.keys(listing, () => this.readUserKeys(query));
  }

  /** listUserKeys without the cache: the searches themselves. */
  private async readUserKeys(query: DirectoryUserQuery): Promise<DirectoryUserKey[]> {
    const a = this.settings.attrs;
    const keyword = query.keyword
      ? or(...[a.name, a.displayName, a.email, a.fullName].map((attr) => contains(attr, query.keyword!)))
      : '';
    let keys: KeyWithDn[];
    if (query.groupId !== undefined || query.groupName !== undefined) {
      const group =
        query.groupId !== undefined
          ? (await this.groups.byKeys([query.groupId]))[0]
          : await this.groups.byName(query.groupName!);
      if (!group) return [];
      keys = [];
      for (const run of runs(await this.groups.expandMembers(group))) {
        const members = or(...run.map((dn) => eq(this.settings.dnAttribute, dn)));
        keys.push(...(await this.listKeys(and(keyword, members), query.withCreatedAt)));
      }
    } else {
      keys = await this.listKeys(keyword, query.withCreatedAt);
    }
    return keys.map(({ externalId, name, createdAt }) => ({ externalId, name, createdAt }));
  }

  /** The current DN of a user, found by its key (DNs change with renames; keys do not). */
  protected async dnOf(externalId: string | null): Promise<string> {
    const filter = externalId ? this.key.filter(externalId) : null;
    if (!filter) throw new BackendNotFoundError(this.id, 'user');
    const entries = await this.pool.search(this.settings.userBaseDn, {
      filter: this.userFilter(filter),
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

  async getGroupsOfUsers(_ctx: BackendContext, users: readonly UserRef[]): Promise<DirectoryGroup[][]> {
    const dns = [...new Set(users.map(dnOfRef).filter((d): d is string => !!d))];
    if (!dns.length) return users.map(() => []);
    const byMember = await this.groups.groupsOf(dns);
    return users.map((u) => {
      const dn = dnOfRef(u);
      return dn ? (byMember.get(normalizeDn(dn)) ?? []).map((g) => this.groups.toPublic(g)) : [];
    });
  }

  async findGroups(
    _ctx: BackendContext,
    query: { names?: readonly string[]; keyword?: string | null },
  ): Promise<DirectoryGroup[]> {
    const a = this.settings.attrs;
    if (query.names) {
      const names = query.names.filter((n) => !hasControl(n));
      if (!names.length) return [];
      const found = [];
      for (const run of runs(names))
        found.push(...(await this.groups.search(or(...run.map((n) => eq(a.groupName, n))))));
      return found.map((g) => this.groups.toPublic(g, true));
    }
    const keyword = query.keyword;
    if (hasControl(keyword)) return [];
    const filter = keyword ? or(contains(a.groupName, keyword), contains(a.groupDisplayName, keyword)) : '';
    return (await this.groups.search(filter)).map((g) => this.groups.toPublic(g, true));
  }

  async countGroupMembers(_ctx: BackendContext, groupIds: readonly string[]): Promise<number[]> {
    const found = await this.groups.byKeys(groupIds);
    const byKey = new Map(found.map((g) => [this.key.normal(g.externalId), g]));
    const counts: number[] = [];
    for (const id of groupIds) {
      const group = byKey.get(this.key.normal(id));
      counts.push(group ? await this.groups.countMembers(group) : 0);
    }
    return counts;
  }

  // ----- sync -----

  async readForSync(_ctx: BackendContext, since: Date | null): Promise<SyncRead> {
    const changed = since ? `(modifyTimestamp>=${toGeneralizedTime(since)})` : '';
    const entries = await this.pool.search(this.settings.userBaseDn, {
      filter: this.userFilter(changed),
      attributes: this.userAttributes,
      pageSize: PAGE_SIZE,
    });
    const users = entries.map((e) => this.toUser(e)).filter((u): u is DirectoryUser => u !== null);
    const keys = since
      ? await this.listKeys('')
      : entries.map((e) => ({ externalId: this.key.read(e) ?? '', dn: e.dn }));
    const idByDn = new Map(keys.map((k) => [normalizeDn(k.dn), k.externalId]));
    const groups = [];
    for (const g of await this.groups.search('')) {
      const members = this.settings.nestedGroups ? await this.groups.expandMembers(g) : g.memberDns;
      groups.push({
        ...this.groups.toPublic(g),
        memberIds: members.map((dn) => idByDn.get(normalizeDn(dn))).filter((id): id is string => !!id),
      });
    }
    return { users, allKeys: new Set(keys.map((k) => k.externalId).filter(Boolean)), groups };
  }
}
