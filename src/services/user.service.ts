import { randomUUID } from 'node:crypto';
import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager, Knex } from '@mikro-orm/knex';
import { BackendNotFoundError } from '../../backends/errors';
import { canWrite, type IdentityBackend, type UserPatch, type UserRef } from '../../backends/types';
import { GroupEntity, GroupMemberEntity, SessionEntity, UserEntity, UserTagEntity } from '../db/entities';
import { DEFAULT_DOMAIN, type AppConfig } from '../config';
import type { RequestContext } from '../context';
import {
  BadInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ReadOnlyBackendError,
  VersionMismatchError,
  type FieldError,
} from '../errors/errors';
import { toAppError } from '../errors/format';
import type { BackendSet } from './backend-set';
import type { DirectoryService } from './directory.service';
import { requireAdmin, requireCaller, resolveDomain } from './access';
import { checkFirst, countRows, decodeCursor, fetchPage, toPage, type Page } from './pagination';
import {
  ATTRIBUTES_MAX_BYTES,
  DISPLAY_NAME_MAX,
  DISPLAY_NAME_MESSAGE,
  DISPLAY_NAME_PATTERN,
  EMAIL_MAX,
  NAME_MESSAGE,
  TAG_KEY_MAX,
  TAG_VALUE_MAX,
  TAGS_MAX,
  hasControlChars,
  isUuid,
  isValidName,
} from './rules';
import { passwordProblem } from '../auth/password-policy';
import { isEmail } from 'class-validator';
import { applyStateCondition, type UserStateValue } from './user-state';

export interface TagData {
  key: string;
  value: string;
}

export interface ProfileInputData {
  fullName?: string | null;
  firstName?: string | null;
  lastName?: string | null;
}

export interface CreateUserData {
  name: string;
  displayName?: string | null;
  email?: string | null;
  mobile?: string | null;
  password?: string | null;
  profile?: ProfileInputData | null;
  isAdmin?: boolean | null;
  tags?: TagData[] | null;
  groups?: string[] | null;
  requiredActions?: string[] | null;
  validity?: { begin?: Date | null; end?: Date | null } | null;
  backend?: string | null;
  domain?: string | null;
  attributes?: Record<string, unknown> | null;
  userType?: 'USER' | 'SERVICE_ACCOUNT';
}

export interface UpdateUserData {
  displayName?: string | null;
  email?: string | null;
  mobile?: string | null;
  isAdmin?: boolean | null;
  tags?: TagData[] | null;
  validity?: { begin?: Date | null; end?: Date | null } | null;
  attributes?: Record<string, unknown> | null;
}

export interface UserFilterData {
  keyword?: string | null;
  state?: UserStateValue | null;
  userType?: 'USER' | 'SERVICE_ACCOUNT' | null;
  backend?: string | null;
  group?: string | null;
  tag?: TagData | null;
  isAdmin?: boolean | null;
}

export interface UserOrderData {
  field: 'NAME' | 'CREATED_AT' | 'LAST_LOGIN_AT';
  descending?: boolean | null;
}

export interface GroupChangeData {
  add?: string[] | null;
  remove?: string[] | null;
  set?: string[] | null;
}

/** Escapes LIKE wildcards; the pattern is used with ESCAPE '\'. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function setEmail(user: UserEntity, email: string | null): void {
  user.email = email;
  user.emailKey = email ? email.toLowerCase() : null;
  user.emailVerified = false;
}

export function userRef(user: UserEntity): UserRef {
  return { id: user.id, externalId: user.externalId, domain: user.domain, name: user.name };
}

/** Runs `work` in one database transaction; whatever it throws, nothing it wrote stays. */
export async function inTransaction<T>(
  ctx: RequestContext,
  work: (tx: RequestContext) => Promise<T>,
): Promise<T> {
  try {
    // A clear fork: the transaction sees rows as they are now, not entities this request loaded before.
    const result = await ctx.em.transactional((em: EntityManager) => work({ ...ctx, em }), { clear: true });
    ctx.loaders.clearAll();
    return result;
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw toAppError(error) ?? error;
    throw error;
  }
}

