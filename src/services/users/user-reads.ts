import type { IdentityBackend } from '../../../backends/types';
import type { RequestContext } from '../../context';
import type { GroupEntity, UserEntity } from '../../db/entities';
import { findUserRow } from '../../db/rows';
import { nameKey } from '../../domain/names';
import { hasControlChars, isUuid } from '../../domain/rules';
import { BadInputError, ForbiddenError, NotFoundError } from '../../errors/errors';
import { requireCaller } from '../access/caller';
import type { AccessPolicy, Action } from '../access/policy';
import type { LiveDirectory } from '../directory/live-reads';
import type { GroupLookup } from '../groups/group-lookup';
import type { BackendSet } from '../support/backend-set';
import { emptyPage, type Page, type PageArgs } from '../support/pagination';
import type { UserFilterData, UserOrderData } from './user-data';
import { listStoredUsers } from './user-list';

/** The arguments of `users`. */
export interface ListUsersArgs extends PageArgs {
  filter?: UserFilterData | null;
  orderBy?: UserOrderData | null;
  domain?: string | null;
}

/**
 * Reading users: one by name or id, pages of them, and the users a caller may act on. Users of live
 * directories are read from the directory (and mirrored); the others from the gateway's records.
 */
export class UserReads {
  constructor(
    private readonly backends: BackendSet,
    private readonly live: LiveDirectory,
    private readonly groups: GroupLookup,
    private readonly policy: AccessPolicy,
  ) {}

  backendOf(user: UserEntity): IdentityBackend {
    const backend = this.backends.get(user.backendId);
    if (!backend) throw new NotFoundError('backend', `backend "${user.backendId}" is no longer configured`);
    return backend;
  }

  /** A user of `domain` by name, from the mirror or, for live directories, from the directory. */
  lookup(ctx: RequestContext, domain: string, name: string): Promise<UserEntity | null> {
    return this.live.findUser(ctx, domain, name);
  }

  /** A user of `domain` by name (case-insensitive) from the gateway's records only, or null. */
  async findByName(ctx: RequestContext, domain: string, name: string): Promise<UserEntity | null> {
    if (hasControlChars(name)) return null;
    return findUserRow(ctx.em, domain, nameKey(name));
  }

  /**
   * A user of the caller's domain that the caller may do `action` to: FORBIDDEN when it may not do
   * that in the domain at all, NOT_FOUND when there is no such user, FORBIDDEN when not to this one.
   */
  async getManaged(ctx: RequestContext, action: Action, name: string): Promise<UserEntity> {
    const caller = this.policy.authorizeHere(ctx, action);
    const user = await this.live.findUser(ctx, caller.user.domain, name);
    if (!user) throw new NotFoundError('user');
    this.policy.authorize(ctx, action, { domain: user.domain, user });
    return user;
  }

  /** `user(name|id)`: admins read their domain (system admins any by id); others only themselves. */
  async getUser(
    ctx: RequestContext,
    args: { name?: string | null; id?: string | null },
  ): Promise<UserEntity | null> {
    const caller = requireCaller(ctx);
    const hasName = args.name !== undefined && args.name !== null;
    const hasId = args.id !== undefined && args.id !== null;
    if (hasName === hasId) {
      throw new BadInputError([
        { field: hasName ? 'id' : 'name', message: 'give exactly one of name and id' },
      ]);
    }
    const mayRead = (domain: string) => this.policy.allows(caller, 'readUsers', { domain });
    let user: UserEntity | null;
    if (hasId) {
      user = isUuid(args.id!) ? await ctx.loaders.userById.load(args.id!) : null;
      if (user && user.domain !== caller.user.domain && !this.policy.isSystemAdmin(caller)) user = null;
    } else if (mayRead(caller.user.domain)) {
      // A reader of the domain may read anyone in it: the record, refreshed from (or found in) a live directory.
      return this.live.findUser(ctx, caller.user.domain, args.name!);
    } else {
      user = await this.findByName(ctx, caller.user.domain, args.name!);
    }
    if (!user) return null;
    if (user.id !== caller.user.id && !mayRead(user.domain)) {
      throw new ForbiddenError('Only an administrator may read other users');
    }
    // A user of a live directory is read from it (null once it has left the directory).
    return this.live.refresh(ctx, user);
  }

  /**
   * A page of a domain's users. Narrowed to a listable directory (by `backend`, or by a group of one),
   * the directory is read with the filter pushed down; otherwise the gateway's records answer in SQL.
   */
  async listUsers(ctx: RequestContext, args: ListUsersArgs): Promise<Page<UserEntity>> {
    const domain = this.policy.resolveDomain(ctx, args.domain);
    this.policy.authorize(ctx, 'readUsers', { domain });
    const filter = args.filter ?? {};
    const pageArgs: PageArgs = { first: args.first, after: args.after, last: args.last, before: args.before };
    if (hasControlChars(filter.keyword, filter.group, filter.backend, filter.tag?.key, filter.tag?.value)) {
      return emptyPage(); // nothing stored holds a control character
    }
    let live = filter.backend ? this.live.listable(filter.backend) : null;
    const page = { domain, filter, order: args.orderBy, page: pageArgs };
    let group: GroupEntity | null = null;
    if (filter.group && (live || !filter.backend)) {
      group = await this.groups.findStored(ctx, domain, filter.group);
      if (!group) {
        // Not seen by the gateway: a group of a listable directory, or none. With one directory to
        // ask, its listing looks the group up itself (no separate search to find it first).
        const candidates = live ? [live] : this.live.listableOf(domain);
        if (candidates.length === 1 && this.backends.inDomain(domain, candidates[0]!.id)) {
          return this.live.listUsers(ctx, {
            ...page,
            backend: candidates[0]!,
            directoryGroupName: filter.group,
          });
        }
        group = await this.groups.find(ctx, domain, filter.group);
      }
      if (!group) return emptyPage();
      // A directory's group: its members are the directory's to list.
      if (!filter.backend) live = this.live.listable(group.backendId);
    }
    if (live && this.backends.inDomain(domain, live.id)) {
      const own = group?.backendId === live.id;
      return this.live.listUsers(ctx, {
        ...page,
        backend: live,
        // A group the gateway keeps (a local group holding directory users) is matched in SQL instead.
        storedGroupId: group && !own ? group.id : null,
        directoryGroupId: group && own ? (group.externalId ?? '') : null,
      });
    }
    return listStoredUsers(ctx, page);
  }
}
