import * as path from "node:path";

/** Where one isolated Pulumi run keeps its state. */
export interface PulumiIsolation {
  /** Directory of the local ("DIY") backend; becomes `file://<backendDir>`. */
  backendDir: string;
  /** PULUMI_HOME: plugin cache, credentials and workspace settings, kept out of the user's ~/.pulumi. */
  pulumiHome: string;
  /** Passphrase of the stack's secrets provider. */
  passphrase: string;
}

/** Variables passed through from the test runner: tools on PATH and basic process settings. */
const INHERITED = ["PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "TZ", "SYSTEMROOT"] as const;

/**
 * An environment for the Pulumi CLI that never reaches Pulumi Cloud or the network: local backend,
 * no update check, no plugin downloads, no colour, and none of the caller's PULUMI_* or cloud
 * credentials (they would change what the CLI does, or leak into logs).
 *
 * TypeScript programs run with ts-node in transpile-only mode because `npm run lint` already
 * type-checks every program under tests/; pass `PULUMI_NODEJS_TRANSPILE_ONLY: "false"` in `extra` to
 * type-check again at run time.
 */
export function cleanPulumiEnv(
  isolation: PulumiIsolation,
  extra: Record<string, string> = {},
  from: Record<string, string | undefined> = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = from[name];
    if (value !== undefined) env[name] = value;
  }
  // The CLI finds its language host and dynamic-provider launcher next to itself or on PATH.
  const toolchainBin = from["PULUMI_TOOLCHAIN_BIN"];
  if (toolchainBin !== undefined && toolchainBin !== "") {
    env["PATH"] = [toolchainBin, env["PATH"]].filter((p) => p !== undefined && p !== "").join(path.delimiter);
  }
  return {
    ...env,
    PULUMI_HOME: isolation.pulumiHome,
    PULUMI_BACKEND_URL: `file://${isolation.backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: isolation.passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    NO_COLOR: "1",
    FORCE_COLOR: "0",
    ...extra,
  };
}
