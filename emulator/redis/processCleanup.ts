/**
 * Last-resort cleanup of child processes when this Node process exits without
 * closing them (a crashed test, `process.exit()`). Each redis-server also has a
 * watchdog that stops it when our end of its stdin pipe closes (see
 * redisServerProcess.ts), which covers signals and even SIGKILL; this hook just
 * makes the normal-exit case immediate.
 */
const cleanups = new Set<() => void>();
let installed = false;

/** Registers a synchronous cleanup; returns its unregister function. */
export function onProcessExit(cleanup: () => void): () => void {
  if (!installed) {
    installed = true;
    process.once("exit", runAll);
  }
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

function runAll(): void {
  for (const cleanup of cleanups) {
    try {
      cleanup();
    } catch {
      // Exiting anyway: one failed cleanup must not skip the others.
    }
  }
  cleanups.clear();
}
