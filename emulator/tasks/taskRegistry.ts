import { randomUUID } from "node:crypto";
import { EmulatorInputError } from "../control/inputError";
import type { EmulatorClock } from "../emulatorClock";
import type { EmulatedTask } from "./emulatedTask";
import { RedisTask, type RedisTaskOptions } from "./redisTask";
import { ScriptedTask } from "./scriptedTask";
import type { TaskSpec } from "./taskRequest";

export interface TaskRegistryLimits {
  readonly maxTasks: number;
  /** Each Redis task runs two redis-server processes. */
  readonly maxRedisTasks: number;
}

/** Thrown when a task id is already taken; the control API answers 409. */
export class TaskConflictError extends Error {
  override readonly name = "TaskConflictError";
}

/** The tasks the emulator answers for, by id, with caps on how many exist. */
export class TaskRegistry {
  private readonly tasks = new Map<string, EmulatedTask>();
  /** Ids being created (a Redis task takes a while); they count against the caps. */
  private readonly reserved = new Map<string, TaskSpec["kind"]>();

  constructor(
    private readonly clock: EmulatorClock,
    private readonly limits: TaskRegistryLimits,
    private readonly redisOptions: RedisTaskOptions = {},
  ) {}

  get(id: string): EmulatedTask | undefined {
    return this.tasks.get(id);
  }

  list(): EmulatedTask[] {
    return [...this.tasks.values()];
  }

  /**
   * Creates a task from a validated spec.
   *
   * @throws EmulatorInputError when a cap is reached; TaskConflictError when the id is taken.
   */
  async create(spec: TaskSpec): Promise<EmulatedTask> {
    const id = spec.id ?? randomUUID();
    if (this.tasks.has(id) || this.reserved.has(id)) throw new TaskConflictError(`Task ${id} already exists`);
    if (this.tasks.size + this.reserved.size >= this.limits.maxTasks) {
      throw new EmulatorInputError("kind", `Cannot create task: the emulator already holds its maximum of ${this.limits.maxTasks} tasks; delete some first`);
    }
    if (spec.kind === "redis" && this.redisCount() >= this.limits.maxRedisTasks) {
      throw new EmulatorInputError(
        "kind",
        `Cannot create a Redis task: ${this.limits.maxRedisTasks} are already running (each runs two redis-server processes); delete one first`,
      );
    }
    this.reserved.set(id, spec.kind);
    try {
      const task: EmulatedTask =
        spec.kind === "scripted" ? new ScriptedTask(id, spec, this.clock) : await RedisTask.create(id, spec, this.clock, this.redisOptions);
      this.tasks.set(id, task);
      return task;
    } finally {
      this.reserved.delete(id);
    }
  }

  /** Removes a task and releases what it holds; false when there was none. */
  async delete(id: string): Promise<boolean> {
    const task = this.tasks.get(id);
    if (task === undefined) return false;
    this.tasks.delete(id);
    await task.close();
    return true;
  }

  async closeAll(): Promise<void> {
    const all = this.list();
    this.tasks.clear();
    await Promise.allSettled(all.map((t) => t.close()));
  }

  private redisCount(): number {
    let n = 0;
    for (const t of this.tasks.values()) if (t.kind === "redis") n++;
    for (const kind of this.reserved.values()) if (kind === "redis") n++;
    return n;
  }
}
