import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { EmulatorHandle } from "../../emulator/startEmulator";
import type { StackConfig } from "./emulatorStackConfig";
import { createPulumiWorkspace, type PulumiWorkspace } from "./pulumiWorkspace";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The Pulumi YAML programs the end-to-end tests deploy; every one is project `yaml-gate`. */
export const YAML_PROGRAMS = {
  /** The runnable example: invoke, gate, a cut-over that depends on it, outputs. */
  example: path.join(REPO_ROOT, "examples", "yaml-gate"),
  /** The example without the invoke, so a failure can only come from the gate. */
  gateOnly: path.join(REPO_ROOT, "tests", "e2e", "fixtures", "yaml-gate-only"),
  /** The gate-only program without a `plugins:` block: the plugin comes from `pulumi plugin install`. */
  installedPlugin: path.join(REPO_ROOT, "tests", "e2e", "fixtures", "yaml-installed-plugin"),
  /** A gate with `customTimeouts: {create: 5s, update: 5s}`. */
  customTimeouts: path.join(REPO_ROOT, "tests", "e2e", "fixtures", "yaml-custom-timeouts"),
} as const;

/** The plugin path every program declares, as a user's project with the npm package installed has it. */
export const INSTALLED_PLUGIN_PATH = "./node_modules/pulumi-dcs-migration/plugin";

/** The programs' timing settings (integers: Pulumi.yaml config has no fractional type). */
export interface YamlGateTimings {
  readonly stableForSeconds: number;
  readonly pollIntervalSeconds: number;
  readonly minPollIntervalSeconds: number;
  readonly stallTimeoutSeconds: number;
  readonly timeoutSeconds: number;
}

/** Short timings so a scenario takes seconds; each scenario overrides the ones it is about. */
export const FAST_YAML_TIMINGS: YamlGateTimings = {
  stableForSeconds: 2,
  pollIntervalSeconds: 1,
  minPollIntervalSeconds: 1,
  stallTimeoutSeconds: 60,
  timeoutSeconds: 90,
};

/**
 * The provider's stack config pointing at an emulator, the way a YAML user points the plugin at
 * Huawei Cloud: `dcs-migration:*` keys, the secret key as secret config.
 */
export function pluginStackConfig(emulator: Pick<EmulatorHandle, "url" | "projectId" | "credentials">): StackConfig {
  const c = emulator.credentials;
  return {
    config: {
      "dcs-migration:dcsEndpoint": emulator.url,
      "dcs-migration:projectId": emulator.projectId,
      "dcs-migration:accessKey": c.accessKey,
    },
    secretConfig: {
      "dcs-migration:secretKey": c.secretKey,
      ...(c.securityToken === undefined ? {} : { "dcs-migration:securityToken": c.securityToken }),
    },
  };
}

let copies: string | undefined;
/** One temp folder for every program copy, removed when the process exits (one listener, not one per copy). */
function copiesRoot(): string {
  if (copies === undefined) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-dcs-yaml-"));
    process.once("exit", () => fs.rmSync(root, { recursive: true, force: true }));
    copies = root;
  }
  return copies;
}

/**
 * A copy of `programDir` whose `Pulumi.yaml` loads the plugin from `pluginDir` instead of the
 * installed package's folder; removed when the process exits.
 */
export async function withPluginPath(programDir: string, pluginDir: string): Promise<string> {
  const copy = await fs.promises.mkdtemp(path.join(copiesRoot(), "program-"));
  const text = await fs.promises.readFile(path.join(programDir, "Pulumi.yaml"), "utf8");
  if (!text.includes(`path: ${INSTALLED_PLUGIN_PATH}`)) {
    throw new Error(`Expected ${programDir}/Pulumi.yaml to load the plugin from ${INSTALLED_PLUGIN_PATH}`);
  }
  await fs.promises.writeFile(path.join(copy, "Pulumi.yaml"), text.replace(`path: ${INSTALLED_PLUGIN_PATH}`, `path: ${pluginDir}`));
  return copy;
}

/**
 * A copy of `programDir` without its `plugins:` block: the engine must then find the plugin on
 * its own (installed, or downloaded from a package's pluginDownloadURL). Removed at exit.
 */
export async function withoutPluginsBlock(programDir: string): Promise<string> {
  const copy = await fs.promises.mkdtemp(path.join(copiesRoot(), "program-"));
  const text = await fs.promises.readFile(path.join(programDir, "Pulumi.yaml"), "utf8");
  // The block runs from `plugins:` at column 0 to the next top-level key.
  const stripped = text.replace(/^plugins:\n(?:(?:[ #].*)?\n)*/m, "");
  if (stripped === text || /^\s*-? *path:/m.test(stripped)) throw new Error(`Expected ${programDir}/Pulumi.yaml to have one plugins: block`);
  await fs.promises.writeFile(path.join(copy, "Pulumi.yaml"), stripped);
  return copy;
}

export interface YamlGateStackOptions {
  readonly emulator: Pick<EmulatorHandle, "url" | "projectId" | "credentials">;
  /** One of {@link YAML_PROGRAMS}. */
  readonly program: string;
  /** The plugin folder the program loads (see builtPluginFolder); unset for a program without a `plugins:` block. */
  readonly pluginDir: string | undefined;
  readonly taskId: string;
  readonly timings?: Partial<YamlGateTimings>;
  /** Extra environment for every CLI run; the YAML host and the plugin inherit it (e.g. a process marker). */
  readonly env?: Record<string, string>;
}

/** A stack of a YAML gate program on a fresh local backend, configured against the emulator. */
export async function createYamlGateStack(options: YamlGateStackOptions): Promise<PulumiWorkspace> {
  const base = pluginStackConfig(options.emulator);
  const timings = { ...FAST_YAML_TIMINGS, ...options.timings };
  const config: Record<string, string> = { ...base.config, "yaml-gate:taskId": options.taskId };
  for (const [key, value] of Object.entries(timings)) config[`yaml-gate:${key}`] = String(value);
  return createPulumiWorkspace({
    programDir: options.pluginDir === undefined ? options.program : await withPluginPath(options.program, options.pluginDir),
    config,
    secretConfig: base.secretConfig,
    env: options.env,
  });
}
