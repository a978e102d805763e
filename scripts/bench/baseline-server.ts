import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import argon2 from 'argon2';
import { postgresStore, sqliteStore, type Store, type UserRow } from './baseline-store';

/**
 * The baseline: what a developer would write by hand instead of idgate for exactly the requests the
 * bench sends. node:http, no framework; the request's JSON body is parsed and its operationName picks
 * the handler (no GraphQL parsing, validation or execution: that is idgate's overhead being measured).
 * It checks the bearer token by idgate's rule, runs the same SQL statements idgate runs (see
 * baseline-store.ts) and writes the same JSON. Started as a child process by the bench:
 * `node dist/scripts/bench/baseline-server.js` with DATABASE_URL, PORT and HOST.
 */

const DEFAULT_DOMAIN = 'default';
const IDLE_MS = 3600_000; // idgate's default sessions.idleTimeoutSeconds
const TOUCH_MS = 60_000; // idgate touches a session at most once a minute
const TTL_MS = 12 * 3600_000; // idgate's default sessions.ttlSeconds
const BLOCKING = ['UPDATE_PASSWORD', 'VERIFY_EMAIL', 'UPDATE_PROFILE'];

class Failure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Caller {
  user: UserRow;
}

/** idgate's derived user state (src/services/user-state.ts), same precedence. */
function state(u: UserRow, now = new Date()): string {
  if (u.disabled) return 'DISABLED';
  if (u.locked_until && u.locked_until > now) return 'LOCKED';
  if ((u.validity_begin && u.validity_begin > now) || (u.validity_end && u.validity_end <= now))
    return 'EXPIRED';
  return u.pending ? 'PENDING' : 'ENABLED';
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
/** idgate's keyset cursor of a user in the default order (name key, id). */
const cursor = (u: { name_key: string; id: string }) =>
  Buffer.from(JSON.stringify(['k1', 'users.NAME.asc', u.name_key, u.id]), 'utf8').toString('base64url');
const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The token check of idgate's AuthService.authenticate for its own (non-JWT) tokens. */
async function authenticate(store: Store, header: string | undefined): Promise<Caller | null> {
  const match = header ? /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(header) : null;
  if (!match) return null;
  const session = await store.sessionByHash(sha256(match[1]!));
  if (!session) return null;
  const now = Date.now();
  const idle = session.method !== 'SERVICE_TOKEN' && now - session.last_seen_at.getTime() > IDLE_MS;
  if (session.expires_at.getTime() <= now || idle) {
    await store.deleteSession(session.id);
    return null;
  }
  const user = await store.userById(session.user_id);
  const s = user ? state(user) : null;
  if (!user || s === 'DISABLED' || s === 'EXPIRED') return null;
  if (now - session.last_seen_at.getTime() > TOUCH_MS) await store.touchSession(session.id, new Date(now));
  return { user };
}

function requireCaller(caller: Caller | null, selfService = false): Caller {
  if (!caller) throw new Failure('UNAUTHENTICATED', 'Authentication required');
  const pending = caller.user.required_actions.filter((a) => BLOCKING.includes(a));
  if (!selfService && pending.length) throw new Failure('FORBIDDEN', 'Complete your required actions first');
  return caller;
}

function requireAdmin(caller: Caller | null): Caller {
  const c = requireCaller(caller);
  if (!c.user.is_admin) throw new Failure('FORBIDDEN', 'Only an administrator of this domain may do this');
  return c;
}

type Handler = (
  store: Store,
  caller: Caller | null,
  vars: Record<string, unknown>,
  req: IncomingMessage,
) => Promise<unknown>;

/** Each handler answers one of the bench's operations with the fields that operation selects. */
const HANDLERS: Record<string, Handler> = {
  async Me(_store, caller) {
    const { user } = requireCaller(caller, true);
    return { me: { id: user.id, name: user.name } };
  },

  async UsersPage(store, caller, vars) {
    const { user: admin } = requireAdmin(caller);
    const first = Number(vars.first ?? 50);
    const total = await store.countUsers(admin.domain, null);
    const rows = await store.pageUsers(admin.domain, null, first + 1, 0);
    const page = rows.slice(0, first);
    const ids = page.map((u) => u.id);
    const groups = ids.length ? await store.groupsOfUsers(ids) : [];
    const tags = ids.length ? await store.tagsOfUsers(ids) : [];
    const groupsOf = new Map<string, { id: string; name: string }[]>(ids.map((id) => [id, []]));
    for (const g of groups) groupsOf.get(g.member_user_id)?.push({ id: g.id, name: g.name });
    const tagsOf = new Map<string, { key: string; value: string }[]>(ids.map((id) => [id, []]));
    for (const t of tags) tagsOf.get(t.user_id)?.push({ key: t.key, value: t.value });
    const now = new Date();
    return {
      users: {
        totalCount: total,
        pageInfo: {
          hasNextPage: rows.length > first,
          endCursor: page.length ? cursor(page[page.length - 1]!) : null,
        },
        edges: page.map((u) => ({
          cursor: cursor(u),
          node: {
            id: u.id,
            name: u.name,
            displayName: u.display_name,
            email: u.email,
            state: state(u, now),
            createdAt: u.created_at.toISOString(),
            tags: tagsOf.get(u.id),
            groups: groupsOf.get(u.id),
          },
        })),
      },
    };
  },

  async Search(store, caller, vars) {
    const { user: admin } = requireAdmin(caller);
    const first = Number(vars.first ?? 50);
    const pattern = likePattern(String(vars.keyword));
    const total = await store.countUsers(admin.domain, pattern);
    const rows = await store.pageUsers(admin.domain, pattern, first + 1, 0);
    const page = rows.slice(0, first);
    return {
      users: {
        totalCount: total,
        pageInfo: {
          hasNextPage: rows.length > first,
          endCursor: page.length ? cursor(page[page.length - 1]!) : null,
        },
        edges: page.map((u) => ({
          node: { id: u.id, name: u.name, displayName: u.display_name, email: u.email },
        })),
      },
    };
  },

  async UserByName(store, caller, vars) {
    const { user: me } = requireCaller(caller);
    const u = await store.userByName(me.domain, String(vars.name).toLowerCase());
    if (!u) return { user: null };
    if (u.id !== me.id && !me.is_admin)
      throw new Failure('FORBIDDEN', 'Only an administrator may read other users');
    const fields = { displayName: u.display_name, email: u.email, state: state(u) };
    return { user: { id: u.id, name: u.name, ...fields, createdAt: u.created_at.toISOString() } };
  },

  async Entities(store, caller, vars) {
    const { user: me } = requireCaller(caller);
    const refs = vars.r as { __typename: string; id: string }[];
    const ids = [...new Set(refs.filter((r) => r.__typename === 'User' && UUID.test(r.id)).map((r) => r.id))];
    const rows = ids.length ? await store.usersByIds(ids) : [];
    const byId = new Map(rows.map((u) => [u.id, u]));
    const systemAdmin = me.is_admin && me.domain === DEFAULT_DOMAIN;
    const visible = (u: UserRow | undefined) => (u && (u.domain === me.domain || systemAdmin) ? u : null);
    const found = refs.map((r) => visible(byId.get(r.id)));
    if (!me.is_admin && found.some((u) => u && u.id !== me.id)) {
      throw new Failure('FORBIDDEN', 'Only an administrator may read other users');
    }
    return { _entities: found.map((u) => (u ? { id: u.id, name: u.name } : null)) };
  },

  async Login(store, _caller, vars, req) {
    const name = String(vars.name);
    const fail = new Failure('UNAUTHENTICATED', 'Invalid name or password');
    const user = await store.userByName(DEFAULT_DOMAIN, name.toLowerCase());
    const hash = user ? await store.credential(user.id) : null;
    if (!user || !hash || !(await argon2.verify(hash, String(vars.password)))) throw fail;
    const s = state(user);
    if (s !== 'ENABLED' && s !== 'PENDING') throw fail;
    const token = randomBytes(32).toString('base64url');
    const ok = await store.completeLogin(user.id, {
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + TTL_MS),
      ipAddress: req.socket.remoteAddress ?? null,
      userAgent: req.headers['user-agent']?.slice(0, 512) ?? null,
    });
    if (!ok) throw new Failure('VERSION_MISMATCH', 'The user changed meanwhile');
    return { login: { token } };
  },
};

