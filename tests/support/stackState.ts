import { describeRun } from "./runPulumi";
import type { PulumiWorkspace } from "./pulumiWorkspace";

/** One resource of `pulumi stack export`, as much of it as tests look at. */
export interface StateResource {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly custom?: boolean;
  readonly outputs?: Record<string, unknown>;
  readonly inputs?: Record<string, unknown>;
  readonly initErrors?: string[];
}

/** An operation an interrupted run left unfinished (`pending_operations` of the export). */
export interface PendingOperation {
  /** `creating`, `updating`, `deleting`, `reading` or `importing`. */
  readonly type: string;
  readonly resource: StateResource;
}

/** The stack's checkpoint as `pulumi stack export` prints it, and lookups into it. */
export interface StackState {
  /** The export's text, verbatim (secrets stay encrypted). */
  readonly text: string;
  readonly resources: readonly StateResource[];
  readonly pendingOperations: readonly PendingOperation[];
  /** The resource named `name` (last URN segment) of a type ending in `typeSuffix`, if any. */
  find(typeSuffix: string, name: string): StateResource | undefined;
  /** Like {@link find}, but fails with the list of resources present when it is missing. */
  get(typeSuffix: string, name: string): StateResource;
}

/** Runs `pulumi stack export` and parses it; fails with the CLI output if the export fails. */
export async function exportStack(ws: PulumiWorkspace): Promise<StackState> {
  const run = await ws.run(["stack", "export"]);
  if (run.code !== 0) throw new Error(`Could not export the stack: ${describeRun(run)}`);
  const parsed = JSON.parse(run.stdout) as {
    deployment?: { resources?: StateResource[]; pending_operations?: PendingOperation[] };
  };
  const resources = parsed.deployment?.resources ?? [];
  const pendingOperations = parsed.deployment?.pending_operations ?? [];
  const find = (typeSuffix: string, name: string): StateResource | undefined =>
    resources.find((r) => r.type.endsWith(typeSuffix) && r.urn.endsWith(`::${name}`));
  return {
    text: run.stdout,
    resources,
    pendingOperations,
    find,
    get(typeSuffix, name) {
      const found = find(typeSuffix, name);
      if (found === undefined) {
        throw new Error(
          `Expected the state to hold ${typeSuffix} "${name}", it holds: ${resources.map((r) => r.urn).join(", ") || "nothing"}`,
        );
      }
      return found;
    },
  };
}
