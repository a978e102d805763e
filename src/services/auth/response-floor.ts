/** How many recent failures the floor is computed from. */
const WINDOW = 64;
/** The quantile of recent failure times that every failure waits for. */
const QUANTILE = 0.9;
/** No failure waits longer than this, whatever the recent ones took (a stalled database, say). */
const MAX_WAIT_MS = 2000;

/**
 * Makes failed logins take the same time whatever failed. An unknown name and a wrong password do
 * the same work (one password hash, one counter update), but not to the microsecond: a counter
 * update that changes a row costs a little more than one that matches none, and a found row a
 * little more than an empty answer. Each failure therefore waits until the 90th percentile of the
 * recent failures' durations has passed since it started, so that nearly every failure answers
 * at the same moment after its start, and the small differences drown under that floor.
 */
export class ResponseFloor {
  private readonly recent: number[] = [];
  private next = 0;

  /** Waits until a failure that started at `startedAt` (performance.now()) reaches the floor. */
  async wait(startedAt: number): Promise<void> {
    const elapsed = performance.now() - startedAt;
    const floor = this.floor();
    this.record(elapsed);
    const remaining = Math.min(floor - elapsed, MAX_WAIT_MS);
    if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, remaining));
  }

  private floor(): number {
    if (this.recent.length < 8) return 0;
    const sorted = [...this.recent].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * QUANTILE))]!;
  }

  private record(ms: number): void {
    if (this.recent.length < WINDOW) this.recent.push(ms);
    else this.recent[this.next] = ms;
    this.next = (this.next + 1) % WINDOW;
  }
}
