import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { evaluateCondition, substituteExpressions, type ContextValue, type ExpressionContext } from "./actionExpression";
import { parseKeyValueFile, splitWorkflowCommands, type WorkflowCommand } from "./githubFileCommands";
import { runBoundedBash } from "./runBoundedBash";

/** The parts of an action's metadata (action.yml) a composite action uses. */
interface ActionMetadata {
  readonly inputs?: Record<string, { readonly required?: boolean; readonly default?: string }>;
  readonly outputs?: Record<string, { readonly value?: string }>;
  readonly runs: { readonly using: string; readonly steps: readonly ActionStep[] };
}

interface ActionStep {
  readonly id?: string;
  readonly name?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly with?: Record<string, string>;
  readonly run?: string;
  readonly shell?: string;
  readonly env?: Record<string, string>;
  readonly "working-directory"?: string;
}

/** What a test does in place of a `uses:` step (another action the runner would download). */
export type UsesHandler = (inputs: Record<string, string>) => void | Promise<void>;

export interface RunCompositeActionOptions {
  /** Folder holding action.yml; becomes GITHUB_ACTION_PATH, as the runner's checkout of the action. */
  readonly actionDir: string;
  /** The `with:` of the workflow step. */
  readonly with: Record<string, string>;
  /** The job's environment (workflow/job `env:`, the runner's own variables such as PATH). */
  readonly env: Record<string, string>;
  /** RUNNER_TEMP; shared by runs that stand for steps of one job. */
  readonly runnerTemp: string;
  /** GITHUB_WORKSPACE, where `run:` steps start. */
  readonly workspace: string;
  /** One handler per `uses:` value the action has, e.g. `actions/setup-node@v4`. */
  readonly uses: Record<string, UsesHandler>;
  /** @default 180000 */
  readonly stepTimeoutMs?: number;
}

export interface StepRecord {
  readonly id: string;
  readonly name: string;
  readonly skipped: boolean;
  readonly exitCode: number | null;
  /** Stdout lines without workflow commands, then stderr: the step's log as a user sees it (unmasked, to search for leaks). */
  readonly log: string;
  readonly commands: readonly WorkflowCommand[];
  readonly outputs: Record<string, string>;
}

export interface CompositeActionRun {
  /** 0 when every step succeeded; otherwise the failing step's exit code. */
  readonly exitCode: number;
  /** The action's `outputs:`, evaluated after its steps as the runner does. */
  readonly outputs: Record<string, string>;
  readonly steps: readonly StepRecord[];
  /** The job summary (every step's GITHUB_STEP_SUMMARY). */
  readonly summary: string;
  /** Values registered with `::add-mask::`. */
  readonly masks: readonly string[];
  /** Variables the steps exported through GITHUB_ENV (visible to later steps of the job). */
  readonly exportedEnv: Record<string, string>;
  /** All logs of all steps, for assertion messages and leak searches. */
  readonly log: string;
}

/**
 * Runs a composite action's steps the way the GitHub runner does, on this machine:
 * - inputs: the `with:` values over the metadata's defaults; composite steps see them only through
 *   `${{ inputs.* }}` (the runner sets no `INPUT_*` variables for composite actions, actions/runner#665);
 * - each `run:` step with `shell: bash` is written to a file and run as
 *   `bash --noprofile --norc -eo pipefail <file>` (GitHub's bash template) in GITHUB_WORKSPACE, with
 *   the job's env, the runner's variables, the variables earlier steps put in GITHUB_ENV, then the
 *   step's own `env:`; every `${{ }}` in `run`, `env`, `with` and `if` is substituted first;
 * - a fresh GITHUB_OUTPUT / GITHUB_ENV / GITHUB_PATH / GITHUB_STEP_SUMMARY file per step, read back
 *   after it; `::add-mask::` and other workflow commands on stdout are consumed, not logged;
 * - after a failing step, later steps run only if their `if:` calls `always()` or `failure()`.
 * Simplified: `uses:` steps call the test's handler instead of downloading that action; only
 * `bash` steps; no masking is applied to the log (tests search it for leaks instead).
 */
