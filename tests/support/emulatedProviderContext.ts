import { DcsClient } from "../../provider/dcs/dcsClient";
import type { ProviderContext } from "../../provider/pulumi/providerContext";
import type { EmulatorHandle } from "../../emulator";
import type { VirtualClock } from "./virtualClock";
import type { LoggedLine } from "./providerHarness";

/**
 * A ProviderContext wired like production (a real `DcsClient` per resolved settings) but pointed
 * at an emulator, with one fake clock shared by the emulator's timelines, the client's signing
 * dates and backoff, and the waiter — so a 30-minute migration runs in milliseconds.
 * Stack config holds the emulator's endpoint, project and credentials unless `config` says otherwise.
 */
export function emulatedProviderContext(
  emulator: EmulatorHandle,
  clock: VirtualClock,
  config?: Readonly<Record<string, string>>,
): { ctx: ProviderContext; lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  const stackConfig = config ?? {
    "huaweicloud:dcsEndpoint": emulator.url,
    "huaweicloud:projectId": emulator.projectId,
    "huaweicloud:accessKey": emulator.credentials.accessKey,
    "huaweicloud:secretKey": emulator.credentials.secretKey,
  };
  const ctx: ProviderContext = {
    config: (key) => stackConfig[key],
    env: {},
    createReader: (settings) => new DcsClient(settings, { clock, random: () => 0, env: {} }),
    clock,
    log: (message, urn) => lines.push({ message, urn }),
  };
  return { ctx, lines };
}
