import type * as http from "node:http";
import { inspect } from "node:util";
import { createClientAgent, proxyRouteOf } from "../http/clientAgent";
import { resolveClientTunables, type ClientTunables } from "../settings/clientOptions";
import { abortedError, systemClock, type Clock } from "../core/clock";
import { ConcurrencyLimit } from "../http/concurrencyLimit";
import { Credentials } from "../settings/credentials";
import { parseEndpoint } from "../settings/dcsEndpoint";
import { AbortedError, ConfigurationError } from "../core/errors";
import { classifyAttempt } from "./classifyAttempt";
import { requestIdOf } from "./failureErrors";
import { sendHttpRequest, type HttpOutcome } from "../http/httpRequest";
import { InFlightRequests, type ReadFreshness } from "../http/inFlightRequests";
import type { GetMigrationStatsResult } from "./migrationStats";
import { parseStats } from "./parseStats";
import { redact } from "../core/redact";
import { decideRetry } from "./retryPolicy";
import type { ClientSettings } from "../settings/settings";
import { encodeRfc3986, formatSdkDate, signRequest } from "./signing";
import type { DatedStats, StatsReader } from "./statsReader";
import { validatePathId } from "../settings/validatePathId";
import { exchangeIdToken } from "./iamFederation";
import { readIdToken } from "./readIdToken";
import { RenewingCredentials } from "./renewingCredentials";
import type { MigrationLogEntry, MigrationTaskRecord, TaskRecordReader } from "./migrationTaskRecord";
import { newestEntry, parseMigrationLogs, type MigrationLogPage } from "./parseMigrationLogs";
import { parseMigrationTask, type TaskBodyContext } from "./parseMigrationTask";

/** Log lines asked for per page: the API's own default (ListMigrationTaskLogs). */
const LOG_PAGE_SIZE = 10;

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
 * - Concurrent {@link getMigrationStats} calls for the same task share one request;
 *   {@link getSharedMigrationStats} also shares a recent answer, as young as its caller asks.
 * - At most `maxConcurrentRequests` requests are in flight; more wait for a slot.
 * - Transient failures are retried with capped full-jitter backoff and `Retry-After`.
 * - Secrets never appear in errors, debug lines, `JSON.stringify` or `util.inspect`.
 */
