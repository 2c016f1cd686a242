/** `error_code` / `error_msg` of a Huawei error body (FACTS.md §1), when the body has them. */
export interface ApiErrorBody {
  readonly errorCode: string | undefined;
  readonly errorMsg: string | undefined;
}

/**
 * Reads `{error_code, error_msg}`, or the `{error: {code, message}}` shape some
 * Huawei gateways use. Anything else (HTML from a proxy, empty) yields undefineds.
 */
export function parseApiErrorBody(body: string): ApiErrorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { errorCode: undefined, errorMsg: undefined };
  }
  if (typeof parsed !== "object" || parsed === null) return { errorCode: undefined, errorMsg: undefined };
  const record = parsed as Record<string, unknown>;
  const nested = typeof record["error"] === "object" && record["error"] !== null ? (record["error"] as Record<string, unknown>) : {};
  return {
    errorCode: text(record["error_code"]) ?? text(nested["code"]),
    errorMsg: text(record["error_msg"]) ?? text(nested["message"]),
  };
}

function text(v: unknown): string | undefined {
  if (typeof v === "string" && v.trim() !== "") return v.trim();
  if (typeof v === "number") return String(v);
  return undefined;
}
