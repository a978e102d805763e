import type { EntityManager } from '@mikro-orm/knex';
import type { FastifyInstance } from 'fastify';
import type { BackendLogger } from '../../backends/types';
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

/** What /readyz found: the database and every backend, up or down. */
export interface Readiness {
  /** Whether the database answered `select 1` in time. */
  database: 'up' | 'down';
  /** Every backend: its id, its kind (as the API shows it) and whether it answered in time. */
  backends: { id: string; kind: string; state: 'up' | 'down' }[];
}

/**
 * Probes the database (`select 1`) and every backend (`checkHealth`) in parallel, each bounded by
 * CHECK_TIMEOUT_MS, so that it answers within that time whatever hangs. /readyz and the health
 * gauges of /metrics both use it.
 */
export async function checkReadiness(
  db: Database,
  backends: BackendSet,
  log: BackendLogger,
): Promise<Readiness> {
  const em = db.orm.em.fork() as EntityManager;
  const [database, backendStates] = await Promise.all([
    probe(() => em.getConnection().execute('select 1')),
    Promise.all(
      backends.all().map(async (b) => ({
        id: b.id,
        kind: b.kind,
        state: await probe(() => b.checkHealth({ em, log })),
      })),
    ),
  ]);
  return { database, backends: backendStates };
}

/** /healthz: the process answers. /readyz: the database and every backend answer (503 if one does not). */
export function registerHealthRoutes(app: FastifyInstance, db: Database, backends: BackendSet): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const { database, backends: backendStates } = await checkReadiness(db, backends, app.log);
    const ready = database === 'up' && backendStates.every((b) => b.state === 'up');
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'unavailable',
      database: { kind: db.kind, state: database },
      backends: backendStates,
    });
  });
}
