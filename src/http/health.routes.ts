import type { EntityManager } from '@mikro-orm/knex';
import type { FastifyInstance } from 'fastify';
import type { BackendLogger } from '../../backends/types';
import type { Database } from '../db/orm';
import type { BackendSet } from '../services/support/backend-set';

/**
 * How long /readyz waits for each part (the database, each backend). The parts are asked at the
 * same time, so /readyz answers within about this long even when every one of them is silent.
 */
export const CHECK_TIMEOUT_MS = 1500;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function probe(work: () => Promise<unknown>): Promise<'up' | 'down'> {
  try {
    // A check that throws synchronously is down too, not a failed /readyz.
    await withTimeout(Promise.resolve().then(work), CHECK_TIMEOUT_MS);
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

/** What the health routes need to know beyond the parts they check. */
export interface HealthState {
  /** True once the server is shutting down: /readyz then answers 503 at once, without checking. */
  isDraining(): boolean;
}

/**
 * /healthz: the process answers (200 while it runs, also while it shuts down). /readyz: the
 * database and every backend answer within CHECK_TIMEOUT_MS (503 if one does not, or while the
 * server shuts down).
 */
export function registerHealthRoutes(
  app: FastifyInstance,
  db: Database,
  backends: BackendSet,
  state: HealthState = { isDraining: () => false },
): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    if (state.isDraining()) return reply.code(503).send({ status: 'draining' });
    const { database, backends: backendStates } = await checkReadiness(db, backends, app.log);
    const ready = database === 'up' && backendStates.every((b) => b.state === 'up');
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'unavailable',
      database: { kind: db.kind, state: database },
      backends: backendStates,
    });
  });
}
