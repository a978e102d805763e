import type { EntityManager } from '@mikro-orm/knex';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/orm';
import type { BackendSet } from '../services/support/backend-set';

const CHECK_TIMEOUT_MS = 3000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function probe(work: () => Promise<unknown>): Promise<'up' | 'down'> {
  try {
    await withTimeout(work(), CHECK_TIMEOUT_MS);
    return 'up';
  } catch {
    return 'down';
  }
}

/** /healthz: the process answers. /readyz: the database and every backend answer (503 if one does not). */
export function registerHealthRoutes(app: FastifyInstance, db: Database, backends: BackendSet): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const em = db.orm.em.fork() as EntityManager;
    const database = await probe(() => em.getConnection().execute('select 1'));
    const backendStates = await Promise.all(
      backends.all().map(async (b) => ({
        id: b.id,
        kind: b.kind,
        state: await probe(() => b.checkHealth({ em, log: app.log })),
      })),
    );
    const ready = database === 'up' && backendStates.every((b) => b.state === 'up');
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'unavailable',
      database: { kind: db.kind, state: database },
      backends: backendStates,
    });
  });
}
