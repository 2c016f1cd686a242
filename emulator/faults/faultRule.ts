/**
 * Misbehaviour the emulator can put in front of a task's stats answers, on a
 * schedule, so clients are tested against what real networks and gateways do
 * (FACTS.md §1: 429 `APIG.0308` throttling, 5xx, gateway HTML pages).
 */
export type FaultAction =
  /** An error status with a Huawei-shaped JSON body. */
  | { readonly kind: "status"; readonly status: number; readonly errorCode?: string; readonly errorMsg?: string }
  /** HTTP 429 `APIG.0308` with a `Retry-After` header in seconds or as an HTTP date. */
  | { readonly kind: "throttle"; readonly retryAfterSeconds?: number; readonly retryAfterFormat?: RetryAfterFormat }
  /** The normal answer, `delayMs` late. */
  | { readonly kind: "delay"; readonly delayMs: number }
  /** The TCP connection is destroyed without an answer. */
  | { readonly kind: "reset" }
  /** An HTML error page instead of JSON, as a load balancer in front of the gateway sends. */
  | { readonly kind: "html"; readonly status?: number }
  /** A 200 whose JSON body stops half-way (Content-Length matches the cut body). */
  | { readonly kind: "truncate" }
  /** A 200 with one field replaced by `value` (or removed when `value` is absent), e.g. progress `"abc"`. */
  | { readonly kind: "malformed"; readonly field: string; readonly value?: unknown };

export type FaultKind = FaultAction["kind"];

export const FAULT_KINDS: readonly FaultKind[] = ["status", "throttle", "delay", "reset", "html", "truncate", "malformed"];

export type RetryAfterFormat = "seconds" | "http-date";

/**
 * Which API path a rule stands in front of: the stats (the default, as before the task record was
 * served), the task's record (ShowMigrationTask) or its logs. A policy that allows only the stats
 * is `{kind:"status", status:403, target:"record"}` plus the same for `logs`.
 */
export type FaultTarget = "stats" | "record" | "logs";

export const FAULT_TARGETS: readonly FaultTarget[] = ["stats", "record", "logs"];

/**
 * When a fault applies. Every given condition must hold; a rule with none applies
 * to every request. Request indexes count the task's authenticated stats requests
 * from 0 (the emulator's per-task `served` counter); times are the task's virtual
 * elapsed time, the same clock as its timeline.
 */
export interface FaultWindow {
  /** The path it applies to; request indexes count that path's requests. @default "stats" */
  readonly target?: FaultTarget;
  /** First request index affected. @default 0 */
  readonly fromRequest?: number;
  /** How many requests in a row are affected; unbounded when absent. */
  readonly count?: number;
  /** Repeat the `count`-long burst every this many requests. */
  readonly everyRequests?: number;
  /** Virtual ms since task start from which the rule applies (inclusive). */
  readonly fromMs?: number;
  /** Virtual ms since task start until which the rule applies (exclusive). */
  readonly toMs?: number;
}

export type FaultRule = FaultAction & FaultWindow;

/** The first rule for `target` that applies to this request, if any. Pure. */
export function faultFor(rules: readonly FaultRule[], requestIndex: number, elapsedMs: number, target: FaultTarget = "stats"): FaultRule | undefined {
  for (const rule of rules) {
    if ((rule.target ?? "stats") === target && applies(rule, requestIndex, elapsedMs)) return rule;
  }
  return undefined;
}

function applies(rule: FaultWindow, index: number, elapsedMs: number): boolean {
  if (rule.fromMs !== undefined && elapsedMs < rule.fromMs) return false;
  if (rule.toMs !== undefined && elapsedMs >= rule.toMs) return false;
  const from = rule.fromRequest ?? 0;
  if (index < from) return false;
  if (rule.count === undefined) return true;
  const offset = index - from;
  const position = rule.everyRequests === undefined ? offset : offset % rule.everyRequests;
  return position < rule.count;
}