function checkTags(tags: TagData[] | null | undefined, errors: FieldError[]): void {
  if (!tags) return;
  if (tags.length > TAGS_MAX) errors.push({ field: 'tags', message: `at most ${TAGS_MAX} tags` });
  const seen = new Set<string>();
  tags.forEach((t, i) => {
    if (hasControlChars(t.key, t.value)) {
      errors.push({ field: `tags[${i}]`, message: 'must not contain control characters' });
    }
    if (t.key.length < 1 || t.key.length > TAG_KEY_MAX) {
      errors.push({ field: `tags[${i}].key`, message: `must be 1..${TAG_KEY_MAX} characters` });
    }
    if (t.value.length > TAG_VALUE_MAX) {
      errors.push({ field: `tags[${i}].value`, message: `must be at most ${TAG_VALUE_MAX} characters` });
    }
    if (seen.has(t.key)) errors.push({ field: `tags[${i}].key`, message: `"${t.key}" is given twice` });
    seen.add(t.key);
  });
}

function checkAttributes(attributes: Record<string, unknown> | null | undefined, errors: FieldError[]): void {
  if (attributes && Buffer.byteLength(JSON.stringify(attributes)) > ATTRIBUTES_MAX_BYTES) {
    errors.push({ field: 'attributes', message: `must be at most ${ATTRIBUTES_MAX_BYTES} bytes as JSON` });
  }
}

function checkValidity(validity: CreateUserData['validity'], errors: FieldError[]): void {
  if (validity?.begin && validity.end && validity.begin >= validity.end) {
    errors.push({ field: 'validity', message: 'begin must be before end' });
  }
}

export class UserService {
  constructor(
    private readonly config: AppConfig,
    private readonly backends: BackendSet,
    private readonly directory: DirectoryService,
  ) {}

  backendOf(user: UserEntity): IdentityBackend {
    const backend = this.backends.get(user.backendId);
    if (!backend) throw new NotFoundError('backend', `backend "${user.backendId}" is no longer configured`);
    return backend;
  }

  /** The backend, writable, or FORBIDDEN / READ_ONLY_BACKEND. */
  writableBackendOf(user: UserEntity) {
    const backend = this.backendOf(user);
    if (!canWrite(backend)) throw new ReadOnlyBackendError(backend.id);
    return backend;
  }

  /** True when the caller is an admin allowed to manage `user` (its domain's, or a system admin). */
  canManage(ctx: RequestContext, user: UserEntity): boolean {
    const caller = ctx.caller?.user;
    return !!caller?.isAdmin && (caller.domain === user.domain || caller.domain === DEFAULT_DOMAIN);
  }

  assertCanManage(ctx: RequestContext, user: UserEntity): void {
    if (!this.canManage(ctx, user)) throw new ForbiddenError('Only an administrator may do this');
  }

  /** A user of `domain` by name, from the mirror or, for live directories, from the directory. */
  lookup(ctx: RequestContext, domain: string, name: string): Promise<UserEntity | null> {
    return this.directory.findUser(ctx, domain, name);
  }

  /** A user of `domain` by name (case-insensitive) from the gateway's records only, or null. */
  async findByName(ctx: RequestContext, domain: string, name: string): Promise<UserEntity | null> {
    if (hasControlChars(name)) return null;
    return ctx.em.findOne(UserEntity, { domain, nameKey: name.toLowerCase() });
  }

  /** A user the caller (an admin of its domain) manages, or NOT_FOUND. Live directories are asked. */
  async getManaged(ctx: RequestContext, name: string): Promise<UserEntity> {
    const caller = requireAdmin(ctx);
    const user = await this.directory.findUser(ctx, caller.user.domain, name);
    if (!user) throw new NotFoundError('user');
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
    const systemAdmin = caller.user.isAdmin && caller.user.domain === DEFAULT_DOMAIN;
    let user: UserEntity | null;
    if (hasId) {
      user = isUuid(args.id!) ? await ctx.loaders.userById.load(args.id!) : null;
      if (user && user.domain !== caller.user.domain && !systemAdmin) user = null;
    } else if (caller.user.isAdmin) {
      // An admin may read anyone of the domain: the record, refreshed from (or found in) a live directory.
      return this.directory.findUser(ctx, caller.user.domain, args.name!);
    } else {
      user = await this.findByName(ctx, caller.user.domain, args.name!);
    }
    if (!user) return null;
    if (user.id !== caller.user.id && !caller.user.isAdmin) {
      throw new ForbiddenError('Only an administrator may read other users');
    }
    // A user of a live directory is read from it (null once it has left the directory).
    return this.directory.refresh(ctx, user);
  }

