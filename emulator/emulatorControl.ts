import { EmulatorInputError } from "./control/inputError";
import type { FaultRule } from "./faults/faultRule";
import type { TaskDescription } from "./tasks/emulatedTask";
import type { TaskCounters } from "./tasks/taskCounters";
import type { CreateTaskRequest } from "./tasks/taskRequest";

/** A control-API call that was refused; `field` names the input at fault on a 400. */
export class EmulatorControlError extends Error {
  override readonly name = "EmulatorControlError";
  constructor(
    message: string,
    readonly status: number,
    readonly field: string | undefined,
  ) {
    super(message);
  }
}

/** Longer than any id the emulator accepts (64) by far; longer ones cannot be a task's. */
const MAX_ID_IN_PATH = 1024;

/**
 * A task id as one path segment. "." and ".." would be resolved away by the URL parser (fetch
 * sends `/tasks/..` as `/`), and a megabyte-long id only earns an HTTP 431, so both are refused
 * here, naming `id`, without a request.
 */
function idSegment(id: string): string {
  if (typeof id !== "string" || id === "" || id === "." || id === ".." || id.length > MAX_ID_IN_PATH) {
    const shown = typeof id === "string" ? (id.length > 40 ? `${JSON.stringify(id.slice(0, 40))}… (${id.length} characters)` : JSON.stringify(id)) : typeof id;
    throw new EmulatorInputError("id", `Expected \`id\` to be a task id (1–${MAX_ID_IN_PATH} characters, not "." or ".."), got ${shown}`);
  }
  return encodeURIComponent(id);
}

/** Request counts of the whole API and of each task. */
export interface RequestCounts {
  readonly total: TaskCounters;
  readonly tasks: Readonly<Record<string, TaskCounters>>;
}

/** A temporary credential the gateway accepts (`/_emulator/credentials`); no secret. */
export interface TemporaryCredentialInfo {
  readonly accessKey: string;
  /** ISO 8601, on the gateway's clock. */
  readonly expiresAt: string;
  readonly expired: boolean;
}

/** `GET /_emulator/clock`. */
export interface GatewayClock {
  /** How far the gateway's clock runs ahead of the emulator machine's, ms. */
  readonly skewMs: number;
  /** The gateway's time now, ISO 8601. */
  readonly gatewayTime: string;
}

/**
 * A typed client of the emulator's control API (`/_emulator/…`), so tests and
 * benchmarks drive the emulator — create tasks, inject faults, stop a migration,
 * count requests — without hand-written fetches. Works against an emulator in this
 * process or another one (`npm run emulator`).
 */
export class EmulatorControl {
  private readonly base: string;

  /** @param url the emulator's base URL, e.g. `http://127.0.0.1:8080` */
  constructor(url: string) {
    this.base = url.replace(/\/+$/, "") + "/_emulator";
  }

  health(): Promise<{ ok: boolean; projectId: string; tasks: number }> {
    return this.call("GET", "/health");
  }

  presets(): Promise<{ presets: string[]; faultKinds: string[] }> {
    return this.call("GET", "/presets");
  }

  async listTasks(): Promise<TaskDescription[]> {
    return (await this.call<{ tasks: TaskDescription[] }>("GET", "/tasks")).tasks;
  }

  /** Creates a task; a Redis task resolves once its servers run and its source is seeded. */
  createTask(request: CreateTaskRequest): Promise<TaskDescription> {
    return this.call("POST", "/tasks", request);
  }

  async getTask(id: string): Promise<TaskDescription> {
    return this.call("GET", `/tasks/${idSegment(id)}`);
  }

  async deleteTask(id: string): Promise<void> {
    await this.call("DELETE", `/tasks/${idSegment(id)}`);
  }

  /** Stops a migration (`REPLICAOF NO ONE` for a Redis task); `is_migrating` is false afterwards. */
  async stopTask(id: string): Promise<TaskDescription> {
    return this.call("POST", `/tasks/${idSegment(id)}/stop`);
  }

