import { readFile } from "node:fs/promises";
import type { FederationSettings } from "../settings/credentials";
import { ConfigurationError } from "../core/errors";

/** Far above a real ID token (a JWT of a few kilobytes); a larger file is not one. */
export const MAX_ID_TOKEN_BYTES = 65_536;

/**
 * Reads the OIDC ID token from its file, afresh at every renewal: CI systems rewrite the file
 * with a new token during the job (FACTS.md §10; Huawei's SDK reads it each time too). Errors name
 * the setting and the path, say what to do, and never quote the file's content.
 *
 * @throws ConfigurationError for a missing, unreadable, empty or oversized file.
 */
export async function readIdToken(federation: Pick<FederationSettings, "idTokenFile" | "names">): Promise<string> {
  const { idTokenFile: file, names } = federation;
  const where = `the ID token file ${JSON.stringify(file)} (from ${names.idTokenFile})`;
  let text: string;
  try {
    const bytes = await readFile(file);
    if (bytes.length > MAX_ID_TOKEN_BYTES) {
      throw new ConfigurationError(`${capitalize(where)} is ${bytes.length} bytes long; an ID token is at most ${MAX_ID_TOKEN_BYTES}. Point ${names.idTokenFile} at the file your CI system writes the OIDC token to.`, {
        field: names.idTokenFile,
      });
    }
    text = bytes.toString("utf8").trim();
  } catch (e) {
    if (e instanceof ConfigurationError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? "error";
    const why =
      code === "ENOENT"
        ? "does not exist"
        : code === "EACCES" || code === "EPERM"
          ? "cannot be read (permission denied)"
          : code === "EISDIR"
            ? "is a directory"
            : `cannot be read (${code})`;
    throw new ConfigurationError(
      `${capitalize(where)} ${why}. Check that the CI job requests an OIDC ID token and writes it to that path (GitHub: \`permissions: id-token: write\`; GitLab: \`id_tokens\`), or fix ${names.idTokenFile}.`,
      { field: names.idTokenFile },
    );
  }
  if (text === "") {
    throw new ConfigurationError(`${capitalize(where)} is empty. The CI system has not written the OIDC ID token yet, or ${names.idTokenFile} names the wrong file.`, {
      field: names.idTokenFile,
    });
  }
  if (!/^[\x21-\x7e]+$/.test(text)) {
    throw new ConfigurationError(`${capitalize(where)} does not hold an ID token (it contains spaces, line breaks or non-ASCII characters inside). Point ${names.idTokenFile} at the raw token.`, {
      field: names.idTokenFile,
    });
  }
  return text;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
