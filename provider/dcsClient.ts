import * as http from "node:http";
import * as https from "node:https";
import { inspect } from "node:util";
import { resolveClientTunables, type ClientTunables } from "./clientOptions";
import { abortedError, systemClock, type Clock } from "./clock";
import { ConcurrencyLimit } from "./concurrencyLimit";
import { Credentials } from "./credentials";
import { isCutOffJson } from "./cutOffJson";
import { parseEndpoint } from "./dcsEndpoint";
import { AbortedError, ConfigurationError } from "./errors";
import { cutOffError, httpStatusError, networkError, notJsonError, requestIdOf, tooLargeError, type FailureContext } from "./failureErrors";
import { sendHttpRequest, type HttpOutcome } from "./httpRequest";
import { InFlightRequests } from "./inFlightRequests";
import { parseLosslessJson } from "./losslessJson";
import type { GetMigrationStatsResult } from "./migrationStats";
import { parseStats } from "./parseStats";
import { redact } from "./redact";
import { decideRetry, type AttemptResult } from "./retryPolicy";
import type { ClientSettings } from "./settings";
import { encodeRfc3986, formatSdkDate, signRequest } from "./signing";
import type { StatsReader } from "./statsReader";
import { validatePathId } from "./validatePathId";

/** Sent with every request so Huawei support can tell these calls apart. */
export const USER_AGENT = "pulumi-dcs-migration";

/** Options of a {@link DcsClient}; every tunable defaults to `CLIENT_DEFAULTS`. */
export interface DcsClientOptions extends Partial<ClientTunables> {
  /** Time source for signing dates and backoff sleeps. @default the system clock */
  clock?: Clock | undefined;
  /** Jitter source in [0, 1). @default Math.random */
  random?: (() => number) | undefined;
  /**
   * Receives one line per attempt (method, URL, status, request id, attempt, next delay)
   * — never a credential. @default stderr when `HW_DEBUG=1` or `DCS_MIGRATION_DEBUG=1`, else off
   */
  debug?: ((line: string) => void) | undefined;
  /** Environment read for the debug switches. @default process.env */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** Whether `HW_DEBUG` or `DCS_MIGRATION_DEBUG` asks for request tracing. */
export function debugEnabled(env: Readonly<Record<string, string | undefined>>): boolean {
  const on = (v: string | undefined): boolean => v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());
  return on(env["HW_DEBUG"]) || on(env["DCS_MIGRATION_DEBUG"]);
}

/**
 * The one client of the DCS API: builds the URL, signs, sends, retries and parses.
 * Everything else in the package (resources, data source, CLI, benchmarks) reads
 * stats through it.
 *
 * - Concurrent {@link getMigrationStats} calls for the same task share one request.
 * - At most `maxConcurrentRequests` requests are in flight; more wait for a slot.
 * - Transient failures are retried with capped full-jitter backoff and `Retry-After`.
 * - Secrets never appear in errors, debug lines, `JSON.stringify` or `util.inspect`.
 */
export class DcsClient implements StatsReader {
  readonly endpoint: string;
  readonly projectId: string;
  readonly tunables: Readonly<ClientTunables>;
  readonly #credentials: Credentials;
  readonly #credentialSource: string;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #debug: ((line: string) => void) | undefined;
  readonly #agent: http.Agent;
  readonly #limit: ConcurrencyLimit;
  readonly #inFlight = new InFlightRequests<GetMigrationStatsResult>();
  #requestsSent = 0;

  constructor(settings: ClientSettings, opts: DcsClientOptions = {}) {
    if (!(settings?.credentials instanceof Credentials)) {
      throw new ConfigurationError("Expected `settings.credentials` to be Credentials; build settings with resolveSettings().", {
        field: "credentials",
      });
    }
    this.endpoint = parseEndpoint(settings.endpoint, "endpoint", settings.allowInsecureHttp === true);
    this.projectId = validatePathId("projectId", settings.projectId);
    this.#credentials = settings.credentials;
    this.#credentialSource = settings.sources?.credentials ?? settings.credentials.source;
    const { clock, random, debug, env, ...tunables } = opts;
    // Explicit options win over what stack config or the environment set (`HW_MAX_RETRIES`).
    const explicit = Object.fromEntries(Object.entries(tunables).filter(([, v]) => v !== undefined));
    this.tunables = Object.freeze(resolveClientTunables({ ...settings.tunables, ...explicit }));
    this.#clock = clock ?? systemClock;
    this.#random = random ?? Math.random;
    this.#debug = debug ?? (debugEnabled(env ?? process.env) ? (line: string) => process.stderr.write(line + "\n") : undefined);
    const agentOptions = { keepAlive: true, maxSockets: this.tunables.maxConcurrentRequests };
    this.#agent = this.endpoint.startsWith("https:") ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.#limit = new ConcurrencyLimit(this.tunables.maxConcurrentRequests);
  }

