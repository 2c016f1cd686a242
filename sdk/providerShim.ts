import type * as pulumi from "@pulumi/pulumi";
import type { ProviderKind } from "../provider/pulumi";

export type { ProviderKind };

/**
 * The object Pulumi serializes into every resource's `__provider`.
 *
 * Pulumi serializes a dynamic provider as a closure and copies every local module it
 * touches by value (FACTS.md §4), so a provider that imported the client and the waiter
 * would put both, and anything they captured, into the state file. This shim
 * carries no code of ours except its own few methods: each call loads the real provider
 * from the installed package at run time ({@link loadProviderModule}) and delegates.
 * It captures nothing but `kind`, so no setting or secret of the program can end up in state.
 *
 * Methods must stay self-contained: they reference only `this`, `kind`, `require`, `process`
 * and the function declarations of this file; an `export const` or an import here would
 * drag a whole module into `__provider`.
 *
 * @internal
 */
export function createProviderShim(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
  // `impl` lives on the deserialized object: the host calls `configure` once per process
  // on that object, then every other method on the same object.
  interface Shim extends pulumi.dynamic.ResourceProvider {
    impl?: pulumi.dynamic.ResourceProvider;
  }
  const shim: Shim = {
    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
      this.impl = loadProviderModule().createDynamicProvider(kind, {
        config: (key: string) => {
          try {
            return req.config.get(key);
          } catch {
            // No Configure call reached the host (e.g. a bare host in a test).
            return undefined;
          }
        },
        env: process.env,
      });
    },
    async check(olds: unknown, news: unknown) {
      return current(this).check!(olds, news);
    },
    async diff(id: string, olds: unknown, news: unknown) {
      return current(this).diff!(id, olds, news);
    },
    async create(inputs: unknown) {
      return current(this).create(inputs);
    },
    async read(id: string, props: unknown) {
      return current(this).read!(id, props);
    },
    async update(id: string, olds: unknown, news: unknown) {
      return current(this).update!(id, olds, news);
    },
    async delete(id: string, props: unknown) {
      return current(this).delete!(id, props);
    },
  };
  function current(self: Shim): pulumi.dynamic.ResourceProvider {
    if (self.impl === undefined) {
      self.impl = loadProviderModule().createDynamicProvider(kind, { config: () => undefined, env: process.env });
    }
    return self.impl;
  }
  return shim;
}

/** What the provider module exports to the shim (see provider/dynamicProviders.ts). */
interface ProviderModule {
  createDynamicProvider(
    kind: ProviderKind,
    sources: { config: (key: string) => string | undefined; env: Record<string, string | undefined> },
  ): pulumi.dynamic.ResourceProvider;
}

/**
 * Finds the provider code from inside the dynamic-provider host, which evaluates
 * `__provider` with a `require` rooted at its working directory, the program's folder.
 *
 * 1. The installed package (`npm install pulumi-dcs-migration`): resolved by name through
 *    the program's node_modules, wherever it is hoisted to.
 * 2. A checkout of this package (its own demo program and examples/, which import the sources
 *    by relative path, and test programs whose node_modules links to the checkout's): the
 *    nearest package.json named `pulumi-dcs-migration` above the working directory or above
 *    the real location of the `@pulumi/pulumi` the program runs on. Its TypeScript sources are
 *    loaded with ts-node (what the program itself runs on), else its build.
 *
 * No path of the machine that ran `pulumi up` is stored, so state moves between machines.
 */
function loadProviderModule(): ProviderModule {
  const packageName = "pulumi-dcs-migration";
  const entry = "provider/dynamicProviders";
  try {
    return require(`${packageName}/dist/${entry}`);
  } catch (e) {
    const notFound =
      (e as { code?: string }).code === "MODULE_NOT_FOUND" &&
      String((e as Error).message).includes(`${packageName}/dist/${entry}`);
    if (!notFound) throw e;
  }
  const path = require("path") as typeof import("path");
  const fs = require("fs") as typeof import("fs");
  const starts = [process.cwd()];
  try {
    starts.push(fs.realpathSync(path.dirname(require.resolve("@pulumi/pulumi/package.json"))));
  } catch {
    // No @pulumi/pulumi resolvable from here: only the working directory is searched.
  }
  for (const start of starts) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      let name: unknown;
      try {
        name = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).name;
      } catch {
        name = undefined;
      }
      if (name === packageName) {
        const source = path.join(dir, `${entry}.ts`);
        const built = path.join(dir, "dist", `${entry}.js`);
        if (fs.existsSync(source)) {
          let tsNode: { register(opts: object): unknown } | undefined;
          try {
            tsNode = require(require.resolve("ts-node", { paths: [dir] }));
          } catch {
            tsNode = undefined;
          }
          if (tsNode !== undefined) {
            if (!(process as unknown as Record<symbol, unknown>)[Symbol.for("ts-node.register.instance")]) {
              tsNode.register({ transpileOnly: true, project: path.join(dir, "tsconfig.json") });
            }
            return require(source);
          }
        }
        if (fs.existsSync(built)) return require(built);
        throw new Error(
          `Found the ${packageName} sources in ${dir} but neither ts-node nor a build (dist/) to load ` +
            `${entry} with; run \`npm install\` or \`npm run build\` there.`,
        );
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(
    `Cannot load the ${packageName} provider: \`require("${packageName}")\` fails from ${process.cwd()}. ` +
      `Install the package in the Pulumi program's folder (\`npm install ${packageName}\`).`,
  );
}
