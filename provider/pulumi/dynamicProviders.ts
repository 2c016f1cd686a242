import type * as pulumi from "@pulumi/pulumi";
import { DcsClient } from "../dcs/dcsClient";
import { sharedDcsClient } from "../dcs/sharedDcsClient";
import { createEngineLog, engineAddressFromArgv, type EngineLog } from "./engineLog";
import { watchEngine } from "./engineWatch";
import { createMigrationStatsProvider } from "./migrationStatsProvider";
import type { ProviderContext } from "./providerContext";
import { createWaitForMigrationProvider } from "./waitForMigrationProvider";

/** Which provider the serialized shim asks for (see sdk/providerShim.ts). */
export type ProviderKind = "MigrationStats" | "WaitForMigration";

/** Where settings come from inside the provider process. */
export interface ProviderSources {
  readonly config: (key: string) => string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
}

let processLog: EngineLog | undefined;

/** One engine connection per provider process, shared by every resource it serves. */
function logForThisProcess(): EngineLog {
  processLog ??= createEngineLog({
    engineAddress: engineAddressFromArgv(),
    fallback: (line) => process.stderr.write(line + "\n"),
  });
  return processLog;
}

let engineWatched = false;

/**
 * The process exits once its engine is gone (a killed `pulumi`), whichever launcher started it
 * (FACTS.md §7): nothing else would stop a wait in progress.
 */
function watchThisProcessEngine(): void {
  if (engineWatched) return;
  engineWatched = true;
  watchEngine({ engineAddress: engineAddressFromArgv() });
}

/**
 * The entry point the serialized `__provider` shim loads at run time by package name
 * (`pulumi-dcs-migration/dist/provider/dynamicProviders`), inside Pulumi's dynamic-provider
 * host. Runs there only; the program never calls it.
 *
 * @internal
 */
export function createDynamicProvider(
  kind: ProviderKind,
  sources: ProviderSources,
  overrides: Partial<Omit<ProviderContext, "config" | "env">> = {},
): pulumi.dynamic.ResourceProvider {
  if (sources.env === process.env) watchThisProcessEngine();
  const ctx: ProviderContext = {
    config: sources.config,
    env: sources.env,
    // The process-wide client: waits on the same task in one `pulumi up` share each read, and
    // all of them one cap on requests in flight (how: ../dcs/sharedDcsClient.ts). An injected
    // environment (tests) gets its own.
    createReader: (settings) => (sources.env === process.env ? sharedDcsClient(settings) : new DcsClient(settings, { env: sources.env })),
    log: logForThisProcess(),
    flushLog: () => logForThisProcess().flush(),
    ...overrides,
  };
  switch (kind) {
    case "MigrationStats":
      return createMigrationStatsProvider(ctx);
    case "WaitForMigration":
      return createWaitForMigrationProvider(ctx);
    default:
      throw new Error(
        `Unknown dynamic provider kind ${JSON.stringify(kind)}: the state was written by a newer ` +
          `pulumi-dcs-migration than the one installed; upgrade the package.`,
      );
  }
}
