import type { ProviderContext } from "../../provider/pulumi/providerContext";
import type { StatsReader } from "../../provider/dcs/statsReader";
import type { VirtualClock } from "./virtualClock";

/** A stack config that resolves every setting, with a recognisable secret that must never leak. */
export const HARNESS_CONFIG: Readonly<Record<string, string>> = Object.freeze({
  "huaweicloud:projectId": "0123456789abcdef0123456789abcdef",
  "huaweicloud:region": "cn-north-4",
  "huaweicloud:accessKey": "AKCONFIGEXAMPLE",
  "huaweicloud:secretKey": "config-secret-key-must-not-leak",
});

/** What a provider under test logged, line by line. */
export interface LoggedLine {
  readonly message: string;
  readonly urn: string | undefined;
}

/**
 * A ProviderContext for driving the dynamic providers directly: stack config and environment
 * as given, a reader of the test's choosing (one per `createReader` call, or the same one), a
 * fake clock, and captured log lines.
 */
export function providerHarness(options: {
  readonly clock?: VirtualClock;
  readonly reader: StatsReader;
  readonly config?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
}): { ctx: ProviderContext; lines: LoggedLine[]; readersCreated: () => number } {
  const lines: LoggedLine[] = [];
  let created = 0;
  const config = options.config ?? HARNESS_CONFIG;
  const ctx: ProviderContext = {
    config: (key) => config[key],
    env: options.env ?? {},
    createReader: () => {
      created += 1;
      return options.reader;
    },
    log: (message, urn) => lines.push({ message, urn }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  };
  return { ctx, lines, readersCreated: () => created };
}

/** Rejection of a promise that must reject (fails the test if it resolves). */
export async function rejectionOf(pending: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await pending;
  } catch (e) {
    if (e instanceof Error) return e as Error & Record<string, unknown>;
    throw new Error(`Expected an Error, got ${String(e)}`);
  }
  throw new Error("Expected the call to reject, but it resolved");
}
