import type { EntityManager } from '@mikro-orm/knex';
import type { FastifyRequest } from 'fastify';
import { makeRequestContext, type Caller, type RequestContext } from '../context';
import type { Database } from '../db/orm';
import type { Services } from '../services/wiring';

/** The context of one HTTP request: its own EntityManager fork, logger, loaders, client address. */
export function requestContext(
  request: FastifyRequest,
  db: Database,
  services: Services,
  caller: Caller | null = null,
  badToken = false,
  em: EntityManager = db.orm.em.fork() as EntityManager,
): RequestContext {
  return makeRequestContext(
    {
      em,
      log: request.log,
      caller,
      badToken,
      ipAddress: request.ip ?? null,
      userAgent: request.headers['user-agent']?.slice(0, 512) ?? null,
    },
    services.createLoaders,
  );
}
