import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Loaded into the idgate process by `npm run soak` (`node --require dist/scripts/soak-preload.js
 * dist/src/index.js`); not part of idgate. Every SOAK_REPORT_MS (default 5 s) it writes one JSON line
 * to stderr: the event-loop delay percentiles of that interval (perf_hooks monitorEventLoopDelay, in
 * ms beyond its 10 ms sampling interval) and the process's memory (bytes). The soak script reads these lines from the log afterwards.
 *
 * On SIGUSR2 it runs one full garbage collection (the soak starts idgate with --expose-gc): the soak
 * asks for it once, after creating its data and before the load, so that the memory measured under
 * load does not include V8's growth of a fresh heap up to its first full collection.
 */

const REPORT_MS = Number(process.env.SOAK_REPORT_MS ?? 5000);
const RESOLUTION_MS = 10;
const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
histogram.enable();

/**
 * The histogram holds the time between two ticks of its own 10 ms timer, so an idle loop shows 10 ms:
 * the delay is what lies beyond the resolution, in ms.
 */
const ms = (ns: number) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100);

process.on('SIGUSR2', () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  process.stderr.write(`${JSON.stringify({ soakGc: { at: Date.now(), done: !!gc } })}\n`);
});

setInterval(() => {
  const memory = process.memoryUsage();
  const line = {
    soakEventLoop: {
      at: Date.now(),
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      mean: ms(histogram.mean),
    },
    rss: memory.rss,
    heapUsed: memory.heapUsed,
  };
  histogram.reset();
  process.stderr.write(`${JSON.stringify(line)}\n`);
}, REPORT_MS).unref();
