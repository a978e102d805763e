import type { EntityManager } from '@mikro-orm/knex';
import { runQuery } from '../../db/query';

/** Rows deleted per statement: short statements that never hold a lock for long. */
const BATCH = 1000;

/**
 * Retention of the audit trail (`audit.retentionDays`): events older than that are deleted in the
 * background, in batches of BATCH rows, each its own short statement with a pause between them, on a
 * timer that does not keep the process alive. Requests never wait for it.
 */
export class AuditRetention {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly em: EntityManager,
    private readonly config: { retentionDays: number; pruneIntervalSeconds: number },
    private readonly log: { warn(obj: object, msg?: string): void; info(obj: object, msg?: string): void },
  ) {}

  /** Prunes a first time soon after start, then every `pruneIntervalSeconds`. */
  start(firstDelayMs = 30_000): void {
    if (this.timer) return;
    const tick = () => {
      void this.pruneNow().catch((error: unknown) =>
        this.log.warn({ err: error }, 'audit: pruning old events failed; it is tried again later'),
      );
    };
    this.timer = setTimeout(() => {
      tick();
      this.timer = setInterval(tick, this.config.pruneIntervalSeconds * 1000);
      this.timer.unref();
    }, firstDelayMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Deletes every event older than the retention now, batch by batch; resolves to how many. */
  pruneNow(now = new Date()): Promise<number> {
    this.running ??= this.prune(now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async prune(now: Date): Promise<number> {
    const em = this.em.fork();
    const knex = em.getKnex();
    const cutoff = em
      .getPlatform()
      .processDateProperty(new Date(now.getTime() - this.config.retentionDays * 86_400_000));
    let total = 0;
    for (;;) {
      const rows = await runQuery<{ id: string }>(
        em,
        knex('audit_events')
          .select('id')
          .where('at', '<', cutoff as never)
          .limit(BATCH),
      );
      if (rows.length) {
        await runQuery(
          em,
          knex('audit_events')
            .whereIn(
              'id',
              rows.map((r) => r.id),
            )
            .delete(),
        );
      }
      total += rows.length;
      if (rows.length < BATCH) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (total)
      this.log.info({ deleted: total, retentionDays: this.config.retentionDays }, 'audit: old events pruned');
    return total;
  }
}
