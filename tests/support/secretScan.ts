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
  /** Byte offset of the first occurrence. */
  readonly offset: number;
  /** The text around it with the secret replaced by `***`. */
  readonly context: string;
}

export interface SecretScanResult {
  readonly artifacts: number;
  readonly bytes: number;
  readonly secrets: readonly string[];
  readonly hits: readonly SecretHit[];
  /** One line: what was scanned for what, and the number of hits; then one line per hit. */
  readonly report: string;
}

export interface SecretScanOptions {
  /**
   * Where the report goes; scans always print, so a passing scan shows how much it covered.
   * @default console.log
   */
  readonly log?: (line: string) => void;
}

/** Shorter values would match by accident. */
export const MIN_SECRET_LENGTH = 8;

/**
 * Searches every artifact for every secret, as written plainly and in the encodings a leak
 * would likely take (JSON-escaped, URL-encoded, base64), and prints what it covered:
 * `secret scan: 9 artifacts (1.4 MB) searched for 2 secrets (secretKey, securityToken): 0 hits`.
 * Hits name the artifact, the secret's name and the surrounding text with the value masked —
 * never the value itself.
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

  const hits: SecretHit[] = [];
  let bytes = 0;
  for (const artifact of artifacts) {
    const buffer = typeof artifact.content === "string" ? Buffer.from(artifact.content, "utf8") : artifact.content;
    bytes += buffer.length;
    for (const [name, value] of Object.entries(secrets)) {
      for (const [encoding, needle] of encodingsOf(value)) {
        const offset = buffer.indexOf(needle);
        if (offset < 0) continue;
        hits.push({ artifact: artifact.name, secret: name, encoding, offset, context: maskedContext(buffer, offset, needle) });
        break;
      }
    }
  }

  const lines = [
    `secret scan: ${artifacts.length} artifacts (${formatBytes(bytes)}) searched for ${names.length} secrets ` +
      `(${names.join(", ")}): ${hits.length} hits`,
    ...hits.map((h) => `  HIT ${h.secret} (${h.encoding}) in ${h.artifact} at byte ${h.offset}: …${h.context}…`),
  ];
  const report = lines.join("\n");
  log(report);
  return { artifacts: artifacts.length, bytes, secrets: names, hits, report };
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

function encodingsOf(value: string): Array<[SecretEncoding, Buffer]> {
  const forms: Array<[SecretEncoding, string]> = [
    ["plain", value],
    ["json-escaped", JSON.stringify(value).slice(1, -1)],
    ["url-encoded", encodeURIComponent(value)],
    ["base64", Buffer.from(value, "utf8").toString("base64").replace(/=+$/, "")],
  ];
  const seen = new Set<string>();
  const out: Array<[SecretEncoding, Buffer]> = [];
  for (const [encoding, text] of forms) {
    if (seen.has(text)) continue;
    seen.add(text);
    out.push([encoding, Buffer.from(text, "utf8")]);
  }
  return out;
}

function maskedContext(buffer: Buffer, offset: number, needle: Buffer): string {
  const before = buffer.subarray(Math.max(0, offset - 40), offset).toString("utf8");
  const after = buffer.subarray(offset + needle.length, offset + needle.length + 40).toString("utf8");
  return `${before}***${after}`.replace(/\s+/g, " ");
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
