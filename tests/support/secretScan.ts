import * as fs from "node:fs";
import * as path from "node:path";

/** One thing a user or an attacker could read afterwards: a file, a command's output. */
export interface Artifact {
  /** Where it came from, for the report, e.g. `backend/.pulumi/stacks/p/dev.json` or `pulumi up (stderr)`. */
  readonly name: string;
  readonly content: string | Buffer;
}

/** How a secret was found written. */
export type SecretEncoding = "plain" | "json-escaped" | "url-encoded" | "base64";

export interface SecretHit {
  readonly artifact: string;
  /** The secret's name, never its value. */
  readonly secret: string;
  readonly encoding: SecretEncoding;
  /** Character offset of the occurrence. */
  readonly offset: number;
  /** The text around it with the secret replaced by `***`. */
  readonly context: string;
}

/**
 * Occurrences a scan reports but does not count as hits: lines written by someone else's code
 * that this project cannot change (say why in `reason`, so every report says it again).
 */
export interface KnownLeak {
  readonly reason: string;
  /** Tested against the whole line holding the occurrence. */
  readonly line: RegExp;
}

export interface SecretScanResult {
  readonly artifacts: number;
  readonly bytes: number;
  readonly secrets: readonly string[];
  /** Every occurrence outside the known leaks. */
  readonly hits: readonly SecretHit[];
  /** Occurrences on lines matching a {@link KnownLeak}, by its reason. */
  readonly known: ReadonlyArray<SecretHit & { readonly reason: string }>;
  /** What was scanned for what, the number of hits and of known leaks; then one line per occurrence. */
  readonly report: string;
}

export interface SecretScanOptions {
  /**
   * Where the report goes; scans always print, so a passing scan shows how much it covered.
   * @default console.log
   */
  readonly log?: (line: string) => void;
  /** @default [] */
  readonly knownLeaks?: readonly KnownLeak[];
}

/** Shorter values would match by accident. */
export const MIN_SECRET_LENGTH = 8;

/**
 * Searches every artifact for every secret, as written plainly and in the encodings a leak
 * would likely take (JSON-escaped, URL-encoded, base64), and prints what it covered:
 * `secret scan: 9 artifacts (1.4 MB) searched for 2 secrets (secretKey, securityToken): 0 hits`.
 * Every occurrence is listed with the artifact, the secret's name and the surrounding text with
 * the value masked — never the value itself. Occurrences on lines matching `knownLeaks` are
 * listed and counted apart.
 *
 * @param secrets name → value; names are what the report shows.
 * @throws Error when there is nothing to scan, or a secret is shorter than {@link MIN_SECRET_LENGTH}.
 */
export function scanForSecrets(
  artifacts: readonly Artifact[],
  secrets: Readonly<Record<string, string>>,
  options: SecretScanOptions = {},
): SecretScanResult {
  const log = options.log ?? ((line: string) => console.log(line));
  const names = Object.keys(secrets);
  if (names.length === 0) throw new Error("Expected `secrets` to name at least one secret, got none");
  if (artifacts.length === 0) throw new Error("Expected `artifacts` to hold at least one artifact, got none");
  for (const [name, value] of Object.entries(secrets)) {
    if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH) {
      throw new Error(
        `Expected secret \`${name}\` to be a string of at least ${MIN_SECRET_LENGTH} characters, got ${
          typeof value === "string" ? `${value.length} characters` : typeof value
        }`,
      );
    }
  }

  const knownLeaks = options.knownLeaks ?? [];
  const hits: SecretHit[] = [];
  const known: Array<SecretHit & { reason: string }> = [];
  let bytes = 0;
  for (const artifact of artifacts) {
    const text = typeof artifact.content === "string" ? artifact.content : artifact.content.toString("utf8");
    bytes += typeof artifact.content === "string" ? Buffer.byteLength(artifact.content) : artifact.content.length;
    for (const [name, value] of Object.entries(secrets)) {
      for (const [encoding, needle] of encodingsOf(value)) {
        for (let offset = text.indexOf(needle); offset >= 0; offset = text.indexOf(needle, offset + needle.length)) {
          const hit = { artifact: artifact.name, secret: name, encoding, offset, context: maskedContext(text, offset, needle) };
          const leak = knownLeaks.find((k) => k.line.test(lineAt(text, offset)));
          if (leak === undefined) hits.push(hit);
          else known.push({ ...hit, reason: leak.reason });
        }
      }
    }
  }

  const reasons = [...new Set(known.map((k) => k.reason))];
  const lines = [
    `secret scan: ${artifacts.length} artifacts (${formatBytes(bytes)}) searched for ${names.length} secrets ` +
      `(${names.join(", ")}): ${hits.length} hits` +
      (known.length === 0 ? "" : `, ${known.length} more in known leaks outside this project (${reasons.join("; ")})`),
    ...hits.map((h) => `  HIT ${h.secret} (${h.encoding}) in ${h.artifact} at ${h.offset}: …${h.context}…`),
    ...known.map((h) => `  known: ${h.secret} (${h.encoding}) in ${h.artifact} at ${h.offset}: …${h.context}…`),
  ];
  const report = lines.join("\n");
  log(report);
  return { artifacts: artifacts.length, bytes, secrets: names, hits, known, report };
}

/**
 * Every regular file under `dir` (symlinks are not followed, `node_modules` is skipped), named
 * `<label>/<relative path>`.
 */
export async function fileArtifacts(dir: string, label: string = path.basename(dir)): Promise<Artifact[]> {
  const out: Artifact[] = [];
  const walk = async (current: string): Promise<void> => {
    for (const entry of await fs.promises.readdir(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules") await walk(full);
      } else if (entry.isFile()) {
        out.push({ name: path.join(label, path.relative(dir, full)), content: await fs.promises.readFile(full) });
      }
    }
  };
  await walk(dir);
  return out;
}

function encodingsOf(value: string): Array<[SecretEncoding, string]> {
  const forms: Array<[SecretEncoding, string]> = [
    ["plain", value],
    ["json-escaped", JSON.stringify(value).slice(1, -1)],
    ["url-encoded", encodeURIComponent(value)],
    ["base64", Buffer.from(value, "utf8").toString("base64").replace(/=+$/, "")],
  ];
  const seen = new Set<string>();
  return forms.filter(([, text]) => !seen.has(text) && seen.add(text));
}

function maskedContext(text: string, offset: number, needle: string): string {
  const before = text.slice(Math.max(0, offset - 60), offset);
  const after = text.slice(offset + needle.length, offset + needle.length + 40);
  return `${before}***${after}`.replace(/\s+/g, " ");
}

function lineAt(text: string, offset: number): string {
  const start = text.lastIndexOf("\n", offset) + 1;
  const end = text.indexOf("\n", offset);
  return text.slice(start, end < 0 ? text.length : end);
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
