import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/orm';
import { BadInputError, InternalError, type AppError } from '../errors/errors';
import { toAppError } from '../errors/map';
import { bindingCookieName, type BindingCookie } from '../services/sso/sso-login.service';
import type { Services } from '../services/wiring';
import { requestContext } from './request-context';

/** HTTP status of each public error code on the SSO routes. */
const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 400,
  BAD_USER_INPUT: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  BACKEND_UNAVAILABLE: 503,
};

function cookieHeader(cookie: BindingCookie): string {
  const parts = [
    `${cookie.name}=${cookie.value}`,
    `Path=${cookie.path}`,
    `Max-Age=${cookie.maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (cookie.secure) parts.push('Secure');
  return parts.join('; ');
}

function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

/** The same shape as a GraphQL error answer, so that clients read one format. */
function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  let mapped: AppError | null = toAppError(error);
  if (!mapped) {
    request.log.error({ err: error }, 'unexpected error on an SSO route');
    mapped = new InternalError();
  }
  return reply
    .code(STATUS[mapped.code] ?? 500)
    .header('cache-control', 'no-store')
    .send({ errors: [{ message: mapped.message, extensions: { ...mapped.extensions } }] });
}

/**
 * The browser side of SSO: `GET /auth/sso/:backend/login?returnTo=…` sends the browser to the
 * provider; `GET /auth/sso/:backend/callback` is where the provider sends it back, and answers with
 * a redirect to the return URL carrying the session token in the fragment (see docs/sso.md).
 */
export function registerSsoRoutes(app: FastifyInstance, db: Database, services: Services): void {
  const context = (request: FastifyRequest) => requestContext(request, db, services);

  app.get<{ Params: { backend: string }; Querystring: Record<string, unknown> }>(
    '/auth/sso/:backend/login',
    async (request, reply) => {
      const returnTo = request.query.returnTo;
      try {
        if (returnTo !== undefined && typeof returnTo !== 'string') {
          const error = new BadInputError([{ field: 'returnTo', message: 'must be given once' }]);
          return sendError(request, reply, error);
        }
        const started = await services.sso.startLogin(context(request), request.params.backend, returnTo);
        return reply
          .header('set-cookie', cookieHeader(started.cookie))
          .header('cache-control', 'no-store')
          .redirect(started.location, 302);
      } catch (error) {
        return sendError(request, reply, error);
      }
    },
  );

  app.get<{ Params: { backend: string } }>('/auth/sso/:backend/callback', async (request, reply) => {
    const raw = request.raw.url ?? '';
    const query = new URLSearchParams(raw.includes('?') ? raw.slice(raw.indexOf('?') + 1) : '');
    const backendId = request.params.backend;
    try {
      const done = await services.sso.completeLogin(
        context(request),
        backendId,
        query,
        readCookie(request, bindingCookieName(backendId)),
      );
      return reply
        .header('set-cookie', cookieHeader(done.cookie))
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .redirect(done.location, 303);
    } catch (error) {
      return sendError(request, reply, error);
    }
  });
}
