import type { EmulatorCredentials } from "./auth/authenticate";
import type { TemporaryCredentials } from "./auth/temporaryCredentials";
import type { VerifiedSignatures } from "./auth/verifiedSignatures";
import type { EmulatorClock } from "./emulatorClock";
import type { TaskCounters } from "./tasks/taskCounters";
import type { TaskRegistry } from "./tasks/taskRegistry";

/** What the request handlers share: one per running emulator. */
export interface EmulatorContext {
  readonly projectId: string;
  readonly credentials: EmulatorCredentials;
  /** Temporary keys accepted until they expire (a fake IAM registers them; `/_emulator/credentials`). */
  readonly temporaryCredentials: TemporaryCredentials;
  readonly clock: EmulatorClock;
  readonly registry: TaskRegistry;
  /** Every request on the emulated API (not the control API). */
  readonly counters: TaskCounters;
  readonly maxSkewMs: number;
  /** How far the emulated gateway's clock runs ahead of `clock`; the control API changes it. */
  clockSkewMs: number;
  /** Requests whose signature already verified (per emulator, since it depends on the secret key). */
  readonly verified: VerifiedSignatures;
  readonly maxBodyBytes: number;
  readonly nextRequestId: () => string;
  /** One line per API request when set (the CLI's `--verbose`). */
  readonly log: ((line: string) => void) | undefined;
}

/** The emulated gateway's "now": what its `Date` header says and what X-Sdk-Date is checked against. */
export function gatewayNow(ctx: EmulatorContext): number {
  return ctx.clock.now() + ctx.clockSkewMs;
}