  async listUsers(
    ctx: RequestContext,
    args: {
      filter?: UserFilterData | null;
      first?: number | null;
      after?: string | null;
      orderBy?: UserOrderData | null;
      domain?: string | null;
    },
  ): Promise<Page<UserEntity>> {
    const domain = resolveDomain(ctx, args.domain);
    requireAdmin(ctx, domain);
    const first = checkFirst(args.first);
    const offset = decodeCursor(args.after);
    const filter = args.filter ?? {};
    if (hasControlChars(filter.keyword, filter.group, filter.backend, filter.tag?.key, filter.tag?.value)) {
      return toPage([], offset, first, 0); // nothing stored holds a control character
    }
    // Narrowed to a live directory: read it, with the filter pushed down. Otherwise the mirror answers.
    let live = filter.backend ? this.directory.liveBackend(filter.backend) : null;
    let group: GroupEntity | undefined;
    if (filter.group && (live || !filter.backend)) {
      [group] = await this.resolveGroups(ctx, domain, [filter.group], 'filter.group').catch((e: unknown) => {
        if (e instanceof BadInputError) return []; // no such group: nobody is in it
        throw e;
      });
      if (!group) return toPage([], offset, first, 0);
      // A directory's group: its members are the directory's to list.
      if (!filter.backend) live = this.directory.liveBackend(group.backendId);
    }
    if (live && this.backends.inDomain(domain, live.id)) {
      // A group the gateway keeps (a local group holding directory users) is matched in SQL instead.
      const storedGroupId = group && group.backendId !== live.id ? group.id : null;
      return this.directory.listLive(ctx, live, domain, filter, args.orderBy, offset, first, storedGroupId);
    }
    const knex = ctx.em.getKnex();
    const platform = ctx.em.getPlatform();
    const now = platform.processDateProperty(new Date());
    const base = knex('users as u').where('u.domain', domain);
    if (filter.keyword) {
      const pattern = likePattern(filter.keyword);
      base.where((q: Knex.QueryBuilder) => {
        for (const column of ['u.name_key', 'u.display_name', 'u.email_key', 'u.full_name']) {
          q.orWhereRaw(`lower(${column}) like ? escape '\\'`, [pattern]);
        }
      });
    }
    if (filter.state) applyStateCondition(base, filter.state, now, true, false);
    if (filter.userType) base.where('u.user_type', filter.userType);
    if (filter.backend) base.where('u.backend_id', filter.backend);
    if (typeof filter.isAdmin === 'boolean') base.where('u.is_admin', filter.isAdmin);
    if (filter.group) {
      const groupKey = filter.group.toLowerCase();
      base.whereExists((q: Knex.QueryBuilder) =>
        q
          .select(knex.raw('1'))
          .from('group_members as gm')
          .join('groups as g', 'g.id', 'gm.group_id')
          .whereRaw('gm.user_id = u.id')
          .andWhere('g.domain', domain)
          .andWhere('g.name_key', groupKey),
      );
    }
    if (filter.tag) {
      const tag = filter.tag;
      base.whereExists((q: Knex.QueryBuilder) =>
        q
          .select(knex.raw('1'))
          .from('user_tags as t')
          .whereRaw('t.user_id = u.id')
          .andWhere('t.key', tag.key)
          .andWhere('t.value', tag.value),
      );
    }
    const totalCount = await countRows(ctx.em, base);
    const direction = args.orderBy?.descending ? 'desc' : 'asc';
    const page = base.clone().select('u.*');
    switch (args.orderBy?.field ?? 'NAME') {
      case 'CREATED_AT':
        page.orderBy('u.created_at', direction);
        break;
      case 'LAST_LOGIN_AT':
        // Users who never logged in come last either way, on every database.
        page
          .orderByRaw(`case when u.last_login_at is null then 1 else 0 end asc`)
          .orderBy('u.last_login_at', direction);
        break;
      default:
        page.orderBy('u.name_key', direction);
    }
    page.orderBy('u.id', direction);
    return fetchPage(ctx.em, UserEntity, page, offset, first, totalCount);
  }

