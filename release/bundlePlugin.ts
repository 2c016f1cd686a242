import * as path from "node:path";
import { builtinModules } from "node:module";
import * as esbuild from "esbuild";
import type { ReleaseInfo } from "../plugin/releaseInfo";

/**
 * Packages `@pulumi/pulumi`'s generated protos load: bundled from `@pulumi/pulumi`'s own folder,
 * as `provider/pulumi/pulumiRpcRuntime.ts` resolves them when installed, so the stubs, the server
 * and the messages share one grpc-js and one google-protobuf whatever npm hoisted.
 */
const FROM_PULUMI = /^(@grpc\/grpc-js|google-protobuf)(\/.*)?$/;

function fromPulumiFolder(repoRoot: string): esbuild.Plugin {
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [repoRoot] }));
  return {
    name: "from-pulumi-folder",
    setup(build) {
      build.onResolve({ filter: FROM_PULUMI }, async (args) => {
        if (args.pluginData === "from-pulumi-folder") return undefined;
        const result = await build.resolve(args.path, { kind: args.kind, resolveDir: pulumiDir, pluginData: "from-pulumi-folder" });
        return result.errors.length > 0 ? { errors: result.errors } : { path: result.path };
      });
    },
  };
}

export interface BundleResult {
  /** The one CommonJS file. */
  readonly file: string;
  readonly bytes: number;
}

/**
 * Bundles the plugin (`plugin/main.ts` and everything it loads, from the sources) into one
 * CommonJS file for a Node single-executable application, whose `require` loads Node's builtins
 * only: esbuild follows every static `require`/`import`, and the build fails if anything else
 * would be left to load at run time. The release (version, server) is fixed into the code, since
 * no package.json lies beside the binary.
 */
export async function bundlePlugin(repoRoot: string, release: ReleaseInfo, outFile: string): Promise<BundleResult> {
  const result = await esbuild.build({
    entryPoints: [path.join(repoRoot, "plugin", "main.ts")],
    outfile: outFile,
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    // Syntax-only minification drops the installed-package branches the defines make dead
    // (their `require.resolve` calls); names and lines stay readable in a stack trace.
    minifySyntax: true,
    legalComments: "eof",
    define: {
      DCS_MIGRATION_BUNDLED: "true",
      DCS_MIGRATION_BUILT_RELEASE: JSON.stringify(release),
    },
    tsconfig: path.join(repoRoot, "tsconfig.json"),
    plugins: [fromPulumiFolder(repoRoot)],
    metafile: true,
    logLevel: "silent",
  });
  if (result.errors.length > 0) throw new Error(`Bundling the plugin failed:\n${(await esbuild.formatMessages(result.errors, { kind: "error" })).join("\n")}`);
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  const left = Object.values(result.metafile.outputs)
    .flatMap((o) => o.imports)
    .filter((i) => i.external && !builtins.has(i.path))
    .map((i) => i.path);
  if (left.length > 0) throw new Error(`The plugin bundle would load ${left.join(", ")} at run time; a single executable can load only Node's builtins.`);
  const output = result.metafile.outputs[path.relative(process.cwd(), outFile)] ?? Object.values(result.metafile.outputs)[0];
  return { file: outFile, bytes: output?.bytes ?? 0 };
}
