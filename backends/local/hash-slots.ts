import { availableParallelism } from 'node:os';

/**
 * How many password hashes may run at once. argon2 runs on libuv's thread pool, off the event loop,
 * but a hash keeps a core busy for tens of milliseconds: with as many hashes as cores, the event
 * loop (every other request) waits for a core. One core less than the machine has (at least one)
 * keeps a core for answering everything else; further logins queue for a slot, each waiting only
 * for the hashes ahead of it.
 */
export function defaultHashConcurrency(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** A counting semaphore: at most `limit` tasks run at once, the others wait in order of arrival. */
export class HashSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Runs `task` when a slot is free. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