  async createUser(ctx: RequestContext, input: CreateUserData): Promise<UserEntity> {
    const domain = resolveDomain(ctx, input.domain);
    requireAdmin(ctx, domain);
    let backend: IdentityBackend | undefined;
    if (input.backend) {
      backend = this.backends.inDomain(domain, input.backend);
      if (!backend) throw new NotFoundError('backend');
    } else {
      backend = this.backends.defaultWritable(domain) ?? this.backends.ofDomain(domain)[0];
      if (!backend) throw new NotFoundError('backend');
    }
    if (!canWrite(backend)) throw new ReadOnlyBackendError(backend.id);
    const writer = backend;
    const errors: FieldError[] = [];
    if (!isValidName(input.name)) errors.push({ field: 'name', message: NAME_MESSAGE });
    const displayName = input.displayName ?? input.name;
    if (displayName.length > DISPLAY_NAME_MAX || !DISPLAY_NAME_PATTERN.test(displayName)) {
      errors.push({ field: 'displayName', message: DISPLAY_NAME_MESSAGE });
    }
    if (input.password !== undefined && input.password !== null) {
      const problem = passwordProblem(this.config.passwordPolicy, input.password, input.name);
      if (problem) errors.push({ field: 'password', message: problem });
    }
    checkTags(input.tags, errors);
    checkAttributes(input.attributes, errors);
    checkValidity(input.validity, errors);
    if (errors.length) throw new BadInputError(errors);

    return inTransaction(ctx, async (tx) => {
      await this.assertNameFree(tx, domain, input.name);
      if (input.email) await this.assertEmailFree(tx, domain, input.email, null);
      const groups = await this.resolveGroups(tx, domain, input.groups ?? [], 'groups');
      const now = new Date();
      const user = tx.em.create(UserEntity, {
        id: randomUUID(),
        domain,
        backendId: writer.id,
        externalId: null,
        userType: input.userType ?? 'USER',
        name: input.name,
        nameKey: input.name.toLowerCase(),
        displayName,
        email: input.email ?? null,
        emailKey: input.email ? input.email.toLowerCase() : null,
        emailVerified: false,
        mobile: input.mobile ?? null,
        fullName: input.profile?.fullName ?? null,
        firstName: input.profile?.firstName ?? null,
        lastName: input.profile?.lastName ?? null,
        attributes: input.attributes ?? {},
        externalIds: [],
        isAdmin: input.isAdmin ?? false,
        disabled: false,
        pending: (input.userType ?? 'USER') === 'USER' && !input.password,
        requiredActions: [...new Set(input.requiredActions ?? [])],
        validityBegin: input.validity?.begin ?? null,
        validityEnd: input.validity?.end ?? null,
        failedLoginCount: 0,
        lockedUntil: null,
        lastLoginAt: null,
        createdAt: now,
        updatedAt: now,
      });
      this.checkMembershipAllowed(user, groups);
      const created = await writer.createUser(tx, userRef(user), {
        name: user.name,
        displayName: user.displayName,
        email: user.email,
        mobile: user.mobile,
        profile: { fullName: user.fullName, firstName: user.firstName, lastName: user.lastName },
        attributes: user.attributes,
        password: input.password ?? null,
      });
      user.externalId = created.externalId;
      user.externalIds = created.externalIds;
      tx.em.persist(user);
      for (const tag of input.tags ?? []) {
        tx.em.persist(tx.em.create(UserTagEntity, { userId: user.id, key: tag.key, value: tag.value }));
      }
      for (const group of groups)
        tx.em.persist(tx.em.create(GroupMemberEntity, { groupId: group.id, userId: user.id }));
      try {
        await this.writeGroupMembership(tx, user, groups, new Set(groups.map((g) => g.backendId)));
        await tx.em.flush();
      } catch (error) {
        // The backend has stored the user already: take it out again, so nothing is left half-made.
        await writer
          .deleteUser(tx, userRef(user))
          .catch((e: unknown) =>
            tx.log.error(
              { err: e, user: user.name },
              'could not remove a half-created user from its backend',
            ),
          );
        throw error;
      }
      return user;
    });
  }