  /** Starts a Redis task created with `autoStart: false`. */
  async startTask(id: string): Promise<TaskDescription> {
    return this.call("POST", `/tasks/${idSegment(id)}/start`);
  }

  /** Replaces a task's fault rules. */
  async setFaults(id: string, faults: readonly FaultRule[]): Promise<FaultRule[]> {
    return (await this.call<{ faults: FaultRule[] }>("PUT", `/tasks/${idSegment(id)}/faults`, { faults })).faults;
  }

  /** Appends fault rules after the existing ones (the first matching rule wins). */
  async addFaults(id: string, faults: readonly FaultRule[]): Promise<FaultRule[]> {
    return (await this.call<{ faults: FaultRule[] }>("POST", `/tasks/${idSegment(id)}/faults`, { faults })).faults;
  }

  async clearFaults(id: string): Promise<void> {
    await this.call("DELETE", `/tasks/${idSegment(id)}/faults`);
  }

  /**
   * Sets the task record's status (and, with `reason`, a log line: ERROR for a failure). A status
   * after which a task no longer migrates (FAILED, TERMINATED, …) also ends the migration, so the
   * stats say `is_migrating` false, unless `keepMigrating`.
   */
  async setTaskStatus(id: string, change: { status: string; reason?: string; keepMigrating?: boolean }): Promise<TaskDescription> {
    return this.call("PUT", `/tasks/${idSegment(id)}/status`, change);
  }

  /** How many requests this task's record and its logs received, by outcome. */
  async recordRequests(id: string): Promise<{ record: TaskCounters; logs: TaskCounters }> {
    return this.call("GET", `/tasks/${idSegment(id)}/record-requests`);
  }

  /** How many stats requests this task received, by outcome. */
  async taskRequests(id: string): Promise<TaskCounters> {
    return this.call("GET", `/tasks/${idSegment(id)}/requests`);
  }

  /** The emulated gateway's clock: how far it runs ahead of this machine's, and its current time. */
  clock(): Promise<GatewayClock> {
    return this.call("GET", "/clock");
  }

  /** Skews the emulated gateway's clock (negative: behind), as if the client's clock were wrong. 0 restores it. */
  setClockSkew(skewMs: number): Promise<GatewayClock> {
    return this.call("PUT", "/clock", { skewMs });
  }

  /** Registers temporary keys (AK/SK + security token) the gateway accepts for `lifetimeSeconds` (default 3600). */
  registerCredential(credential: { accessKey: string; secretKey: string; securityToken: string; lifetimeSeconds?: number }): Promise<TemporaryCredentialInfo> {
    return this.call("POST", "/credentials", credential);
  }

  /** Makes registered temporary keys expire now: the next request signed with them gets the gateway's 401. */
  expireCredential(accessKey: string): Promise<TemporaryCredentialInfo> {
    return this.call("POST", `/credentials/${encodeURIComponent(accessKey)}/expire`);
  }

  async listCredentials(): Promise<TemporaryCredentialInfo[]> {
    return (await this.call<{ credentials: TemporaryCredentialInfo[] }>("GET", "/credentials")).credentials;
  }

  requests(): Promise<RequestCounts> {
    return this.call("GET", "/requests");
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { "Content-Type": "application/json" };
    }
    const res = await fetch(this.base + path, init);
    const text = await res.text();
    if (!res.ok) {
      let message = text;
      let field: string | undefined;
      try {
        const parsed = JSON.parse(text) as { error?: unknown; field?: unknown };
        if (typeof parsed.error === "string") message = parsed.error;
        if (typeof parsed.field === "string") field = parsed.field;
      } catch {
        // Not JSON: keep the raw text.
      }
      const shownPath = path.length > 200 ? `${path.slice(0, 199)}…` : path;
      const shownMessage = message.length > 1000 ? `${message.slice(0, 999)}…` : message;
      throw new EmulatorControlError(`${method} ${shownPath} failed with HTTP ${res.status}: ${shownMessage}`, res.status, field);
    }
    return (text === "" ? undefined : JSON.parse(text)) as T;
  }
}