async function handle(store: Store, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const send = (status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  };
  if (req.method === 'GET' && req.url === '/healthz') return send(200, { status: 'ok' });
  if (req.method !== 'POST' || req.url !== '/graphql') return send(404, { error: 'not found' });
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let body: { operationName?: string; variables?: Record<string, unknown> };
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return send(400, { errors: [{ message: 'Invalid JSON', extensions: { code: 'BAD_REQUEST' } }] });
  }
  const handler = body.operationName ? HANDLERS[body.operationName] : undefined;
  if (!handler)
    return send(400, { errors: [{ message: 'Unknown operation', extensions: { code: 'BAD_REQUEST' } }] });
  try {
    const caller = await authenticate(store, req.headers.authorization);
    send(200, { data: await handler(store, caller, body.variables ?? {}, req) });
  } catch (error) {
    const known = error instanceof Failure;
    if (!known) process.stderr.write(`baseline: ${String(error)}\n`);
    const code = known ? error.code : 'INTERNAL_SERVER_ERROR';
    send(200, {
      errors: [{ message: known ? error.message : 'Internal error', extensions: { code } }],
      data: null,
    });
  }
}

function main(): void {
  const url = process.env.DATABASE_URL ?? '';
  const store = url.startsWith('sqlite:') ? sqliteStore(url.slice('sqlite:'.length)) : postgresStore(url);
  const server = createServer((req, res) => void handle(store, req, res));
  server.keepAliveTimeout = 72_000; // fastify's default, so connections live as long as with idgate
  server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
  const stop = () => {
    server.close(() => void store.close().then(() => process.exit(0)));
    server.closeAllConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main();