  async updateUser(
    ctx: RequestContext,
    name: string,
    input: UpdateUserData,
    expectedVersion: number | null | undefined,
  ): Promise<UserEntity> {
    const errors: FieldError[] = [];
    checkTags(input.tags, errors);
    checkAttributes(input.attributes, errors);
    checkValidity(input.validity, errors);
    if (errors.length) throw new BadInputError(errors);
    return this.mutate(ctx, name, expectedVersion, async (tx, user) => {
      const patch: UserPatch = {};
      if (input.displayName !== undefined) patch.displayName = input.displayName ?? user.name;
      if (input.email !== undefined && (input.email ?? null) !== user.email)
        patch.email = input.email ?? null;
      if (input.mobile !== undefined) patch.mobile = input.mobile ?? null;
      if (input.attributes !== undefined) patch.attributes = input.attributes ?? {};
      if (Object.keys(patch).length) {
        const writer = this.writableBackendOf(user);
        if (patch.email) await this.assertEmailFree(tx, user.domain, patch.email, user.id);
        await writer.updateUser(tx, userRef(user), patch);
        if (patch.displayName !== undefined) user.displayName = patch.displayName;
        if (patch.email !== undefined) setEmail(user, patch.email);
        if (patch.mobile !== undefined) user.mobile = patch.mobile;
        if (patch.attributes !== undefined) user.attributes = patch.attributes;
      }
      if (input.isAdmin !== undefined && input.isAdmin !== null) {
        if (!input.isAdmin && user.id === ctx.caller?.user.id) {
          throw new BadInputError([
            { field: 'isAdmin', message: 'you cannot take your own admin flag away' },
          ]);
        }
        user.isAdmin = input.isAdmin;
      }
      if (input.validity !== undefined) {
        user.validityBegin = input.validity?.begin ?? null;
        user.validityEnd = input.validity?.end ?? null;
      }
      if (input.tags !== undefined) {
        await tx.em.nativeDelete(UserTagEntity, { userId: user.id });
        for (const tag of input.tags ?? []) {
          tx.em.persist(tx.em.create(UserTagEntity, { userId: user.id, key: tag.key, value: tag.value }));
        }
      }
    });
  }

  async deleteUser(ctx: RequestContext, name: string): Promise<boolean> {
    const user = await this.getManaged(ctx, name);
    if (user.id === ctx.caller?.user.id) throw new ForbiddenError('You cannot delete yourself');
    const writer = this.writableBackendOf(user);
    await inTransaction(ctx, async (tx) => {
      const groups = await tx.em.find(GroupMemberEntity, { userId: user.id });
      const groupRows = groups.length
        ? await tx.em.find(GroupEntity, { id: { $in: groups.map((g) => g.groupId) } })
        : [];
      for (const g of groupRows) {
        const gb = this.backends.get(g.backendId);
        if (gb && gb.id !== user.backendId && !canWrite(gb)) throw new ReadOnlyBackendError(gb.id);
      }
      await writer.deleteUser(tx, userRef(user));
      await tx.em.nativeDelete(GroupMemberEntity, { userId: user.id });
      await tx.em.nativeDelete(UserTagEntity, { userId: user.id });
      await tx.em.nativeDelete(SessionEntity, { userId: user.id });
      await tx.em.nativeDelete(UserEntity, { id: user.id });
    });
    return true;
  }

