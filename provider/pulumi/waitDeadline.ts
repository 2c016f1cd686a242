import type { WaitOptions } from "../waiter/waitDefaults";
import { formatDuration } from "../waiter/formatDuration";

/** The engine's own deadline for an operation (`customTimeouts`), when a provider plugin got one. */
export interface OperationTimeout {
  readonly option: string;
  readonly seconds: number;
}

/** How long this attempt may wait, and why. */
export interface WaitDeadline {
  /** The options the wait runs with: `timeoutSeconds` is the earlier of the two deadlines. */
  readonly options: WaitOptions;
  /** `timeoutSeconds` as the resource asked for it. */
  readonly askedSeconds: number;
  /** Set when the engine's `customTimeouts` is the earlier deadline. */
  readonly custom: OperationTimeout | undefined;
  /** The limit in words, e.g. `1h` or `5m (customTimeouts.create)`. */
  readonly limit: string;
}

/**
 * The earlier of `timeoutSeconds` and the engine's `customTimeouts` (which reach only a provider
 * plugin, FACTS.md §7) bounds the wait; the dynamic-provider host passes none.
 */
export function waitDeadline(asked: WaitOptions, operationTimeout: OperationTimeout | undefined): WaitDeadline {
  const custom = operationTimeout !== undefined && operationTimeout.seconds > 0 && operationTimeout.seconds < asked.timeoutSeconds ? operationTimeout : undefined;
  const options = custom === undefined ? asked : { ...asked, timeoutSeconds: custom.seconds };
  const limit = custom === undefined ? formatDuration(options.timeoutSeconds) : `${formatDuration(options.timeoutSeconds)} (${custom.option})`;
  return { options, askedSeconds: asked.timeoutSeconds, custom, limit };
}
