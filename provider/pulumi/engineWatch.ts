import * as net from "node:net";

/** What one look at the engine's address found. */
export type EngineProbeResult =
  /** Something accepts connections there: the engine is alive. */
  | "up"
  /** The connection was refused or reset: nothing listens there any more. */
  | "down"
  /** No answer either way within the probe timeout (e.g. this process was too busy to tell). */
  | "unknown";

/** Why {@link EngineWatchOptions.onGone} was called. */
export interface EngineGone {
  readonly engineAddress: string;
  /** Probes in a row that found nothing listening. */
  readonly failedProbes: number;
}

/** How often and how patiently {@link watchEngine} looks. */
export interface EngineWatchTiming {
  /**
   * Time between the end of one probe and the start of the next.
   * @default 1000
   */
  readonly intervalMs: number;
  /**
   * Probes in a row that must find the address refusing connections before the engine counts
   * as gone. Several, so one odd refusal (a file-descriptor limit, say) cannot end a wait.
   * @default 3
   */
  readonly failuresBeforeGone: number;
  /**
   * How long one TCP connect may take; past it the probe says `"unknown"`, which neither
   * counts towards nor resets the failures.
   * @default 2000
   */
  readonly probeTimeoutMs: number;
}

/**
 * With these, a killed engine is noticed 2–3 s after it died (three refused probes 1 s apart),
 * inside the 5 s the README promises; a probe costs one loopback TCP connect.
 */
export const ENGINE_WATCH_DEFAULTS: EngineWatchTiming = { intervalMs: 1000, failuresBeforeGone: 3, probeTimeoutMs: 2000 };

/** The exit code of a provider process that stopped because its engine was gone. */
export const ENGINE_GONE_EXIT_CODE = 1;

/** Consecutive refused probes so far. */
export interface EngineWatchState {
  readonly failures: number;
}

/**
 * The decision, free of I/O: a refused probe counts, a successful one resets the count, an
 * inconclusive one changes nothing; the engine is gone once the count reaches the threshold.
 */
export function engineWatchStep(
  state: EngineWatchState,
  probe: EngineProbeResult,
  failuresBeforeGone: number,
): { readonly state: EngineWatchState; readonly gone: boolean } {
  const failures = probe === "up" ? 0 : probe === "down" ? state.failures + 1 : state.failures;
  return { state: { failures }, gone: failures >= failuresBeforeGone };
}

/** Splits `host:port` (`[::1]:port` too); undefined if it is not one. */
export function parseEngineAddress(address: string): { host: string; port: number } | undefined {
  const match = /^\[?([^[\]]*?)\]?:(\d{1,5})$/.exec(address.trim());
  if (match === null) return undefined;
  const port = Number(match[2]);
  const host = match[1] ?? "";
  if (host === "" || port < 1 || port > 65_535) return undefined;
  return { host, port };
}

/**
 * One TCP connect to the engine's gRPC address, closed at once. Cheaper than an RPC and needs
 * no client: a dead engine's listening socket is gone, so the kernel refuses at once.
 */
export function probeEngine(address: string, timeoutMs: number): Promise<EngineProbeResult> {
  const target = parseEngineAddress(address);
  if (target === undefined) return Promise.resolve("unknown");
  return new Promise((resolve) => {
    const socket = net.connect({ host: target.host, port: target.port });
    // Never the reason this process stays alive.
    socket.unref();
    const settle = (result: EngineProbeResult): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => settle("unknown"), timeoutMs);
    timer.unref();
    socket.once("connect", () => settle("up"));
    socket.once("error", () => settle("down"));
  });
}

/** Schedules `run` after `ms`; returns a cancel function. Injected so tests need no real time. */
export type Schedule = (run: () => void, ms: number) => () => void;

const unrefTimeout: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  // The watch must never keep a finished provider process alive.
  timer.unref();
  return () => clearTimeout(timer);
};

