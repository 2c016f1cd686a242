import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface BuiltPackage {
  /** The package folder (`package.json`, `dist/provider/`, and a link to the checkout's node_modules). */
  readonly dir: string;
  /** Removes it. */
  cleanup(): Promise<void>;
}

/**
 * The checkout's `provider/` transpiled to JavaScript (no type check, in this process, well under
 * a second) into a temp package folder laid out as the installed package: what the
 * `__provider` shim loads first (`pulumi-dcs-migration/dist/provider/dynamicProviders`). A
 * provider process then starts in a fraction of the time the TypeScript sources take through
 * ts-node — for tests that start many provider processes. `packPackage` is the release build.
 */
export async function buildPackage(): Promise<BuiltPackage> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "pulumi-dcs-built-"));
  const cleanup = (): Promise<void> => fs.promises.rm(dir, { recursive: true, force: true });
  try {
    const configPath = path.join(REPO_ROOT, "tsconfig.json");
    const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
    const { options } = ts.convertCompilerOptionsFromJson((config as { compilerOptions: unknown }).compilerOptions, REPO_ROOT, configPath);
    const compilerOptions: ts.CompilerOptions = { ...options, sourceMap: false, declaration: false, noEmit: false };
    const sources = await fs.promises.readdir(path.join(REPO_ROOT, "provider"), { recursive: true });
    for (const file of sources.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))) {
      const text = await fs.promises.readFile(path.join(REPO_ROOT, "provider", file), "utf8");
      const { outputText } = ts.transpileModule(text, { compilerOptions, fileName: file });
      const out = path.join(dir, "dist", "provider", file.replace(/\.ts$/, ".js"));
      await fs.promises.mkdir(path.dirname(out), { recursive: true });
      await fs.promises.writeFile(out, outputText);
    }
    await fs.promises.copyFile(path.join(REPO_ROOT, "package.json"), path.join(dir, "package.json"));
    await fs.promises.symlink(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    return { dir, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
