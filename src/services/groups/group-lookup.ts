import type { RequestContext } from '../../context';
import { GroupEntity } from '../../db/entities';
import { nameKey } from '../../domain/names';
import { hasControlChars } from '../../domain/rules';
import { BadInputError } from '../../errors/errors';
import type { LiveDirectory } from '../directory/live-reads';

/** Finds a domain's groups by name: the gateway's records, then the listable directories. */
export class GroupLookup {
  constructor(private readonly live: LiveDirectory) {}

  /** Groups of a domain by name, in the order given; unknown names are BAD_USER_INPUT naming them. */
  async resolve(
    ctx: RequestContext,
    domain: string,
    names: readonly string[],
    field: string,
  ): Promise<GroupEntity[]> {
    if (!names.length) return [];
    const keys = [...new Set(names.filter((n) => !hasControlChars(n)).map(nameKey))];
    const rows = await ctx.em.find(GroupEntity, { domain, nameKey: { $in: keys } });
    const byKey = new Map(rows.map((g) => [g.nameKey, g]));
    const notMirrored = keys.filter((k) => !byKey.has(k));
    if (notMirrored.length) {
      for (const g of await this.live.findGroups(ctx, domain, notMirrored)) byKey.set(g.nameKey, g);
    }
    const unknown = names.filter((n) => !byKey.has(nameKey(n)));
    if (unknown.length) {
      throw new BadInputError(
        unknown.map((n) => ({ field, message: `unknown group "${n}"` })),
        `Unknown group(s): ${unknown.join(', ')}`,
      );
    }
    return keys.map((k) => byKey.get(k)!);
  }

  /** One group by name from the gateway's records only (no directory is asked), or null. */
  async findStored(ctx: RequestContext, domain: string, name: string): Promise<GroupEntity | null> {
    if (hasControlChars(name)) return null;
    return ctx.em.findOne(GroupEntity, { domain, nameKey: nameKey(name) });
  }

  /** One group by name, or null (no error) when the domain has none of that name. */
  async find(ctx: RequestContext, domain: string, name: string): Promise<GroupEntity | null> {
    try {
      const [group] = await this.resolve(ctx, domain, [name], 'group');
      return group ?? null;
    } catch (error) {
      if (error instanceof BadInputError) return null;
      throw error;
    }
  }
}
