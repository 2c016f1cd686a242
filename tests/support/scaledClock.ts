import { AbortedError } from "../../provider/core/errors";

/**
 * A real clock running `scale` times faster: `now()` advances `scale` ms per real ms and
 * `sleep(ms)` takes `ms / scale` real ms. Real sockets, timeouts and servers keep working,
 * while backoffs, Retry-After waits and poll intervals shrink, so fault tests run the real
 * retry and wait code at production settings in a fraction of the time. Every requested
 * sleep is recorded (in clock ms).
 */
export class ScaledClock {
  private readonly realStart = Date.now();
  private readonly start: number;
  readonly sleeps: number[] = [];
  constructor(
    readonly scale: number,
    start = Date.now(),
  ) {
    if (!(scale >= 1)) throw new Error(`Expected \`scale\` to be >= 1, got ${scale}`);
    this.start = start;
  }
  readonly now = (): number => this.start + (Date.now() - this.realStart) * this.scale;
  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    this.sleeps.push(ms);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(new AbortedError("The wait was cancelled.", { cause: signal.reason }));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new AbortedError("The wait was cancelled.", { cause: signal?.reason }));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, Math.max(0, ms) / this.scale);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  };
}