  /** Requests put on the wire so far, retries included (benchmarks and tests count them). */
  get requestsSent(): number {
    return this.#requestsSent;
  }

  /** The stats URL of a task; validates the id. */
  statsUrl(taskId: string): URL {
    const id = validatePathId("taskId", taskId);
    return new URL(`${this.endpoint}/v2/${encodeRfc3986(this.projectId)}/migration-task/${encodeRfc3986(id)}/stats`);
  }

  /**
   * One read of `GET /v2/{project_id}/migration-task/{task_id}/stats`, retries included.
   *
   * @throws ConfigurationError for a bad task id (before sending), TaskNotFoundError,
   *   ApiError, NetworkError, ResponseFormatError, AbortedError.
   */
  getMigrationStats(taskId: string, opts: { signal?: AbortSignal | undefined } = {}): Promise<GetMigrationStatsResult> {
    let url: URL;
    try {
      url = this.statsUrl(taskId);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#inFlight.run(taskId, opts.signal, (signal) => this.#fetchStats(taskId, url, signal));
  }

  /** Closes idle connections. The client stays usable; new requests open new ones. */
  close(): void {
    this.#agent.destroy();
  }

  async #fetchStats(taskId: string, url: URL, signal: AbortSignal): Promise<GetMigrationStatsResult> {
    const t = this.tunables;
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) throw abortedError(signal);
      const release = await this.#limit.acquire(signal);
      let outcome: HttpOutcome;
      let sdkDate: string | undefined;
      let canonical: string | undefined;
      const startedAt = this.#clock.now();
      try {
        const built = this.#buildHeaders(url, new Date(startedAt));
        sdkDate = built.sdkDate;
        canonical = built.canonicalRequest;
        this.#requestsSent++;
        outcome = await sendHttpRequest({
          method: "GET",
          url,
          headers: built.headers,
          timeoutMs: t.requestTimeoutMs,
          maxResponseBytes: t.maxResponseBytes,
          agent: this.#agent,
          signal,
        });
      } finally {
        release();
      }
      const elapsed = this.#clock.now() - startedAt;
      if (outcome.kind === "aborted") {
        this.#trace(url, attempt, "cancelled", undefined, elapsed, undefined);
        throw abortedError(signal);
      }
      const ctx: FailureContext = {
        scrub: (s) => this.#scrub(s),
        taskId,
        projectId: this.projectId,
        endpoint: this.endpoint,
        attempts: attempt,
        credentialSource: this.#credentialSource,
        credentialKind: this.#credentials.kind,
        accessKey: this.#credentials.accessKey,
        sdkDate,
        canonicalRequest: canonical === undefined ? undefined : this.#scrub(canonical),
      };
      if (outcome.kind === "too-large") {
        this.#trace(url, attempt, `HTTP ${outcome.status} body over ${t.maxResponseBytes} bytes`, requestIdOf(outcome.headers), elapsed, undefined);
        throw tooLargeError(outcome.status, outcome.headers, outcome.bytes, t.maxResponseBytes);
      }
      let cutOff: { readonly cause: unknown } | undefined;
      if (outcome.kind === "response" && outcome.status >= 200 && outcome.status < 300) {
        const json = parseBody(outcome.body);
        if (json.ok || !isCutOffJson(outcome.body, json.error)) {
          this.#trace(url, attempt, `HTTP ${outcome.status}`, requestIdOf(outcome.headers), elapsed, undefined);
          if (!json.ok) throw notJsonError(outcome.status, outcome.headers, this.#scrub(outcome.body), json.error);
          return this.#toStats(json.body, outcome, taskId);
        }
        cutOff = { cause: json.error };
      }
      const result: AttemptResult =
        outcome.kind === "network"
          ? { kind: "network", code: outcome.code, tls: outcome.tls }
          : cutOff !== undefined
            ? { kind: "cut-off" }
            : { kind: "status", status: outcome.status, retryAfter: header(outcome.headers["retry-after"]) };
      const decision = decideRetry(result, attempt, t, this.#clock.now(), this.#random);
      const what =
        outcome.kind === "network"
          ? `${outcome.code}`
          : `HTTP ${outcome.status}${cutOff === undefined ? "" : ` body cut off after ${Buffer.byteLength(outcome.body)} bytes`}`;
      const requestId = outcome.kind === "response" ? requestIdOf(outcome.headers) : undefined;
      this.#trace(url, attempt, what, requestId, elapsed, decision.retry ? decision.delayMs : undefined);
      if (!decision.retry) {
        const error =
          outcome.kind === "network"
            ? networkError(outcome, t.requestTimeoutMs, ctx)
            : cutOff !== undefined
              ? cutOffError(outcome.status, outcome.headers, Buffer.byteLength(outcome.body), attempt, cutOff.cause)
              : httpStatusError(outcome.status, outcome.headers, outcome.body, ctx);
        error.message = this.#scrub(error.message);
        throw error;
      }
      try {
        await this.#clock.sleep(decision.delayMs, signal);
      } catch (e) {
        if (e instanceof AbortedError || signal.aborted) throw abortedError(signal, "The request was cancelled during a retry backoff");
        throw e;
      }
    }
  }

