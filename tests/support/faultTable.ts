/** One measured row of the fault matrix. */
export interface FaultRow {
  /** The fault, e.g. `503 burst of 3`. */
  readonly fault: string;
  /** What faced it: the client alone, the waiter over the client, or the CLI as a child process. */
  readonly target: "client" | "waiter" | "cli";
  /** What a user should see: `recovered`, or `fails` for faults no retry can cure or beyond the budget. */
  readonly expected: "recovered" | "fails";
  /** `recovered`, or `failed: <ErrorClass> <code>: <message start>`. */
  readonly outcome: string;
  /** Requests the client put on the wire (one debug trace line each). */
  readonly attempts: number;
  /** What the server side counted: emulator stats requests, or TCP connections for endpoints that are not the emulator. */
  readonly served: string;
  /** Real wall-clock milliseconds. */
  readonly ms: number;
}

const COLUMNS = ["fault", "target", "expected", "outcome", "attempts", "served", "time"] as const;

function cells(row: FaultRow): string[] {
  const values = [row.fault, row.target, row.expected, row.outcome, String(row.attempts), row.served, `${(row.ms / 1000).toFixed(1)} s`];
  return values.map((v) => v.replace(/\|/g, "\\|"));
}

/** The rows as a markdown table, columns padded so it also reads well in a terminal. */
export function formatFaultTable(rows: readonly FaultRow[]): string {
  const body = rows.map(cells);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...body.map((r) => (r[i] ?? "").length)));
  const line = (values: readonly string[]): string => `| ${values.map((v, i) => v.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(COLUMNS), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

/** `failed: NetworkError ECONNREFUSED: <first 110 characters of the message>` */
export function describeFailure(errorClass: string, code: string | number | undefined, message: string): string {
  const text = message.replace(/\s+/g, " ").trim();
  const short = text.length > 110 ? `${text.slice(0, 109)}…` : text;
  return `failed: ${errorClass}${code === undefined ? "" : ` ${code}`}: ${short}`;
}