export class DcsClient implements StatsReader, TaskRecordReader {
  readonly endpoint: string;
  readonly projectId: string;
  readonly tunables: Readonly<ClientTunables>;
  readonly #credentials: Credentials;
  /** OIDC federation's temporary keys, renewed before they expire; undefined for static credentials. */
  readonly #renewing: RenewingCredentials | undefined;
  /** IAM's connection pool, for federation's exchanges. */
  readonly #iamAgent: http.Agent | undefined;
  readonly #credentialSource: string;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #debug: ((line: string) => void) | undefined;
  readonly #agent: http.Agent;
  readonly #limit: ConcurrencyLimit;
  readonly #inFlight = new InFlightRequests<GetMigrationStatsResult>();
  readonly #recordsInFlight = new InFlightRequests<MigrationTaskRecord>();
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
    // Direct or through the proxy the environment names (HTTPS_PROXY, NO_PROXY): see proxyRoute.ts.
    this.#agent = createClientAgent(new URL(this.endpoint), {
      maxSockets: this.tunables.maxConcurrentRequests,
      connectTimeoutMs: this.tunables.requestTimeoutMs,
      env: env ?? process.env,
    });
    this.#limit = new ConcurrencyLimit(this.tunables.maxConcurrentRequests);
    const federation = settings.credentials.federation;
    if (settings.credentials.kind === "federated" && federation !== undefined) {
      const iamAgent = createClientAgent(new URL(federation.iamEndpoint), {
        maxSockets: 2,
        connectTimeoutMs: this.tunables.requestTimeoutMs,
        env: env ?? process.env,
      });
      this.#iamAgent = iamAgent;
      const exchange = { federation, agent: iamAgent, tunables: this.tunables, clock: this.#clock, random: this.#random, debug: this.#debug };
      const source = `temporary keys from OIDC federation (${this.#credentialSource})`;
      this.#renewing = new RenewingCredentials(async (signal) => exchangeIdToken(exchange, await readIdToken(federation), signal), this.#clock, source);
    } else {
      this.#renewing = undefined;
      this.#iamAgent = undefined;
    }
  }

  /**
   * The credential hook: the keys a request sent now is signed with — the static ones, or OIDC
   * federation's temporary keys, renewed first when due (one renewal shared by every wait on this client).
   *
   * @throws ConfigurationError (ID token file), FederationError, AbortedError.
   */
  credentialsNow(signal?: AbortSignal): Promise<Credentials> {
    return this.#renewing === undefined ? Promise.resolve(this.#credentials) : this.#renewing.current(signal);
  }

  /** Temporary keys obtained through OIDC federation so far (0 for static credentials). */
  get credentialRenewals(): number {
    return this.#renewing?.renewals ?? 0;
  }

  /** Requests put on the wire so far, retries included (benchmarks and tests count them). */
  get requestsSent(): number {
    return this.#requestsSent;
  }

  /** The stats URL of a task; validates the id. */
  statsUrl(taskId: string): URL {
    return this.#taskUrl(taskId, "/stats");
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
    return this.#inFlight.run(taskId, opts.signal, (signal) => this.#fetch(taskId, url, signal, (body, answer) => this.#toStats(body, answer, taskId)));
  }

  /**
   * {@link getMigrationStats}, except that a read of the same task sent recently enough by
   * `freshness` (in flight, or the last one answered) answers it, dated by when it was sent.
   */
  getSharedMigrationStats(
    taskId: string,
    opts: { readonly signal?: AbortSignal | undefined; readonly freshness: ReadFreshness },
  ): Promise<DatedStats> {
    let url: URL;
    try {
      url = this.statsUrl(taskId);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#inFlight
      .runFresh(taskId, opts.signal, opts.freshness, (signal) =>
        this.#fetch(taskId, url, signal, (body, answer) => this.#toStats(body, answer, taskId)),
      )
      .then(({ value, sentAt, answeredAt }) => ({ stats: value, sentAt, answeredAt }));
  }

  /** Closes idle connections. The client stays usable; new requests open new ones. */
  close(): void {
    this.#agent.destroy();
    this.#iamAgent?.destroy();
  }

  /**
   * One read of the task's own record (ShowMigrationTask, FACTS.md §10) through the same request
   * path as the stats: signed alike, same retries, errors, size cap and request ids. Concurrent
   * reads of one task share a request.
   */
  getMigrationTask(taskId: string, opts: { readonly signal?: AbortSignal | undefined } = {}): Promise<MigrationTaskRecord> {
    let url: URL;
    try {
      url = this.#taskUrl(taskId, "");
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#recordsInFlight.run(taskId, opts.signal, (signal) =>
      this.#fetch(taskId, url, signal, (body, answer) => parseMigrationTask(body, this.#bodyContext(taskId, answer))),
    );
  }

  /**
   * The newest `ERROR` line of the task's log (ListMigrationTaskLogs): the API's own reason for a
   * failure, with its time. The API documents no order, so the newest is picked by `created_at`
   * from the first page and, when there are more lines than one page holds, the last page too.
   */
  async getLatestMigrationError(taskId: string, opts: { readonly signal?: AbortSignal | undefined } = {}): Promise<MigrationLogEntry | undefined> {
    const page = (offset: number): Promise<MigrationLogPage> => {
      const url = this.#taskUrl(taskId, `/logs?offset=${offset}&limit=${LOG_PAGE_SIZE}&log_level=ERROR`);
      return this.#fetch(taskId, url, opts.signal ?? new AbortController().signal, (body, answer) => parseMigrationLogs(body, this.#bodyContext(taskId, answer)));
    };
    const first = await page(0);
    const last = first.total > first.entries.length && first.total > LOG_PAGE_SIZE ? await page(first.total - LOG_PAGE_SIZE) : undefined;
    return newestEntry([...first.entries, ...(last?.entries ?? [])]);
  }

  /** `{endpoint}/v2/{project}/migration-task/{task}{rest}`; validates the id. */
  #taskUrl(taskId: string, rest: string): URL {
    const id = validatePathId("taskId", taskId);
    return new URL(`${this.endpoint}/v2/${encodeRfc3986(this.projectId)}/migration-task/${encodeRfc3986(id)}${rest}`);
  }

  #bodyContext(taskId: string, answer: { status: number; headers: http.IncomingHttpHeaders }): TaskBodyContext {
    return { taskId, observedAt: new Date(this.#clock.now()).toISOString(), status: answer.status, requestId: requestIdOf(answer.headers) };
  }

  /** The retry loop: send, classify the outcome (pure, `classifyAttempt`), retry or return what `parse` makes of the answer. */
  async #fetch<T>(
    taskId: string,
    url: URL,
    signal: AbortSignal,
    parse: (body: unknown, answer: { status: number; headers: http.IncomingHttpHeaders }) => T,
  ): Promise<T> {
    const t = this.tunables;
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) throw abortedError(signal);
      const startedAt = this.#clock.now();
      const credentials = await this.credentialsNow(signal);
      const { outcome, sdkDate, canonicalRequest } = await this.#send(url, startedAt, signal, credentials);
      const elapsed = this.#clock.now() - startedAt;
      if (outcome.kind === "aborted") {
        this.#trace(url, attempt, "cancelled", undefined, elapsed, undefined);
        throw abortedError(signal);
      }
      const verdict = classifyAttempt(outcome, {
        scrub: (s) => this.#scrub(s),
        taskId,
        projectId: this.projectId,
        endpoint: this.endpoint,
        attempts: attempt,
        credentialSource: this.#credentialSource,
        credentialKind: credentials.kind === "token" ? "token" : "aksk",
        accessKey: credentials.accessKey,
        hasSecurityToken: credentials.hasSecurityToken,
        sdkDate,
        canonicalRequest: canonicalRequest === undefined ? undefined : this.#scrub(canonicalRequest),
        receivedAt: startedAt + elapsed,
        requestTimeoutMs: t.requestTimeoutMs,
        maxResponseBytes: t.maxResponseBytes,
      });
      if (verdict.kind === "answer") {
        this.#trace(url, attempt, verdict.trace, requestIdOf(verdict.headers), elapsed, undefined);
        return parse(verdict.body, verdict);
      }
      const decision = verdict.retry === undefined ? undefined : decideRetry(verdict.retry, attempt, t, this.#clock.now(), this.#random);
      this.#trace(url, attempt, verdict.trace, verdict.requestId, elapsed, decision?.retry === true ? decision.delayMs : undefined);
      if (decision?.retry !== true) throw verdict.error;
      try {
        await this.#clock.sleep(decision.delayMs, signal);
      } catch (e) {
        if (e instanceof AbortedError || signal.aborted) throw abortedError(signal, "The request was cancelled during a retry backoff");
        throw e;
      }
    }
  }

  /** One request on the wire, within the concurrency limit. */
  async #send(
    url: URL,
    startedAt: number,
    signal: AbortSignal,
    credentials: Credentials,
  ): Promise<{ outcome: HttpOutcome; sdkDate?: string | undefined; canonicalRequest?: string | undefined }> {
    const release = await this.#limit.acquire(signal);
    try {
      const built = this.#buildHeaders(url, new Date(startedAt), credentials);
      this.#requestsSent++;
      const outcome = await sendHttpRequest({
        method: "GET",
        url,
        headers: built.headers,
        timeoutMs: this.tunables.requestTimeoutMs,
        maxResponseBytes: this.tunables.maxResponseBytes,
        agent: this.#agent,
        signal,
      });
      return { outcome, sdkDate: built.sdkDate, canonicalRequest: built.canonicalRequest };
    } finally {
      release();
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

  #buildHeaders(url: URL, date: Date, c: Credentials): { headers: Record<string, string>; sdkDate?: string; canonicalRequest?: string } {
    const base = { "X-Project-Id": this.projectId };
    const unsigned = { Accept: "application/json", "User-Agent": USER_AGENT };
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
    const route = proxyRouteOf(this.#agent);
    const via = route === undefined ? "" : ` via proxy ${route.hostPort}`;
    const line = `[dcs-migration] GET ${url.href}${via} attempt ${attempt}/${this.tunables.maxRetries + 1} → ${what} request-id=${requestId ?? "-"} ${elapsedMs} ms${retry}`;
    try {
      this.#debug(this.#scrub(line));
    } catch {
      // A broken debug sink must not fail the read it describes.
    }
  }

  #scrub(text: string): string {
    return redact(text, [...this.#credentials.secretValues(), ...(this.#renewing?.held?.secretValues() ?? [])]);
  }

  toJSON(): Record<string, unknown> {
    return { endpoint: this.endpoint, projectId: this.projectId, credentials: this.#credentials.toJSON(), tunables: this.tunables };
  }

  [inspect.custom](): string {
    return `DcsClient ${JSON.stringify(this.toJSON())}`;
  }
}
