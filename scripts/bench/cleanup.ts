/**
 * What the bench must undo however it ends (normal end, error, Ctrl-C): child processes to stop and
 * databases to drop. Undone in reverse order of registration, each at most once.
 */
const tasks: { label: string; run: () => Promise<void> | void }[] = [];
let interrupted = false;

/** Registers an undo step; returns a function that runs it now and forgets it. */
export function onCleanup(label: string, run: () => Promise<void> | void): () => Promise<void> {
  const task = { label, run };
  tasks.push(task);
  return async () => {
    const index = tasks.indexOf(task);
    if (index < 0) return;
    tasks.splice(index, 1);
    await task.run();
  };
}

/** Runs every registered step, newest first; a failing step is reported and the others still run. */
export async function cleanupAll(): Promise<void> {
  while (tasks.length) {
    const task = tasks.pop()!;
    try {
      await task.run();
    } catch (error) {
      process.stderr.write(`bench: cleanup "${task.label}" failed: ${String(error)}\n`);
    }
  }
}

/** True once SIGINT or SIGTERM arrived: long loops stop early. */
export function wasInterrupted(): boolean {
  return interrupted;
}

/** On SIGINT/SIGTERM: clean up and exit (130/143); a second signal exits at once. */
export function installSignalHandlers(): void {
  const handle = (signal: NodeJS.Signals, code: number) => {
    if (interrupted) process.exit(code);
    interrupted = true;
    process.stderr.write(`\nbench: ${signal}: stopping servers and dropping the bench databases\n`);
    void cleanupAll().finally(() => process.exit(code));
  };
  process.on('SIGINT', () => handle('SIGINT', 130));
  process.on('SIGTERM', () => handle('SIGTERM', 143));
}
