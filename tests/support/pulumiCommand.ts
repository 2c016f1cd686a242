import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The Pulumi CLI the end-to-end tests drive: `$PULUMI_TOOLCHAIN_BIN/pulumi` when the test runner
 * (scripts/test, via scripts/ensure-pulumi) set it, else `pulumi` from PATH.
 */
export function pulumiCommand(env: Record<string, string | undefined> = process.env): string {
  const binDir = env["PULUMI_TOOLCHAIN_BIN"];
  if (binDir === undefined || binDir === "") return "pulumi";
  const cli = path.join(binDir, "pulumi");
  if (!fs.existsSync(cli)) {
    throw new Error(
      `PULUMI_TOOLCHAIN_BIN is ${binDir} but it holds no \`pulumi\`; run scripts/ensure-pulumi and use the directory it prints.`,
    );
  }
  return cli;
}
