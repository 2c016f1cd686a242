import { execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { ServedRelease } from "./servedRelease";

const run = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, "..", "..");
const FIXTURES = path.join(REPO_ROOT, "tests", "e2e", "fixtures");
const TOOLCHAIN = path.join(REPO_ROOT, "scripts", "pulumi-toolchain");
/** The official Python SDK at the CLI's version (its Automation API drives that CLI). */
export const PYTHON_PULUMI_VERSION = "3.260.0";

/** An Automation API program of the gate (tests/e2e/fixtures/{python,go}-automation), ready to run. */
export interface GateProgram {
  readonly language: "python" | "go" | "nodejs";
  /** The command line before `<settings.json> up|destroy`. */
  readonly argv: readonly string[];
  /** The compiled Node.js SDK the nodejs program `require`s (its settings' `sdkDir`). */
  readonly sdkDir?: string;
  /** Seconds it took to install (venv + pip) or build (go build). */
  readonly setupSeconds: number;
}

async function exec(file: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  try {
    const { stdout } = await run(file, [...args], { ...options, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    throw new Error(`\`${file} ${args.join(" ")}\` failed:\n${err.stdout ?? ""}\n${err.stderr ?? ""}`, { cause: e });
  }
}

let root: string | undefined;
function tempRoot(): string {
  if (root === undefined) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-dcs-sdk-programs-"));
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    root = dir;
  }
  return root;
}

/**
 * The Python program in a venv of its own, as a user installs it: `pip install` of the release's
 * wheel and of `pulumi` at the CLI's version (PyPI, through pip's cache). Once per test process.
 */
export async function installPythonGate(release: ServedRelease): Promise<GateProgram> {
  const started = Date.now();
  const wheels = (await fs.promises.readdir(path.join(release.dir, "python"))).filter((f) => f.endsWith(".whl"));
  if (wheels.length !== 1) throw new Error(`Expected one wheel in ${release.dir}/python, found ${wheels.join(", ") || "none"}`);
  const venv = path.join(tempRoot(), "venv");
  await exec("python3", ["-m", "venv", venv]);
  const python = path.join(venv, "bin", "python");
  await exec(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", path.join(release.dir, "python", wheels[0] ?? ""), `pulumi==${PYTHON_PULUMI_VERSION}`]);
  return { language: "python", argv: [python, path.join(FIXTURES, "python-automation", "gate.py")], setupSeconds: (Date.now() - started) / 1000 };
}

/**
 * The Go program built against the release's Go module through a `replace` to that folder (what
 * `go get` of the published module gives). Its go.mod starts from scripts/pulumi-toolchain's, so
 * `github.com/pulumi/pulumi/sdk/v3` and its dependencies are at the versions the CLI was built with
 * and come from the Go build cache. Once per test process.
 */
export async function buildGoGate(release: ServedRelease): Promise<GateProgram> {
  const started = Date.now();
  const goMod = await fs.promises.readFile(path.join(release.dir, "go", "go.mod"), "utf8");
  const modulePath = /^module\s+(\S+)/m.exec(goMod)?.[1];
  if (modulePath === undefined) throw new Error(`${release.dir}/go/go.mod names no module`);
  const dir = path.join(tempRoot(), "go-gate");
  await fs.promises.mkdir(dir);
  const toolchainMod = await fs.promises.readFile(path.join(TOOLCHAIN, "go.mod"), "utf8");
  await fs.promises.writeFile(path.join(dir, "go.mod"), toolchainMod.replace(/^module .*$/m, "module dcs-migration-gate"));
  await fs.promises.copyFile(path.join(TOOLCHAIN, "go.sum"), path.join(dir, "go.sum"));
  await fs.promises.copyFile(path.join(FIXTURES, "go-automation", "main.go"), path.join(dir, "main.go"));
  const env = { ...process.env, GOFLAGS: "-mod=mod -buildvcs=false" };
  await exec("go", ["mod", "edit", `-require=${modulePath}@v${release.version}`, `-replace=${modulePath}=${path.join(release.dir, "go")}`], { cwd: dir, env });
  await exec("go", ["build", "-o", "gate", "."], { cwd: dir, env });
  return { language: "go", argv: [path.join(dir, "gate")], setupSeconds: (Date.now() - started) / 1000 };
}

/**
 * The Node.js program on the release's Node.js SDK: its sources compiled with the repo's TypeScript
 * against the repo's `@pulumi/pulumi` (linked, so the program and the SDK share one instance), and
 * package.json copied beside the output (the SDK reads its version there), as `npm run build` of
 * the published package does. Once per test process.
 */
export async function buildNodeGate(release: ServedRelease): Promise<GateProgram> {
  const started = Date.now();
  const dir = path.join(tempRoot(), "nodejs-sdk");
  await fs.promises.cp(path.join(release.dir, "nodejs"), dir, { recursive: true });
  await fs.promises.symlink(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  await exec(process.execPath, [path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", dir]);
  await fs.promises.copyFile(path.join(dir, "package.json"), path.join(dir, "bin", "package.json"));
  const tsNode = path.join(REPO_ROOT, "node_modules", "ts-node", "register", "transpile-only");
  return {
    language: "nodejs",
    argv: [process.execPath, "-r", tsNode, path.join(FIXTURES, "nodejs-automation", "gate.ts")],
    sdkDir: path.join(dir, "bin"),
    setupSeconds: (Date.now() - started) / 1000,
  };
}

/** What one run of a gate program did. */
export interface GateProgramRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Everything it printed (the CLI's output as it came, then `RESULT …`). */
  readonly output: string;
  /** The `RESULT` line: whether the command succeeded, the stack outputs, the error. */
  readonly result: { ok: boolean; outputs: Record<string, unknown>; error: string | null } | undefined;
}

/**
 * Runs `<program> <settings.json> <command>` in a process group of its own (so a test can send the
 * group a terminal's Ctrl-C), with exactly `env`; kills the group after `timeoutMs`.
 */
export function runGateProgram(
  program: GateProgram,
  settingsFile: string,
  command: "up" | "destroy",
  options: { env: Record<string, string>; timeoutMs?: number; onSpawn?: (pid: number) => void },
): Promise<GateProgramRun> {
  const [file, ...args] = program.argv;
  if (file === undefined) throw new Error("the program has no command line");
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args, settingsFile, command], { env: options.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    };
    process.once("exit", killGroup);
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    const timer = setTimeout(() => {
      output += `\n[runGateProgram] killed after ${options.timeoutMs ?? 300_000} ms\n`;
      killGroup();
    }, options.timeoutMs ?? 300_000);
    child.on("error", (err) => {
      clearTimeout(timer);
      process.removeListener("exit", killGroup);
      reject(err);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      process.removeListener("exit", killGroup);
      const line = output.split("\n").find((l) => l.startsWith("RESULT "));
      const result = line === undefined ? undefined : (JSON.parse(line.slice("RESULT ".length)) as GateProgramRun["result"]);
      resolve({ code, signal, output, result });
    });
  });
}

/** A run's summary for assertion messages: program, exit, the output's tail. */
export function describeGateRun(program: GateProgram, run: GateProgramRun, tailChars = 4000): string {
  return `the ${program.language} program exited ${run.code ?? run.signal}; output ends with:\n${run.output.trim().slice(-tailChars)}`;
}