  async setUserGroups(ctx: RequestContext, name: string, input: GroupChangeData): Promise<UserEntity> {
    const hasSet = input.set !== undefined && input.set !== null;
    if (
      hasSet &&
      ((input.add?.length ?? 0) > 0 || (input.remove?.length ?? 0) > 0 || input.add || input.remove)
    ) {
      throw new BadInputError([{ field: 'set', message: 'cannot be combined with add or remove' }]);
    }
    if (!hasSet && !input.add && !input.remove) {
      throw new BadInputError([{ field: 'input', message: 'give add and/or remove, or set' }]);
    }
    return this.mutate(ctx, name, null, async (tx, user) => {
      // One list at a time: the error names every unknown group of the first list that has one.
      const add = await this.resolveGroups(tx, user.domain, input.add ?? [], 'add');
      const remove = await this.resolveGroups(tx, user.domain, input.remove ?? [], 'remove');
      const set = await this.resolveGroups(tx, user.domain, input.set ?? [], 'set');
      const current = await this.currentGroupIds(tx, user);
      let target: Set<string>;
      if (hasSet) {
        target = new Set(set.map((g) => g.id));
      } else {
        target = new Set(current);
        for (const g of add) target.add(g.id);
        for (const g of remove) target.delete(g.id); // removal wins over add
      }
      const added = [...target].filter((id) => !current.has(id));
      const removed = [...current].filter((id) => !target.has(id));
      if (!added.length && !removed.length) return;
      const all = new Map([...add, ...remove, ...set].map((g) => [g.id, g]));
      const missing = [...current].filter((id) => !all.has(id));
      if (missing.length)
        for (const g of await tx.em.find(GroupEntity, { id: { $in: missing } })) all.set(g.id, g);
      const targetGroups = [...target].map((id) => all.get(id)!).filter(Boolean);
      this.checkMembershipAllowed(
        user,
        added.map((id) => all.get(id)!),
      );
      const touched = new Set([...added, ...removed].map((id) => all.get(id)!.backendId));
      for (const backendId of touched) {
        const gb = this.backends.get(backendId);
        if (!gb || !canWrite(gb)) throw new ReadOnlyBackendError(backendId);
      }
      if (removed.length)
        await tx.em.nativeDelete(GroupMemberEntity, { userId: user.id, groupId: { $in: removed } });
      for (const groupId of added)
        tx.em.persist(tx.em.create(GroupMemberEntity, { groupId, userId: user.id }));
      try {
        await this.writeGroupMembership(tx, user, targetGroups, touched);
      } catch (error) {
        // A directory group the mirror still knows but the directory no longer has: an unknown group.
        if (error instanceof BackendNotFoundError && error.resource === 'group') {
          throw new BadInputError([
            { field: 'groups', message: 'a group named here is no longer in the directory' },
          ]);
        }
        throw error;
      }
    });
  }

  /**
   * Loads a managed user, checks `expectedVersion`, runs `change` in a transaction and bumps the
   * version. Concurrent writers: the ORM's optimistic lock lets exactly one of them win.
   */
  async mutate(
    ctx: RequestContext,
    name: string,
    expectedVersion: number | null | undefined,
    change: (tx: RequestContext, user: UserEntity) => Promise<void>,
  ): Promise<UserEntity> {
    return this.mutateFound(ctx, await this.getManaged(ctx, name), expectedVersion, change);
  }

  /** As mutate, for a user the caller has already been allowed to change. */
  async mutateFound(
    ctx: RequestContext,
    found: UserEntity,
    expectedVersion: number | null | undefined,
    change: (tx: RequestContext, user: UserEntity) => Promise<void>,
  ): Promise<UserEntity> {
    if (expectedVersion !== undefined && expectedVersion !== null && expectedVersion !== found.version) {
      throw new VersionMismatchError(found.version);
    }
    try {
      return await inTransaction(ctx, async (tx) => {
        // Claim the row at the version read before anything else happens (on PostgreSQL this waits for
        // a concurrent writer and then finds the version moved on): a loser fails here, before its
        // change reaches a directory.
        const claim: { affectedRows: number } = await tx.em
          .getConnection()
          .execute(
            'update users set version = version where id = ? and version = ?',
            [found.id, found.version],
            'run',
            tx.em.getTransactionContext(),
          );
        const user = await tx.em.findOneOrFail(UserEntity, { id: found.id });
        if (!claim.affectedRows || user.version !== found.version)
          throw new VersionMismatchError(user.version);
        await change(tx, user);
        user.updatedAt = new Date();
        await tx.em.flush();
        return user;
      });
    } catch (error) {
      if (error instanceof OptimisticLockError) {
        const current = await ctx.em.fork().findOne(UserEntity, { id: found.id });
        throw new VersionMismatchError(current?.version ?? found.version);
      }
      throw error;
    }
  }