  #toStats(body: unknown, outcome: { status: number; headers: http.IncomingHttpHeaders }, taskId: string): GetMigrationStatsResult {
    return parseStats(body, {
      taskId,
      projectId: this.projectId,
      observedAt: new Date(this.#clock.now()).toISOString(),
      status: outcome.status,
      requestId: requestIdOf(outcome.headers),
    });
  }

  #buildHeaders(url: URL, date: Date): { headers: Record<string, string>; sdkDate?: string; canonicalRequest?: string } {
    const base = { "X-Project-Id": this.projectId };
    const unsigned = { Accept: "application/json", "User-Agent": USER_AGENT };
    const c = this.#credentials;
    if (c.kind === "token") {
      return { headers: { ...base, Host: url.host, "X-Auth-Token": c.revealAuthToken(), ...unsigned } };
    }
    const signed = signRequest({
      method: "GET",
      url,
      headers: base,
      accessKey: c.accessKey,
      secretKey: c.revealSecretKey(),
      securityToken: c.revealSecurityToken(),
      date,
    });
    return { headers: { ...signed.headers, ...unsigned }, sdkDate: formatSdkDate(date), canonicalRequest: signed.canonicalRequest };
  }

  #trace(url: URL, attempt: number, what: string, requestId: string | undefined, elapsedMs: number, retryInMs: number | undefined): void {
    if (this.#debug === undefined) return;
    const retry = retryInMs === undefined ? "" : `; retry in ${retryInMs} ms`;
    const line = `[dcs-migration] GET ${url.href} attempt ${attempt}/${this.tunables.maxRetries + 1} → ${what} request-id=${requestId ?? "-"} ${elapsedMs} ms${retry}`;
    try {
      this.#debug(this.#scrub(line));
    } catch {
      // A broken debug sink must not fail the read it describes.
    }
  }

  #scrub(text: string): string {
    return redact(text, this.#credentials.secretValues());
  }

  toJSON(): Record<string, unknown> {
    return { endpoint: this.endpoint, projectId: this.projectId, credentials: this.#credentials.toJSON(), tunables: this.tunables };
  }

  [inspect.custom](): string {
    return `DcsClient ${JSON.stringify(this.toJSON())}`;
  }
}

/** The body through the lossless JSON path, or why it is not JSON. */
function parseBody(text: string): { ok: true; body: unknown } | { ok: false; error: unknown } {
  try {
    return { ok: true, body: parseLosslessJson(text) };
  } catch (error) {
    return { ok: false, error };
  }
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
