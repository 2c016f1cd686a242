import * as fs from "node:fs";
import * as path from "node:path";
import { createEngineLog, engineAddressFromArgv, type EngineLog, watchEngine } from "../provider/pulumi";
import { createDcsMigrationProvider } from "./dcsMigrationProvider";
import { pluginSchemaText } from "./pluginSchema";
import { startPluginServer } from "./pluginServer";
import { readReleaseInfo, type ReleaseInfo } from "./releaseInfo";

/**
 * The release this plugin belongs to, fixed when the single-executable binary is bundled
 * (`esbuild --define`): inside it no package.json lies beside the code (FACTS.md §9).
 */
declare const DCS_MIGRATION_BUILT_RELEASE: ReleaseInfo | undefined;

/** The oldest Node.js the SDK supports (FACTS.md §4). */
const MIN_NODE_MAJOR = 22;

/** The folder of this package's package.json, from the sources or from `dist/` (or a plugin tarball's root). */
export function packageRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file) && (JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string }).name === "pulumi-dcs-migration") return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json of pulumi-dcs-migration above ${from}.`);
  }
}

/** This package's version: the plugin's version (`GetPluginInfo`, the schema). */
export function packageVersion(root: string = packageRoot()): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version?: unknown };
  if (typeof pkg.version !== "string") throw new Error(`${root}/package.json has no version.`);
  return pkg.version;
}

/**
 * The release of the running plugin: the one built into the binary, else package.json's (the npm
 * package, a checkout). The download-URL override is a release build's; a running plugin ignores it.
 */
export function runningRelease(): ReleaseInfo {
  return typeof DCS_MIGRATION_BUILT_RELEASE !== "undefined" ? DCS_MIGRATION_BUILT_RELEASE : readReleaseInfo(packageRoot(), {});
}

/**
 * `pulumi-resource-dcs-migration [engine flags] <engine-address>`: serves the provider on a port
 * of 127.0.0.1 and prints that port on stdout, the handshake every Pulumi plugin follows. Nothing
 * else may go to stdout; progress goes to the engine's `Log` RPC, problems to stderr.
 */
async function main(): Promise<void> {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < MIN_NODE_MAJOR) {
    process.stderr.write(`pulumi-resource-dcs-migration needs Node.js ${MIN_NODE_MAJOR} or later on PATH; found ${process.version}.\n`);
    process.exit(1);
  }
  let engineAddress = engineAddressFromArgv(process.argv);
  // Plugins run in their own process group: a killed engine sends them nothing (FACTS.md §7), and
  // the gRPC server would keep this process alive. The watch exits it once the engine is gone.
  const stopEngineWatch = watchEngine({ engineAddress });
  let log: EngineLog | undefined;
  const engineLog = (): EngineLog =>
    (log ??= createEngineLog({ engineAddress, fallback: (line) => process.stderr.write(`${line}\n`) }));
  const release = runningRelease();
  const server = await startPluginServer({
    provider: createDcsMigrationProvider({
      log: (message, urn) => engineLog()(message, urn),
      flushLog: () => engineLog().flush(),
    }),
    version: release.version,
    schema: pluginSchemaText(release),
    onAttach: (address) => {
      // An attached plugin was started by a person (PULUMI_DEBUG_PROVIDERS) and outlives each engine run.
      stopEngineWatch();
      engineAddress = address;
      log = undefined;
    },
  });
  process.stdout.write(`${server.port}\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`pulumi-resource-dcs-migration failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
