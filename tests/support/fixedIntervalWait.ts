import { checkCriteria } from "../../provider/waiter/completionCriteria";
import type { WaitOptions } from "../../provider/waiter/waitDefaults";
import type { StatsReader } from "../../provider/dcs/statsReader";
import type { VirtualClock } from "./virtualClock";

/**
 * The baseline the waiter must beat (FACTS.md §5, Terraform-style): read every
 * `pollIntervalSeconds`, open when the same criteria have held for the window.
 * Returns when the gate opened and how many reads it took; `undefined` if it never opened.
 */
export async function fixedIntervalWait(
  reader: StatsReader,
  taskId: string,
  clock: VirtualClock,
  options: WaitOptions,
  limitMs: number,
): Promise<{ openedAt: number; polls: number } | undefined> {
  const start = clock.now();
  let polls = 0;
  let stableSince: number | undefined;
  while (clock.now() - start <= limitMs) {
    const stats = await reader.getMigrationStats(taskId);
    polls += 1;
    const at = clock.now();
    if (checkCriteria(stats, options).met) {
      stableSince ??= at;
      if (at - stableSince >= options.stableForSeconds * 1000) return { openedAt: at, polls };
    } else {
      stableSince = undefined;
    }
    await clock.sleep(options.pollIntervalSeconds * 1000);
  }
  return undefined;
}
