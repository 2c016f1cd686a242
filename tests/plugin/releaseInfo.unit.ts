import assert from "node:assert/strict";
import { DOWNLOAD_URL_ENV, releaseInfoFrom } from "../../plugin/releaseInfo";

const MANIFEST = {
  version: "1.2.3",
  repository: { type: "git", url: "git+https://github.com/example-org/pulumi-dcs-migration.git" },
  pulumiPlugin: { pluginDownloadURL: "github://api.github.com/example-org/pulumi-dcs-migration" },
};

describe("a release's version, repository and plugin server (package.json, DCS_MIGRATION_PLUGIN_DOWNLOAD_URL)", () => {
  it("takes all three from package.json, the repository as the plain https URL", () => {
    assert.deepEqual(releaseInfoFrom(MANIFEST, {}), {
      version: "1.2.3",
      repository: "https://github.com/example-org/pulumi-dcs-migration",
      pluginDownloadURL: "github://api.github.com/example-org/pulumi-dcs-migration",
    });
  });

  it("lets the variable point the release at a mirror, keeping ${VERSION} etc. for the Pulumi CLI to replace", () => {
    const url = "http://127.0.0.1:8080/dcs/v${VERSION}/${OS}-${ARCH}";
    assert.equal(releaseInfoFrom(MANIFEST, { [DOWNLOAD_URL_ENV]: url }).pluginDownloadURL, url);
    // Set but empty means not set (a CI variable left blank).
    assert.equal(releaseInfoFrom(MANIFEST, { [DOWNLOAD_URL_ENV]: "" }).pluginDownloadURL, MANIFEST.pulumiPlugin.pluginDownloadURL);
  });

  const refused: Array<[string, RegExp]> = [
    ["not a url", /DCS_MIGRATION_PLUGIN_DOWNLOAD_URL is "not a url": not a URL/],
    ["ftp://mirror.example/x", /only from http, https, github:\/\/ and gitlab:\/\/ URLs, not ftp:\/\//],
    ["https://user:pw@mirror.example/x", /carries credentials/],
    ["https://mirror.example/v${version}", /\$\{version\} is not one the Pulumi CLI replaces \(\$\{NAME\}, \$\{VERSION\}, \$\{OS\}, \$\{ARCH\}\)/],
    ["github://api.github.com/org/repo/${VERSION}", /replaces \$\{VERSION\} only in http\(s\) URLs/],
    ["github://api.github.com", /needs <host>\/<organization>\[\/<repository>\]/],
    [" https://mirror.example/x", /no surrounding spaces/],
  ];
  for (const [url, message] of refused) {
    it(`refuses ${JSON.stringify(url)} before any SDK carries it`, () => {
      assert.throws(() => releaseInfoFrom(MANIFEST, { [DOWNLOAD_URL_ENV]: url }), message);
    });
  }

  it("names the package.json field when its own URL is wrong, and says what is missing", () => {
    assert.throws(
      () => releaseInfoFrom({ ...MANIFEST, pulumiPlugin: { pluginDownloadURL: "s3://bucket" } }, {}),
      /package.json's pulumiPlugin.pluginDownloadURL is "s3:\/\/bucket"/,
    );
    assert.throws(() => releaseInfoFrom({ ...MANIFEST, version: undefined }, {}), /package.json has no version/);
    assert.throws(() => releaseInfoFrom({ ...MANIFEST, repository: undefined }, {}), /no repository URL/);
    assert.throws(() => releaseInfoFrom({ ...MANIFEST, pulumiPlugin: undefined }, {}), /no pulumiPlugin.pluginDownloadURL/);
  });
});
