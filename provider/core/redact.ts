/** Header lines whose values are secrets, as they appear in a canonical request the gateway quotes back. */
const SECRET_HEADER_LINE = /(x-security-token|x-auth-token)\s*:[^|\n]*/gi;

/**
 * Removes secrets from text bound for a message or log: secret header values in
 * canonical-request dumps, and every known secret value wherever it occurs.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text.replace(SECRET_HEADER_LINE, "$1:[redacted]");
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join("[redacted]");
  }
  return out;
}
