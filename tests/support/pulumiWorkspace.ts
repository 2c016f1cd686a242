import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cleanPulumiEnv } from "./cleanPulumiEnv";
import { describeRun, runPulumi, type PulumiRun, type RunPulumiOptions } from "./runPulumi";

/** The repo's node_modules, linked into every throwaway program so it runs the locked SDK. */
const REPO_NODE_MODULES = path.resolve(__dirname, "..", "..", "node_modules");

export interface PulumiWorkspaceOptions {
  /** Folder holding the program (Pulumi.yaml, package.json, index.ts…); copied, never modified. */
  programDir: string;
  /**
   * Stack created in the workspace.
   * @default "dev"
   */
  stack?: string;
  /** Plain stack configuration, e.g. `{ "smoke:word": "ping" }`. */
  config?: Record<string, string>;
  /** Secret stack configuration, encrypted with the workspace's passphrase. */
  secretConfig?: Record<string, string>;
  /** Extra environment for every CLI run (the program and its providers inherit it). */
  env?: Record<string, string>;
}

export const PULUMI_WORKSPACE_DEFAULTS = { stack: "dev" } as const;

/** A throwaway Pulumi project with its own local backend and PULUMI_HOME. */
export interface PulumiWorkspace {
  /** Temp folder holding everything below; removed by cleanup(). */
  readonly root: string;
  /** The copied program, where the CLI runs. */
  readonly programDir: string;
  readonly stack: string;
  /** The complete environment every run gets. */
  readonly env: Record<string, string>;
  /** Runs `pulumi <args>` in the program folder against this workspace's backend. */
  run(args: readonly string[], options?: Pick<RunPulumiOptions, "timeoutMs" | "onSpawn">): Promise<PulumiRun>;
  /** Deletes the workspace (state included); the stack's resources are all local, so nothing leaks. */
  cleanup(): Promise<void>;
}

/**
 * Copies a program into a temp folder, links the repo's node_modules, points the CLI at a fresh
 * file:// backend, creates the stack and sets its configuration.
 */
export async function createPulumiWorkspace(options: PulumiWorkspaceOptions): Promise<PulumiWorkspace> {
  const stack = options.stack ?? PULUMI_WORKSPACE_DEFAULTS.stack;
  if (!fs.existsSync(path.join(options.programDir, "Pulumi.yaml"))) {
    throw new Error(`Expected \`programDir\` to hold a Pulumi.yaml, got ${options.programDir}`);
  }
  const root = await fs.promises.mkdtemp(path.join(os.tmpdir(), "pulumi-dcs-e2e-"));
  const programDir = path.join(root, "program");
  const backendDir = path.join(root, "backend");
  const pulumiHome = path.join(root, "pulumi-home");
  await fs.promises.cp(options.programDir, programDir, {
    recursive: true,
    filter: (source) => path.basename(source) !== "node_modules",
  });
  await fs.promises.symlink(REPO_NODE_MODULES, path.join(programDir, "node_modules"), "dir");
  await fs.promises.mkdir(backendDir);
  await fs.promises.mkdir(pulumiHome);

  const env = cleanPulumiEnv({ backendDir, pulumiHome, passphrase: "e2e-passphrase" }, options.env);
  const redact = Object.values(options.secretConfig ?? {});
  const run = (args: readonly string[], runOptions: Pick<RunPulumiOptions, "timeoutMs" | "onSpawn"> = {}): Promise<PulumiRun> =>
    runPulumi(args, { cwd: programDir, env, redact, ...runOptions });
  const cleanup = (): Promise<void> => fs.promises.rm(root, { recursive: true, force: true });

  try {
    await mustSucceed(run(["stack", "init", stack]));
    const settings = [
      ...Object.entries(options.config ?? {}).map(([k, v]) => ["--plaintext", `${k}=${v}`]),
      ...Object.entries(options.secretConfig ?? {}).map(([k, v]) => ["--secret", `${k}=${v}`]),
    ].flat();
    if (settings.length > 0) await mustSucceed(run(["config", "set-all", ...settings]));
  } catch (err) {
    await cleanup();
    throw err;
  }
  return { root, programDir, stack, env, run, cleanup };
}

async function mustSucceed(pending: Promise<PulumiRun>): Promise<PulumiRun> {
  const result = await pending;
  if (result.code !== 0) throw new Error(`Workspace setup failed: ${describeRun(result)}`);
  return result;
}
