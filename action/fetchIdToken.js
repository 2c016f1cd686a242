// @ts-check
"use strict";
/**
 * action.yml's GitHub ID token: `node fetchIdToken.js <file>` requests one token and writes it to
 * <file> (mode 600); `node fetchIdToken.js <file> --every <seconds>` keeps doing so until its parent
 * (the wait step) ends. GitHub's ID tokens expire 5 minutes after they are issued
 * (actions/toolkit#2048), while the keys federated from one last hours and are renewed from the
 * file when they run low (FACTS.md §10) — so a long wait needs a fresh token in the file, not the
 * first one. Request: GET $ACTIONS_ID_TOKEN_REQUEST_URL[&audience=…] with
 * `Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN` → `{"value": "<jwt>"}` (GitHub's documented
 * "requesting the JWT using environment variables"). Plain Node (no dependencies, no build): the
 * action runs from its own checkout.
 */
const fs = require("node:fs");

/**
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<string>}
 */
async function requestIdToken(env) {
  const requestUrl = env["ACTIONS_ID_TOKEN_REQUEST_URL"];
  const requestToken = env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"];
  if (!requestUrl || !requestToken) {
    throw new Error("ACTIONS_ID_TOKEN_REQUEST_URL / ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set: add `permissions: id-token: write` to the job.");
  }
  const url = new URL(requestUrl);
  const audience = env["DCS_ID_TOKEN_AUDIENCE"];
  if (audience) url.searchParams.set("audience", audience);
  const response = await fetch(url, { headers: { Authorization: `bearer ${requestToken}`, Accept: "application/json" } });
  const text = await response.text();
  if (!response.ok) {
    // GitHub's error bodies hold no token; cut them short all the same.
    throw new Error(`GitHub refused the ID token request (HTTP ${response.status} from ${url.host}): ${text.slice(0, 200)}`);
  }
  /** @type {unknown} */
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`GitHub's ID token answer from ${url.host} is not JSON (HTTP ${response.status}, ${text.length} bytes).`);
  }
  const value = body !== null && typeof body === "object" ? /** @type {Record<string, unknown>} */ (body)["value"] : undefined;
  if (typeof value !== "string" || value === "") {
    throw new Error(`GitHub's ID token answer from ${url.host} has no "value".`);
  }
  return value;
}

/**
 * Replaces the file in one step (write beside it, then rename), so a reader never sees half a token.
 * @param {string} file
 * @param {string} token
 */
function writeTokenFile(file, token) {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, token, { mode: 0o600 });
  fs.chmodSync(temp, 0o600); // the mode above is subject to the umask only in narrowing; make it exact
  fs.renameSync(temp, file);
}

/**
 * @param {string} file
 * @returns {Promise<void>}
 */
async function refreshOnce(file) {
  const token = await requestIdToken(process.env);
  // A workflow command, consumed by the runner (not shown): every later log line has the token masked.
  process.stdout.write(`::add-mask::${token}\n`);
  writeTokenFile(file, token);
}

/** @param {readonly string[]} argv */
async function main(argv) {
  const [file, flag, seconds] = argv;
  if (!file || (flag !== undefined && flag !== "--every")) throw new Error("usage: fetchIdToken.js <file> [--every <seconds>]");
  if (flag === undefined) return refreshOnce(file);
  const everyMs = Number(seconds) * 1000;
  if (!(everyMs >= 1000)) throw new Error(`Expected \`id-token-refresh-seconds\` to be ≥ 1, got ${JSON.stringify(seconds)}`);
  const parent = process.ppid;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    if (process.ppid !== parent) return; // the wait step is gone: stop, leave no process behind
    try {
      await refreshOnce(file);
    } catch (error) {
      // The previous token stays in the file; the client reports it if it is refused.
      process.stdout.write(`::warning::Could not refresh the GitHub ID token: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`::error::${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