export async function runCompositeAction(options: RunCompositeActionOptions): Promise<CompositeActionRun> {
  const metadataPath = ["action.yml", "action.yaml"].map((f) => path.join(options.actionDir, f)).find((f) => fs.existsSync(f));
  if (metadataPath === undefined) throw new Error(`Expected an action.yml in ${options.actionDir}`);
  const metadata = parseYaml(await fs.promises.readFile(metadataPath, "utf8")) as ActionMetadata;
  if (metadata.runs?.using !== "composite") throw new Error(`Expected a composite action, got runs.using ${String(metadata.runs?.using)}`);

  const declared = metadata.inputs ?? {};
  for (const name of Object.keys(options.with)) {
    // The runner only warns ("Unexpected input(s)"); a test should not pass an input that does nothing.
    if (!(name in declared)) throw new Error(`Unexpected input '${name}'; valid inputs are ${Object.keys(declared).join(", ")}`);
  }
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(declared)) {
    const value = options.with[name] ?? spec.default ?? "";
    if (spec.required === true && value === "") throw new Error(`Input required and not supplied: ${name}`);
    inputs[name] = value;
  }

  const commandDir = await fs.promises.mkdtemp(path.join(options.runnerTemp, "_runner_file_commands-"));
  const stepsContext: Record<string, { outputs: Record<string, string>; outcome: string }> = {};
  const exportedEnv: Record<string, string> = {};
  const pathAdds: string[] = [];
  const records: StepRecord[] = [];
  const masks: string[] = [];
  let summary = "";
  let failedCode = 0;

  const runnerEnv: Record<string, string> = {
    ...options.env,
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_ACTION_PATH: options.actionDir,
    GITHUB_WORKSPACE: options.workspace,
    RUNNER_TEMP: options.runnerTemp,
    RUNNER_OS: "Linux",
  };
  const context = (): ExpressionContext => ({
    contexts: {
      inputs,
      steps: stepsContext as unknown as ContextValue,
      github: { action_path: options.actionDir, workspace: options.workspace },
      runner: { temp: options.runnerTemp, os: "Linux" },
      env: { ...runnerEnv, ...exportedEnv },
    },
    failed: failedCode !== 0,
  });

  for (const [index, step] of metadata.runs.steps.entries()) {
    const id = step.id ?? `__step${index}`;
    const name = step.name ?? id;
    if (!evaluateCondition(step.if, context())) {
      records.push({ id, name, skipped: true, exitCode: null, log: "", commands: [], outputs: {} });
      stepsContext[id] = { outputs: {}, outcome: "skipped" };
      continue;
    }
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substituteExpressions(String(v), context())]));
    if (step.uses !== undefined) {
      const handler = options.uses[step.uses];
      if (handler === undefined) throw new Error(`No handler for \`uses: ${step.uses}\` (step ${name})`);
      const withValues = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, substituteExpressions(String(v), context())]));
      await handler(withValues);
      records.push({ id, name, skipped: false, exitCode: 0, log: "", commands: [], outputs: {} });
      stepsContext[id] = { outputs: {}, outcome: "success" };
      continue;
    }
    if (step.run === undefined) throw new Error(`Step ${name} has neither run nor uses`);
    if (step.shell !== "bash") throw new Error(`Step ${name}: only \`shell: bash\` is supported here, got ${String(step.shell)}`);

    const files = {
      GITHUB_OUTPUT: path.join(commandDir, `set_output_${index}`),
      GITHUB_ENV: path.join(commandDir, `set_env_${index}`),
      GITHUB_PATH: path.join(commandDir, `add_path_${index}`),
      GITHUB_STEP_SUMMARY: path.join(commandDir, `step_summary_${index}`),
    };
    for (const file of Object.values(files)) await fs.promises.writeFile(file, "");
    const script = path.join(commandDir, `step_${index}.sh`);
    await fs.promises.writeFile(script, substituteExpressions(step.run, context()));
    const basePath = runnerEnv["PATH"] ?? "";
    const env = {
      ...runnerEnv,
      ...exportedEnv,
      PATH: [...pathAdds, basePath].filter((p) => p !== "").join(path.delimiter),
      ...files,
      ...stepEnv,
    };
    const cwd = step["working-directory"] === undefined ? options.workspace : path.resolve(options.workspace, substituteExpressions(step["working-directory"], context()));
    const { code, stdout, stderr } = await runBash(script, cwd, env, options.stepTimeoutMs ?? 180_000);

    const { log, commands } = splitWorkflowCommands(stdout);
    for (const c of commands) if (c.command === "add-mask") masks.push(c.value);
    const outputs = parseKeyValueFile(await fs.promises.readFile(files.GITHUB_OUTPUT, "utf8"), "GITHUB_OUTPUT");
    Object.assign(exportedEnv, parseKeyValueFile(await fs.promises.readFile(files.GITHUB_ENV, "utf8"), "GITHUB_ENV"));
    pathAdds.unshift(...(await fs.promises.readFile(files.GITHUB_PATH, "utf8")).split("\n").filter((l) => l !== "").reverse());
    summary += await fs.promises.readFile(files.GITHUB_STEP_SUMMARY, "utf8");
    records.push({ id, name, skipped: false, exitCode: code, log: `${log.join("\n")}\n${stderr}`, commands, outputs });
    stepsContext[id] = { outputs, outcome: code === 0 ? "success" : "failure" };
    if (code !== 0 && failedCode === 0) failedCode = code ?? 1;
  }

  const outputs = Object.fromEntries(Object.entries(metadata.outputs ?? {}).map(([k, spec]) => [k, substituteExpressions(spec.value ?? "", context())]));
  await fs.promises.rm(commandDir, { recursive: true, force: true });
  return {
    exitCode: failedCode,
    outputs,
    steps: records,
    summary,
    masks,
    exportedEnv,
    log: records.map((r) => `── ${r.name}${r.skipped ? " (skipped)" : ` (exit ${r.exitCode})`}\n${r.log}`).join("\n"),
  };
}

function runBash(script: string, cwd: string, env: Record<string, string>, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // GitHub's template for `shell: bash`: bash --noprofile --norc -eo pipefail {0}
  return runBoundedBash(["--noprofile", "--norc", "-eo", "pipefail", script], cwd, env, timeoutMs, "compositeAction step");
}
