import * as fs from "node:fs";
import { parse as parseYaml } from "yaml";
import { runBoundedBash } from "./runBoundedBash";

/** The parts of a `.gitlab-ci.yml` job a runner executes. */
export interface GitlabJob {
  readonly stage?: string;
  readonly needs?: ReadonlyArray<string | { readonly job: string; readonly artifacts?: boolean }>;
  readonly variables?: Record<string, string>;
  readonly id_tokens?: Record<string, { readonly aud: string | readonly string[] }>;
  readonly before_script?: readonly string[];
  readonly script: readonly string[];
  readonly after_script?: readonly string[];
  readonly artifacts?: { readonly when?: string; readonly reports?: { readonly dotenv?: string } };
}

export interface GitlabPipeline {
  readonly variables: Record<string, string>;
  readonly jobs: Record<string, GitlabJob>;
}

const KEYWORDS = new Set(["stages", "variables", "default", "include", "workflow", "image", "services", "cache", "before_script", "after_script"]);

export async function readGitlabPipeline(file: string): Promise<GitlabPipeline> {
  const doc = parseYaml(await fs.promises.readFile(file, "utf8")) as Record<string, unknown>;
  const jobs: Record<string, GitlabJob> = {};
  for (const [name, value] of Object.entries(doc)) if (!KEYWORDS.has(name) && !name.startsWith(".")) jobs[name] = value as GitlabJob;
  return { variables: (doc["variables"] ?? {}) as Record<string, string>, jobs };
}

/** `$VAR` and `${VAR}` expanded from `vars`, as GitLab expands variables in `variables:` values and `aud:`. */
export function expandVariables(text: string, vars: Record<string, string>): string {
  return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_, a: string | undefined, b: string | undefined) => vars[a ?? b ?? ""] ?? "");
}

export interface GitlabJobRun {
  readonly exitCode: number | null;
  /** The job log: script and after_script output. */
  readonly log: string;
  /** The audiences the job's ID tokens were requested for. */
  readonly audiences: Record<string, string>;
}

export interface RunGitlabJobOptions {
  /** The runner's environment (PATH, HOME, CA bundles…). */
  readonly runnerEnv: Record<string, string>;
  /** Predefined and project CI/CD variables (CI_PROJECT_DIR, CI_JOB_ID, DCS_TASK_ID…); they override the file's `variables:`. */
  readonly ciVariables: Record<string, string>;
  /** The value GitLab would issue for each `id_tokens:` entry (a JWT). */
  readonly idTokens: Record<string, string>;
  /** @default 180000 */
  readonly timeoutMs?: number;
}

/**
 * Runs one job's `before_script` + `script`, then `after_script`, the way GitLab Runner's shell
 * executor does with bash: one script per section, `set -eo pipefail`, every command in order in
 * one shell (so `export` carries over within a section, not into `after_script`); variables from
 * the file's global and job `variables:` (expanded), overridden by CI/CD variables; each
 * `id_tokens:` entry as a variable holding the token. Simplified: no image (the commands run on
 * this machine, whose node is the image's node:22 stand-in), no artifacts upload.
 */
export async function runGitlabJob(pipeline: GitlabPipeline, jobName: string, options: RunGitlabJobOptions): Promise<GitlabJobRun> {
  const job = pipeline.jobs[jobName];
  if (job === undefined) throw new Error(`No job ${jobName} in the pipeline; jobs: ${Object.keys(pipeline.jobs).join(", ")}`);
  const vars: Record<string, string> = { ...options.ciVariables };
  for (const [k, v] of Object.entries({ ...pipeline.variables, ...(job.variables ?? {}) })) {
    if (!(k in options.ciVariables)) vars[k] = expandVariables(String(v), vars);
  }
  const audiences: Record<string, string> = {};
  for (const [name, spec] of Object.entries(job.id_tokens ?? {})) {
    const token = options.idTokens[name];
    if (token === undefined) throw new Error(`The job asks for ID token ${name}; pass its value in idTokens`);
    audiences[name] = [spec.aud].flat().map((a) => expandVariables(a, vars)).join(",");
    vars[name] = token;
  }
  const env = { ...options.runnerEnv, CI: "true", GITLAB_CI: "true", ...vars };
  const cwd = vars["CI_PROJECT_DIR"];
  if (cwd === undefined) throw new Error("Expected CI_PROJECT_DIR among ciVariables");
  const main = await runSection([...(job.before_script ?? []), ...job.script], cwd, env, options.timeoutMs ?? 180_000);
  const after = job.after_script === undefined ? { code: 0, output: "" } : await runSection(job.after_script, cwd, env, options.timeoutMs ?? 180_000);
  return { exitCode: main.code, log: `${main.output}${after.output}`, audiences };
}

function runSection(commands: readonly string[], cwd: string, env: Record<string, string>, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  const script = ["set -eo pipefail", "set +o noclobber", ...commands.flatMap((c) => [`echo ${shellQuote(`$ ${c.split("\n")[0] ?? ""}`)}`, c])].join("\n");
  return runBoundedBash(["--noprofile", "--norc", "-c", script], cwd, env, timeoutMs, "gitlabJob");
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