  /** Changes a user's email through its backend (checked, unique in the domain); it is then unverified. */
  async changeEmail(tx: RequestContext, user: UserEntity, email: string): Promise<void> {
    if (email.length > EMAIL_MAX || !isEmail(email)) {
      throw new BadInputError([{ field: 'email', message: 'must be an email address' }]);
    }
    const writer = this.writableBackendOf(user);
    await this.assertEmailFree(tx, user.domain, email, user.id);
    await writer.updateUser(tx, userRef(user), { email });
    setEmail(user, email);
  }

  /** The user's groups now: its directory's from the directory itself, the others from the gateway's table. */
  private async currentGroupIds(tx: RequestContext, user: UserEntity): Promise<Set<string>> {
    const rows = await tx.em.find(GroupMemberEntity, { userId: user.id });
    if (!this.directory.liveBackend(user.backendId)) return new Set(rows.map((r) => r.groupId));
    const [fromDirectory = []] = await this.directory.groupsOfLiveUsers(tx, [user]);
    const stored = rows.length
      ? await tx.em.find(GroupEntity, { id: { $in: rows.map((r) => r.groupId) } })
      : [];
    return new Set([
      ...fromDirectory.map((g) => g.id),
      ...stored.filter((g) => g.backendId !== user.backendId).map((g) => g.id),
    ]);
  }

  /** A user may join its own backend's groups, and the gateway's local groups (whoever owns them). */
  private checkMembershipAllowed(user: UserEntity, groups: GroupEntity[]): void {
    const errors: FieldError[] = [];
    for (const g of groups) {
      const gb = this.backends.get(g.backendId);
      if (g.backendId !== user.backendId && gb?.kind !== 'LOCAL') {
        errors.push({ field: 'groups', message: `group "${g.name}" belongs to backend "${g.backendId}"` });
      }
    }
    if (errors.length) throw new BadInputError(errors);
  }

  /** Tells each touched writable backend the user's new membership among its groups. */
  private async writeGroupMembership(
    tx: RequestContext,
    user: UserEntity,
    groups: GroupEntity[],
    touchedBackends: Set<string>,
  ): Promise<void> {
    for (const backendId of touchedBackends) {
      const gb = this.backends.get(backendId);
      if (!gb || !canWrite(gb)) throw new ReadOnlyBackendError(backendId);
      const refs = groups
        .filter((g) => g.backendId === backendId)
        .map((g) => ({ id: g.id, externalId: g.externalId, domain: g.domain, name: g.name }));
      await gb.setUserGroups(tx, userRef(user), refs);
    }
  }

  /** Groups of a domain by name, in the order given; unknown names are BAD_USER_INPUT naming them. */
  async resolveGroups(
    ctx: RequestContext,
    domain: string,
    names: readonly string[],
    field: string,
  ): Promise<GroupEntity[]> {
    if (!names.length) return [];
    const keys = [...new Set(names.filter((n) => !hasControlChars(n)).map((n) => n.toLowerCase()))];
    const rows = await ctx.em.find(GroupEntity, { domain, nameKey: { $in: keys } });
    const byKey = new Map(rows.map((g) => [g.nameKey, g]));
    const notMirrored = keys.filter((k) => !byKey.has(k));
    if (notMirrored.length) {
      for (const g of await this.directory.findLiveGroups(ctx, domain, notMirrored)) byKey.set(g.nameKey, g);
    }
    const unknown = names.filter((n) => !byKey.has(n.toLowerCase()));
    if (unknown.length) {
      throw new BadInputError(
        unknown.map((n) => ({ field, message: `unknown group "${n}"` })),
        `Unknown group(s): ${unknown.join(', ')}`,
      );
    }
    return keys.map((k) => byKey.get(k)!);
  }

  private async assertNameFree(ctx: RequestContext, domain: string, name: string): Promise<void> {
    const taken = await ctx.em.count(UserEntity, { domain, nameKey: name.toLowerCase() });
    if (taken) throw new ConflictError('NAME_TAKEN', `The name "${name}" is already taken`);
  }

  private async assertEmailFree(ctx: RequestContext, domain: string, email: string, selfId: string | null) {
    const other = await ctx.em.findOne(
      UserEntity,
      { domain, emailKey: email.toLowerCase() },
      { fields: ['id'] },
    );
    if (other && other.id !== selfId)
      throw new ConflictError('EMAIL_TAKEN', 'The email address is already taken');
  }
}
