import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { packageRoot, packageVersion } from "./main";
import { PACKAGE_NAME } from "./pluginConfig";


/** The name `pulumi plugin install resource dcs-migration <version> --file` expects a release asset to have. */
export function pluginTarballName(version: string): string {
  return `pulumi-resource-${PACKAGE_NAME}-v${version}-linux-amd64.tar.gz`;
}

/** The folder of an installed package, resolved the way `require` would from `fromDir`. */
function packageDir(name: string, fromDir: string): string {
  return path.dirname(require.resolve(`${name}/package.json`, { paths: [fromDir] }));
}

/**
 * The packages the plugin loads at run time, as folders under the checkout's node_modules: the
 * gRPC runtime and protobuf library of `@pulumi/pulumi` (whose generated protos are all the plugin
 * takes from it), this package's other runtime dependencies, and everything those depend on.
 */
export function runtimePackageDirs(repoRoot: string = packageRoot()): string[] {
  const pulumiDir = packageDir("@pulumi/pulumi", repoRoot);
  const own = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  const roots = [
    packageDir("@grpc/grpc-js", pulumiDir),
    packageDir("google-protobuf", pulumiDir),
    ...Object.keys(own.dependencies ?? {})
      .filter((name) => !name.startsWith("@pulumi/"))
      .map((name) => packageDir(name, repoRoot)),
  ];
  const seen = new Set<string>();
  const visit = (dir: string): void => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      try {
        visit(packageDir(dep, dir));
      } catch {
        // An optional dependency not installed on this platform.
      }
    }
  };
  roots.forEach(visit);
  return [...seen].sort();
}

/**
 * Builds the plugin tarball from the built `dist/` (run `npm run build` first): the launcher at
 * the root, the compiled plugin and provider core, `schema.json`, a `package.json` naming the
 * version, and a `node_modules` holding only what the plugin loads (laid out as in the checkout,
 * so `require` resolves the same). Needs only `node` ≥ 22 on PATH where it is installed.
 */
export function packPlugin(outDir: string, repoRoot: string = packageRoot()): string {
  const version = packageVersion(repoRoot);
  const dist = path.join(repoRoot, "dist");
  if (!fs.existsSync(path.join(dist, "plugin", "main.js"))) throw new Error(`${dist}/plugin/main.js is missing: run \`npm run build\` first.`);
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), "dcs-plugin-pack-"));
  try {
    const launcher = path.join(stage, `pulumi-resource-${PACKAGE_NAME}`);
    fs.copyFileSync(path.join(repoRoot, "plugin", `pulumi-resource-${PACKAGE_NAME}`), launcher);
    fs.chmodSync(launcher, 0o755);
    fs.copyFileSync(path.join(repoRoot, "plugin", "schema.json"), path.join(stage, "schema.json"));
    for (const part of ["plugin", "provider"]) {
      fs.cpSync(path.join(dist, part), path.join(stage, "dist", part), { recursive: true, filter: (f) => !f.endsWith(".d.ts") && !f.endsWith(".map") });
    }
    fs.writeFileSync(path.join(stage, "package.json"), `${JSON.stringify({ name: "pulumi-dcs-migration", version, private: true }, null, 2)}\n`);

    // Resolved package folders are real paths; node_modules may be a link (a build in a temp copy).
    const modules = fs.realpathSync(path.join(repoRoot, "node_modules"));
    const target = (dir: string): string => {
      if (!dir.startsWith(modules + path.sep)) throw new Error(`${dir} is outside ${modules}`);
      return path.join(stage, "node_modules", path.relative(modules, dir));
    };
    const pulumiDir = packageDir("@pulumi/pulumi", repoRoot);
    const pulumiTarget = target(pulumiDir);
    fs.mkdirSync(pulumiTarget, { recursive: true });
    fs.copyFileSync(path.join(pulumiDir, "package.json"), path.join(pulumiTarget, "package.json"));
    fs.cpSync(path.join(pulumiDir, "proto"), path.join(pulumiTarget, "proto"), { recursive: true, filter: (f) => !f.endsWith(".d.ts") });
    for (const dir of runtimePackageDirs(repoRoot)) {
      fs.cpSync(dir, target(dir), { recursive: true, filter: (f) => !f.endsWith(".d.ts") && !f.endsWith(".map") });
    }

    fs.mkdirSync(outDir, { recursive: true });
    const tarball = path.join(path.resolve(outDir), pluginTarballName(version));
    execFileSync("tar", ["-czf", tarball, "-C", stage, "--owner=0", "--group=0", "."], { stdio: "inherit" });
    return tarball;
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

/** `npm run plugin:pack [-- <out dir>]` (after `npm run build`): prints the tarball's path. */
if (require.main === module) {
  const tarball = packPlugin(process.argv[2] ?? path.join(packageRoot(), "dist"));
  process.stdout.write(`${tarball}\n`);
}
