import type { DirectoryGroup } from '../types';
import { and, eq, or } from './escape';
import { normalizeDn } from './escape';
import type { LdapEntry, LdapPool } from './ldap-client';
import type { LdapKey } from './ldap-keys';
import { allValues } from './ldap-ranges';
import type { LdapSettings } from './ldap.config';

/** Entries asked for per page of a paged search (fewer round trips; the service account has no limit). */
export const PAGE_SIZE = 2000;
/** Values per OR filter (keys or DNs); a longer list takes more searches. */
export const VALUES_PER_SEARCH = 500;
/** How deep nested groups are followed; deeper (or circular) nesting stops there. */
const MAX_NESTING = 10;

/** A group entry as read: the public group, its DN and its member DNs. */
export interface GroupEntry extends DirectoryGroup {
  dn: string;
  memberDns: string[];
}

/** Splits a list into runs of at most `size`. */
export function runs<T>(items: readonly T[], size = VALUES_PER_SEARCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function hasControl(text: string | null | undefined): boolean {
  return typeof text === 'string' && /\p{Cc}/u.test(text);
}

/**
 * The group side of an LDAP directory: group entries of `groupObjectClass` under `groupBaseDn`
 * listing their members' DNs in `memberAttribute`. With `nestedGroups`, a group that is a member
 * of another passes its members on: member lists are expanded downwards and a user's groups upwards,
 * one search per level of nesting.
 */
export class LdapGroups {
  /** `,` and the normalized users' base: a user's normalized DN ends with it. */
  private readonly userSuffix: string;
  private readonly placeholder: string;

  constructor(
    private readonly pool: LdapPool,
    private readonly settings: LdapSettings,
    private readonly key: LdapKey,
  ) {
    this.userSuffix = `,${normalizeDn(settings.userBaseDn)}`;
    this.placeholder = normalizeDn(settings.groupPlaceholderMember);
  }

  private get attributes(): string[] {
    const a = this.settings.attrs;
    return [a.groupName, a.groupDisplayName, this.settings.keyAttribute, this.settings.memberAttribute];
  }

  private toGroup(entry: LdapEntry, memberDns: string[]): GroupEntry | null {
    const a = this.settings.attrs;
    const name = entry.attrs[a.groupName.toLowerCase()]?.[0];
    const externalId = this.key.read(entry);
    if (!name || !externalId) return null;
    return {
      externalId,
      name,
      displayName: (entry.attrs[a.groupDisplayName.toLowerCase()]?.[0] ?? name).slice(0, 150),
      externalIds: [{ type: 'ldap-dn', id: entry.dn }],
      dn: entry.dn,
      memberDns,
    };
  }

  /**
   * True for a member DN under the users' base: a user (the placeholder, services and nested groups
   * live elsewhere). Counting members this way answers from the group entry alone.
   */
  isUserDn(dn: string): boolean {
    const key = normalizeDn(dn);
    return key.endsWith(this.userSuffix) && key !== this.placeholder;
  }

  /**
   * The group as the contract shows it (no DNs of members). With `withCount`, also its member count
   * when the entry alone tells it (without nesting; with it, the count takes more searches and is
   * left to countMembers). Counting walks every member, so only reads that may show it ask.
   */
  toPublic(g: GroupEntry, withCount = false): DirectoryGroup {
    const { externalId, name, displayName, externalIds } = g;
    return withCount && !this.settings.nestedGroups
      ? { externalId, name, displayName, externalIds, memberCount: this.directUsers(g) }
      : { externalId, name, displayName, externalIds };
  }

  /** The number of users a group holds: its own members, and with nesting its member groups' too. */
  async countMembers(g: GroupEntry): Promise<number> {
    return this.settings.nestedGroups ? (await this.expandMembers(g)).length : this.directUsers(g);
  }

  /** The users among a group's own members. */
  private directUsers(g: GroupEntry): number {
    let count = 0;
    for (const m of g.memberDns) if (this.isUserDn(m)) count++;
    return count;
  }

  /**
   * Groups matching `filter` (ANDed with the group object class); one paged search, and one more
   * read per further range of a member list the server cut short (Active Directory's ranged
   * retrieval: groups of more than 1,500 members).
   */
  async search(filter: string): Promise<GroupEntry[]> {
    const member = this.settings.memberAttribute;
    const entries = await this.pool.search(this.settings.groupBaseDn, {
      filter: and(`(objectClass=${this.settings.groupObjectClass})`, filter),
      attributes: this.attributes,
      pageSize: PAGE_SIZE,
    });
    const groups: GroupEntry[] = [];
    for (const entry of entries) {
      const members = await allValues(entry, member, async (description) => {
        const [again] = await this.pool.search(entry.dn, {
          scope: 'base',
          filter: '(objectClass=*)',
          attributes: [description],
        });
        return again;
      });
      const group = this.toGroup(entry, members);
      if (group) groups.push(group);
    }
    return groups;
  }

  /** One group by name (case-insensitive), or null. */
  async byName(name: string): Promise<GroupEntry | null> {
    if (hasControl(name)) return null;
    const groups = await this.search(eq(this.settings.attrs.groupName, name));
    return groups.length === 1 ? groups[0]! : null;
  }

  /** Groups by key (`keyAttribute`), in no particular order; unknown keys are left out. */
  async byKeys(ids: readonly string[]): Promise<GroupEntry[]> {
    const filters = new Map<string, string>();
    for (const id of ids) {
      const filter = this.key.filter(id);
      if (filter) filters.set(this.key.normal(id), filter);
    }
    const out: GroupEntry[] = [];
    for (const run of runs([...filters.values()])) out.push(...(await this.search(or(...run))));
    return out;
  }

  /** Groups whose member list holds any of these DNs. */
  async withMembers(dns: readonly string[]): Promise<GroupEntry[]> {
    const out: GroupEntry[] = [];
    for (const run of runs([...new Set(dns)])) {
      out.push(...(await this.search(or(...run.map((dn) => eq(this.settings.memberAttribute, dn))))));
    }
    return out;
  }

  /** Groups whose own DN is one of these (to tell which members of a group are groups themselves). */
  private async atDns(dns: readonly string[]): Promise<GroupEntry[]> {
    const out: GroupEntry[] = [];
    for (const run of runs([...new Set(dns)])) {
      out.push(...(await this.search(or(...run.map((dn) => eq(this.settings.dnAttribute, dn))))));
    }
    return out;
  }

  /**
   * The member DNs of a group (the placeholder left out); with nesting, the members of member groups
   * too (the groups themselves left out), each DN once, in normalized form.
   */
  async expandMembers(group: GroupEntry): Promise<string[]> {
    const placeholder = normalizeDn(this.settings.groupPlaceholderMember);
    const members = new Set<string>();
    const seenGroups = new Set<string>([normalizeDn(group.dn)]);
    let level = group.memberDns.map(normalizeDn).filter((m) => m !== placeholder);
    for (let depth = 0; level.length; depth++) {
      const candidates = level.filter((dn) => !this.isUserDn(dn));
      const groups =
        this.settings.nestedGroups && depth < MAX_NESTING && candidates.length
          ? await this.atDns(candidates)
          : [];
      for (const dn of level) if (this.isUserDn(dn)) members.add(dn);
      const next: string[] = [];
      for (const g of groups) {
        const key = normalizeDn(g.dn);
        if (seenGroups.has(key)) continue;
        seenGroups.add(key);
        next.push(...g.memberDns.map(normalizeDn).filter((m) => m !== placeholder));
      }
      level = next;
    }
    return [...members];
  }

  /**
   * The groups of each member DN (normalized DN -> its groups): one search for the direct groups,
   * and with nesting one more per level for the groups those are members of.
   */
  async groupsOf(dns: readonly string[]): Promise<Map<string, GroupEntry[]>> {
    const direct = await this.withMembers(dns);
    const parentsOf = new Map<string, GroupEntry[]>(); // normalized DN of a group or user -> groups holding it
    // Only the members asked about (and, with nesting, the groups found) are indexed: the groups of
    // a page hold thousands of other members.
    const wanted = new Set(dns.map(normalizeDn));
    const index = (groups: GroupEntry[]) => {
      for (const g of groups) {
        for (const m of g.memberDns) {
          const key = normalizeDn(m);
          if (!wanted.has(key)) continue;
          const list = parentsOf.get(key);
          if (!list) parentsOf.set(key, [g]);
          else if (!list.some((x) => x.externalId === g.externalId)) list.push(g);
        }
      }
    };
    index(direct);
    if (this.settings.nestedGroups) {
      const known = new Set(direct.map((g) => normalizeDn(g.dn)));
      for (const key of known) wanted.add(key);
      let frontier = direct.map((g) => g.dn);
      for (let depth = 0; frontier.length && depth < MAX_NESTING; depth++) {
        const parents = await this.withMembers(frontier);
        index(parents);
        for (const g of parents) wanted.add(normalizeDn(g.dn));
        frontier = parents.map((g) => g.dn).filter((dn) => !known.has(normalizeDn(dn)));
        for (const dn of frontier) known.add(normalizeDn(dn));
      }
    }
    const out = new Map<string, GroupEntry[]>();
    for (const dn of dns) {
      const key = normalizeDn(dn);
      // Walk up from the member through every group that holds it, directly or through another.
      const found = new Map<string, GroupEntry>();
      let level = parentsOf.get(key) ?? [];
      while (level.length) {
        const next: GroupEntry[] = [];
        for (const g of level) {
          if (found.has(g.externalId)) continue;
          found.set(g.externalId, g);
          if (this.settings.nestedGroups) next.push(...(parentsOf.get(normalizeDn(g.dn)) ?? []));
        }
        level = next;
      }
      out.set(
        key,
        [...found.values()].sort((x, y) => x.name.localeCompare(y.name)),
      );
    }
    return out;
  }
}
