import * as fs from "node:fs";
import * as path from "node:path";

/** The environment variable that points a release build at another server (a mirror, a test's 127.0.0.1). */
export const DOWNLOAD_URL_ENV = "DCS_MIGRATION_PLUGIN_DOWNLOAD_URL";

/** What a release names besides the code: the one place is package.json (`version`, `repository`, `pulumiPlugin`). */
export interface ReleaseInfo {
  /** The package's version: the plugin's, every SDK's, every asset's. */
  readonly version: string;
  /** The source repository (`https://github.com/<org>/<repo>`): the schema's `repository`, the Go module's root. */
  readonly repository: string;
  /**
   * Where the engine downloads `pulumi-resource-dcs-migration-v<version>-<os>-<arch>.tar.gz`. Kept as
   * written: the Pulumi CLI itself replaces `${NAME}`, `${VERSION}`, `${OS}` and `${ARCH}` in an
   * http(s) URL when it downloads (FACTS.md §9), so one URL serves every version and platform.
   */
  readonly pluginDownloadURL: string;
}

/** The placeholders the Pulumi CLI interpolates in an http(s) `pluginDownloadURL`. */
const PLACEHOLDERS = ["NAME", "VERSION", "OS", "ARCH"];

/**
 * Checks a `pluginDownloadURL` the way the CLI will read it, so a typo fails the build, not every
 * user's first `pulumi up`. `from` says where the value came from, for the message.
 */
export function checkPluginDownloadUrl(value: string, from: string): string {
  const fail = (why: string): never => {
    throw new Error(`${from} is ${JSON.stringify(value)}: ${why}`);
  };
  if (value.trim() !== value || value === "") fail("expected a URL with no surrounding spaces.");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail("not a URL. Expected http(s)://host/path (with ${VERSION} etc. if the path names the version) or github://api.github.com/<org>/<repo>.");
  }
  const scheme = url.protocol.replace(/:$/, "");
  if (!["http", "https", "github", "gitlab"].includes(scheme)) {
    fail(`the Pulumi CLI downloads plugins only from http, https, github:// and gitlab:// URLs, not ${scheme}://.`);
  }
  // Every generated SDK carries this URL, and pulumi logs it: never a password in it.
  if (url.username !== "" || url.password !== "") fail("it carries credentials; every SDK and log would show them. Serve the mirror without them, or use PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES on the machines that need them.");
  for (const [, name] of value.matchAll(/\$\{([^}]*)\}/g)) {
    if (!PLACEHOLDERS.includes(name ?? "")) fail(`\${${name}} is not one the Pulumi CLI replaces (${PLACEHOLDERS.map((p) => `\${${p}}`).join(", ")}).`);
    if (scheme !== "http" && scheme !== "https") fail(`the Pulumi CLI replaces \${${name}} only in http(s) URLs; a ${scheme}:// URL names a repository, whose release tagged v<version> holds the assets.`);
  }
  if ((scheme === "github" || scheme === "gitlab") && url.pathname.split("/").filter((s) => s !== "").length === 0) {
    fail(`a ${scheme}:// URL needs <host>/<organization>[/<repository>].`);
  }
  return value;
}

/**
 * The release info from package.json's fields, the download URL replaced by `env[DOWNLOAD_URL_ENV]`
 * when set (a release for a mirror). Pure: the manifest is the parsed package.json.
 */
export function releaseInfoFrom(manifest: unknown, env: Readonly<Record<string, string | undefined>>): ReleaseInfo {
  const pkg = (manifest ?? {}) as { version?: unknown; repository?: unknown; pulumiPlugin?: { pluginDownloadURL?: unknown } };
  if (typeof pkg.version !== "string" || pkg.version === "") throw new Error("package.json has no version.");
  const repoField = typeof pkg.repository === "object" && pkg.repository !== null ? (pkg.repository as { url?: unknown }).url : pkg.repository;
  if (typeof repoField !== "string") throw new Error("package.json has no repository URL (repository.url).");
  // npm writes `git+https://….git`; Pulumi's schema (and the Go module path derived from it) wants the plain https URL.
  const repository = repoField.replace(/^git\+/, "").replace(/\.git$/, "");
  const fromManifest = pkg.pulumiPlugin?.pluginDownloadURL;
  if (typeof fromManifest !== "string") throw new Error("package.json has no pulumiPlugin.pluginDownloadURL.");
  const override = env[DOWNLOAD_URL_ENV];
  const pluginDownloadURL =
    override === undefined || override === ""
      ? checkPluginDownloadUrl(fromManifest, "package.json's pulumiPlugin.pluginDownloadURL")
      : checkPluginDownloadUrl(override, DOWNLOAD_URL_ENV);
  return { version: pkg.version, repository, pluginDownloadURL };
}

/** The release info of the package whose package.json is in `root`. */
export function readReleaseInfo(root: string, env: Readonly<Record<string, string | undefined>> = process.env): ReleaseInfo {
  return releaseInfoFrom(JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")), env);
}
