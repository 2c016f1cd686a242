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

/** Request counts of the whole API and of each task. */
export interface RequestCounts {
  readonly total: TaskCounters;
  readonly tasks: Readonly<Record<string, TaskCounters>>;
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

  getTask(id: string): Promise<TaskDescription> {
    return this.call("GET", `/tasks/${encodeURIComponent(id)}`);
  }

  async deleteTask(id: string): Promise<void> {
    await this.call("DELETE", `/tasks/${encodeURIComponent(id)}`);
  }

  /** Stops a migration (`REPLICAOF NO ONE` for a Redis task); `is_migrating` is false afterwards. */
  stopTask(id: string): Promise<TaskDescription> {
    return this.call("POST", `/tasks/${encodeURIComponent(id)}/stop`);
  }

  /** Starts a Redis task created with `autoStart: false`. */
  startTask(id: string): Promise<TaskDescription> {
    return this.call("POST", `/tasks/${encodeURIComponent(id)}/start`);
  }

  /** Replaces a task's fault rules. */
  async setFaults(id: string, faults: readonly FaultRule[]): Promise<FaultRule[]> {
    return (await this.call<{ faults: FaultRule[] }>("PUT", `/tasks/${encodeURIComponent(id)}/faults`, { faults })).faults;
  }

  /** Appends fault rules after the existing ones (the first matching rule wins). */
  async addFaults(id: string, faults: readonly FaultRule[]): Promise<FaultRule[]> {
    return (await this.call<{ faults: FaultRule[] }>("POST", `/tasks/${encodeURIComponent(id)}/faults`, { faults })).faults;
  }

  async clearFaults(id: string): Promise<void> {
    await this.call("DELETE", `/tasks/${encodeURIComponent(id)}/faults`);
  }

  /** How many stats requests this task received, by outcome. */
  taskRequests(id: string): Promise<TaskCounters> {
    return this.call("GET", `/tasks/${encodeURIComponent(id)}/requests`);
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
      throw new EmulatorControlError(`${method} ${path} failed with HTTP ${res.status}: ${message}`, res.status, field);
    }
    return (text === "" ? undefined : JSON.parse(text)) as T;
  }
}