export interface EngineWatchOptions extends Partial<EngineWatchTiming> {
  /**
   * The engine's gRPC address, `host:port`: the last argument Pulumi gives every provider
   * process (see `engineAddressFromArgv`). Undefined watches nothing.
   */
  readonly engineAddress: string | undefined;
  /**
   * Called once, when the engine is gone. Abort what is in flight here if there is anything
   * to save; nobody is left to receive a response.
   * @default writes one line to stderr and exits the process with {@link ENGINE_GONE_EXIT_CODE}
   */
  readonly onGone?: (gone: EngineGone) => void;
  /** @internal test seam @default {@link probeEngine} */
  readonly probe?: (address: string, timeoutMs: number) => Promise<EngineProbeResult>;
  /** @internal test seam @default an unref'd `setTimeout` */
  readonly schedule?: Schedule;
}

/** Stops the watch; calling it again does nothing. */
export type StopEngineWatch = () => void;

/**
 * Makes a provider process stop when the Pulumi engine that started it is gone.
 *
 * Pulumi starts providers in their own process group (FACTS.md §7): when `pulumi` is killed
 * (SIGKILL, a cancelled CI job, the OOM killer) nothing is sent to them, and Pulumi's own
 * launcher for dynamic providers is a shell script with no watchdog, so a wait in progress
 * would go on polling the API for up to its whole timeout. This looks at the engine's address
 * every `intervalMs` and calls `onGone` after `failuresBeforeGone` refused connections in a row.
 * Its timers and sockets are unref'd: it never keeps a process alive.
 *
 * A provider plugin starts it with one line next to its gRPC server:
 *
 * ```ts
 * const stopWatch = watchEngine({ engineAddress: engineAddressFromArgv(process.argv) });
 * ```
 *
 * and may pass `onGone` to abort its waits before exiting (it must then exit itself).
 */
export function watchEngine(options: EngineWatchOptions): StopEngineWatch {
  const { engineAddress } = options;
  const timing = resolveEngineWatchTiming({
    intervalMs: options.intervalMs,
    failuresBeforeGone: options.failuresBeforeGone,
    probeTimeoutMs: options.probeTimeoutMs,
  });
  if (engineAddress === undefined) return () => undefined;
  if (parseEngineAddress(engineAddress) === undefined) {
    throw new RangeError(`Expected \`engineAddress\` to be host:port, got ${JSON.stringify(engineAddress)}`);
  }
  const probe = options.probe ?? probeEngine;
  const schedule = options.schedule ?? unrefTimeout;
  const onGone = options.onGone ?? exitProcess;

  let stopped = false;
  let cancel: () => void = () => undefined;
  let state: EngineWatchState = { failures: 0 };
  const tick = async (): Promise<void> => {
    const result = await probe(engineAddress, timing.probeTimeoutMs).catch((): EngineProbeResult => "unknown");
    if (stopped) return;
    const step = engineWatchStep(state, result, timing.failuresBeforeGone);
    state = step.state;
    if (step.gone) {
      stopped = true;
      onGone({ engineAddress, failedProbes: state.failures });
      return;
    }
    cancel = schedule(() => void tick(), timing.intervalMs);
  };
  cancel = schedule(() => void tick(), timing.intervalMs);
  return () => {
    stopped = true;
    cancel();
  };
}

/** Merges and validates the timing once. */
export function resolveEngineWatchTiming(options: { readonly [K in keyof EngineWatchTiming]?: number | undefined }): EngineWatchTiming {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const timing: EngineWatchTiming = { ...ENGINE_WATCH_DEFAULTS, ...defined };
  const checks: Array<[keyof EngineWatchTiming, boolean]> = [
    ["intervalMs", Number.isFinite(timing.intervalMs) && timing.intervalMs > 0],
    ["failuresBeforeGone", Number.isInteger(timing.failuresBeforeGone) && timing.failuresBeforeGone >= 1],
    ["probeTimeoutMs", Number.isFinite(timing.probeTimeoutMs) && timing.probeTimeoutMs > 0],
  ];
  for (const [name, ok] of checks) {
    if (!ok) throw new RangeError(`Expected \`${name}\` to be ${name === "failuresBeforeGone" ? "an integer ≥ 1" : "> 0"}, got ${timing[name]}`);
  }
  return timing;
}

function exitProcess(gone: EngineGone): void {
  // Nobody reads this once the engine is gone, except someone running the provider by hand.
  process.stderr.write(
    `pulumi-dcs-migration: the Pulumi engine at ${gone.engineAddress} is gone ` +
      `(${gone.failedProbes} refused connections in a row); stopping this provider process.\n`,
  );
  process.exit(ENGINE_GONE_EXIT_CODE);
}
