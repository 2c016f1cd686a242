import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, "..", "..");
const EXAMPLE = path.join(REPO_ROOT, "examples", "github-actions", "workflow.yml");
const PUBLISHED_USES = "uses: example-org/pulumi-dcs-migration@v0.1.0";
const CI = process.env["CI"] === "true" || process.env["CI"] === "1";

interface LintError {
  readonly message: string;
  readonly line: number;
  readonly kind: string;
}

/** The path of actionlint from scripts/ensure-actionlint, or undefined (with the reason) when it cannot be had here. */
async function ensureActionlint(): Promise<string | { missing: string }> {
  try {
    const { stdout } = await run(path.join(REPO_ROOT, "scripts", "ensure-actionlint"), [], { timeout: 600_000 });
    return stdout.trim();
  } catch (e) {
    return { missing: String((e as { stderr?: string }).stderr ?? e).trim() };
  }
}

/** The folder holding shellcheck (scripts/ensure-shellcheck, which installs it as root with apt), or undefined. */
async function ensureShellcheck(): Promise<string | undefined> {
  try {
    return (await run(path.join(REPO_ROOT, "scripts", "ensure-shellcheck"), [], { timeout: 600_000 })).stdout.trim();
  } catch {
    return undefined;
  }
}

/**
 * actionlint lints workflows, and checks a step's `with:` and `steps.<id>.outputs.*` against the
 * metadata of a *local* action (`uses: ./…`); a published `owner/repo@ref` it cannot read. So the
 * example workflow is linted inside a throwaway repository that holds this action at its root,
 * with the example's `uses:` pointed at it (`uses: ./`) — what a repository using the action
 * from a checkout would have. actionlint then checks: YAML and workflow syntax, expressions and
 * their types (contexts, `needs` and step outputs, against action.yml's outputs), the action's
 * required and known inputs, `permissions`, runner labels, and every `run:` script with
 * shellcheck when shellcheck is on PATH.
 */
async function lintExample(actionlint: string, shellcheckDir: string | undefined, edit: (workflow: string) => string = (w) => w): Promise<LintError[]> {
  const repo = await fs.promises.mkdtemp(path.join(os.tmpdir(), "pulumi-dcs-actionlint-"));
  try {
    await fs.promises.mkdir(path.join(repo, ".github", "workflows"), { recursive: true });
    await fs.promises.copyFile(path.join(REPO_ROOT, "action.yml"), path.join(repo, "action.yml"));
    await fs.promises.cp(path.join(REPO_ROOT, "action"), path.join(repo, "action"), { recursive: true });
    const workflow = await fs.promises.readFile(EXAMPLE, "utf8");
    assert.ok(workflow.includes(PUBLISHED_USES), `the example no longer says \`${PUBLISHED_USES}\``);
    await fs.promises.writeFile(path.join(repo, ".github", "workflows", "redis-cutover.yml"), edit(workflow.replace(PUBLISHED_USES, "uses: ./")));
    await run("git", ["init", "-q"], { cwd: repo }); // actionlint finds the project by its repository
    try {
      // actionlint runs shellcheck on the workflow's `run:` scripts when it finds it on PATH.
      const env = { ...process.env, PATH: [shellcheckDir, process.env["PATH"]].filter((p) => p !== undefined).join(path.delimiter) };
      await run(actionlint, ["-no-color", "-format", "{{json .}}"], { cwd: repo, env });
      return [];
    } catch (e) {
      const err = e as { code?: number; stdout?: string; stderr?: string };
      if (err.code !== 1) throw new Error(`actionlint failed (exit ${String(err.code)}): ${err.stderr ?? ""}${err.stdout ?? ""}`);
      return JSON.parse(err.stdout ?? "[]") as LintError[];
    }
  } finally {
    await fs.promises.rm(repo, { recursive: true, force: true });
  }
}

describe("action.yml and the example workflow, linted (actionlint, shellcheck)", function () {
  this.timeout(900_000);
  let actionlint: string | undefined;
  let shellcheckDir: string | undefined;

  before(async function () {
    shellcheckDir = await ensureShellcheck();
    const found = await ensureActionlint();
    if (typeof found === "string") {
      actionlint = found;
      return;
    }
    if (CI) throw new Error(`actionlint is not available (CI=true: a missing tool fails the run): ${found.missing}`);
    console.log(`      SKIPPED: actionlint is not available here: ${found.missing}`);
    this.skip();
  });

  it("the example workflow that uses the action has no actionlint error", async () => {
    if (shellcheckDir === undefined) console.log("      note: shellcheck is not on PATH, so actionlint does not check the `run:` scripts");
    const errors = await lintExample(actionlint ?? "", shellcheckDir);
    assert.deepEqual(errors, [], JSON.stringify(errors, null, 2));
  });

  it("actionlint holds the workflow to the action's inputs and outputs and shellchecks its scripts: a misspelt input, a missing required one, an unknown output and a broken `run:` line are reported", async () => {
    const errors = await lintExample(actionlint ?? "", shellcheckDir, (w) =>
      w
        .replace("stall-timeout: 15m", "stall_timeout: 15m")
        .replace("task-id: ${{ inputs.task-id }}", "# task-id left out")
        .replace("steps.migration.outputs.outcome }}", "steps.migration.outputs.result }}")
        .replace('echo "gate: $OUTCOME (exit', "echo gate: $OUTCOME (exit"),
    );
    const messages = errors.map((e) => e.message).join("\n");
    assert.match(messages, /input "stall_timeout" is not defined in action "Wait for a DCS migration"/);
    assert.match(messages, /missing input "task-id" which is required/);
    assert.match(messages, /property "result" is not defined in object type \{completed: string; exit-code: string;/);
    if (shellcheckDir !== undefined) assert.match(messages, /shellcheck reported issue in this script: SC1036/, "actionlint did not run shellcheck on the `run:` script");
  });

  it("the action's own scripts pass shellcheck", async function () {
    if (shellcheckDir === undefined) {
      if (CI) throw new Error("shellcheck is not available (CI=true: a missing tool fails the run); see scripts/ensure-shellcheck");
      console.log("      SKIPPED: shellcheck is not available (see scripts/ensure-shellcheck)");
      this.skip();
    }
    const scripts = (await fs.promises.readdir(path.join(REPO_ROOT, "action"))).filter((f) => f.endsWith(".sh")).map((f) => path.join(REPO_ROOT, "action", f));
    assert.ok(scripts.length >= 3, `expected the action's scripts, found ${scripts.join(", ")}`);
    try {
      await run(path.join(shellcheckDir, "shellcheck"), ["--format=gcc", ...scripts]);
    } catch (e) {
      assert.fail(`shellcheck: ${(e as { stdout?: string }).stdout ?? String(e)}`);
    }
  });
});
