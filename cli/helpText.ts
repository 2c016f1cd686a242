import { CLIENT_TUNABLE_SETTINGS, CONNECTION_SETTINGS, WAIT_SETTINGS } from "../provider/settings";
import { CONNECTION_FLAGS, flagDefault, OUTPUT_FLAGS, WAIT_FLAGS } from "./commandFlags";
import { EXIT_CODE_TABLE } from "./exitCodes";
import type { FlagSpec } from "./parseFlags";

function flagLines(specs: readonly FlagSpec[]): string {
  const left = specs.map((s) => `${s.short === undefined ? "    " : `-${s.short}, `}--${s.name}${s.placeholder === undefined ? "" : ` ${s.placeholder}`}`);
  const width = Math.max(...left.map((l) => l.length));
  return specs.map((s, i) => `  ${(left[i] ?? "").padEnd(width)}  ${s.help}`).join("\n");
}

/** "--timeout 60m --poll-interval 10s …", from the table. */
const WAIT_DEFAULTS_TEXT = WAIT_SETTINGS.filter((r) => r.default !== undefined)
  .map((r) => `${r.flag} ${flagDefault(r)}`)
  .join(" ");

const EXIT_CODES_TEXT = `Exit codes:\n${EXIT_CODE_TABLE.map(([code, meaning]) => `  ${String(code).padStart(3)}  ${meaning}`).join("\n")}`;

const env = (name: string): readonly string[] => CONNECTION_SETTINGS.find((r) => r.name === name)?.env ?? [];

/** The credential groups in precedence order (position i of each credential row's env list). */
const CREDENTIAL_GROUPS = env("accessKey").map((ak, i) => {
  const token = env("securityToken")[i];
  return `${ak} + ${env("secretKey")[i] ?? "?"}${token === undefined ? "" : ` [+ ${token}]`}`;
});

/** Client tunables the environment sets, e.g. HW_MAX_RETRIES. */
const TUNABLES_TEXT = CLIENT_TUNABLE_SETTINGS.filter((r) => r.env.length > 0)
  .map((r) => `  ${r.env.join(", ")}: ${r.docFor?.cli ?? r.doc} Default: ${r.default}.`)
  .join("\n");

const CREDENTIALS_TEXT = `Credentials come only from the environment (never from flags):
  ${CREDENTIAL_GROUPS[0] ?? ""}, or ${env("authToken").join(", ")} (IAM token);
  also ${CREDENTIAL_GROUPS.slice(1).join(" and ")};
  or OIDC federation (temporary keys renewed before they expire): ${env("idpId").join(", ")} + ${env("idTokenFile").join(", ")}
  [+ ${env("iamEndpoint").join(", ")}, default https://iam.{cloud}].
${TUNABLES_TEXT}
  Set HW_DEBUG=1 or DCS_MIGRATION_DEBUG=1 to trace each request on stderr (no secrets).`;

export function topHelp(): string {
  return `dcs-migration — read and wait on a Huawei Cloud DCS online migration

Usage:
  dcs-migration stats --task-id ID [connection flags] [--json]
  dcs-migration wait  --task-id ID [connection flags] [wait flags] [--json]

Commands:
  stats   Read the task's migration stats once and print them.
  wait    Poll until the migration is complete (same rule as WaitForMigration), failed, stalled or timed out.

Run \`dcs-migration <command> --help\` for the flags of each command.

${CREDENTIALS_TEXT}

${EXIT_CODES_TEXT}
`;
}

export function statsHelp(): string {
  return `Usage: dcs-migration stats --task-id ID [connection flags] [--json]

Reads GET /v2/{project_id}/migration-task/{task_id}/stats once, and the task's own record
(GET /v2/{project_id}/migration-task/{task_id}) beside it for its status, and prints a table,
or with --json the normalized stats object with "status". A record the credentials may not
read leaves the status empty, with one note on stderr.

Connection flags:
${flagLines(CONNECTION_FLAGS)}

Output:
${flagLines(OUTPUT_FLAGS)}

Examples:
  # with HW_ACCESS_KEY, HW_SECRET_KEY, HW_PROJECT_ID and HW_REGION_NAME set in the environment:
  dcs-migration stats --task-id 7f3c1a2b-0000-4000-8000-000000000001
  dcs-migration stats --task-id 7f3c1a2b-… --json | jq .fullMigrationProgress
  dcs-migration stats --task-id demo --endpoint http://127.0.0.1:18080 --project-id p1

${CREDENTIALS_TEXT}

${EXIT_CODES_TEXT}
`;
}

export function waitHelp(): string {
  return `Usage: dcs-migration wait --task-id ID [connection flags] [wait flags] [--json]

Polls the task's stats until the migration is complete: full-migration progress at least
--required-progress, |source keys − target keys| within max(--key-tolerance,
--key-tolerance-ratio × source keys), the offset at most --max-offset when given, all holding
on every read for --stable-for. Fails fast when the task's own status says it failed
(FAILED, MIGRATION_FAILED, ERROR: named with the API's reason from its log) or ended
(TERMINATED, RELEASED, DELETED) before completing, when the task stops (is_migrating false),
when nothing changes for --stall-timeout, or on a permanent API error; gives up after
--timeout. The status is read after the first read, when the task stops, before a stall and
before the gate opens; never on every poll. SUCCESS or INCRMIGEATING alone never opens it.
Durations: 90 (seconds), 90s, 15m, 1h, 1h30m.

Connection flags:
${flagLines(CONNECTION_FLAGS)}

Wait flags (defaults equal WaitForMigration's):
${flagLines(WAIT_FLAGS)}

Output:
${flagLines(OUTPUT_FLAGS)}
  On a terminal a progress bar is redrawn in place; otherwise one line per phase change or
  per 30 s. With --json: one JSON object per read (NDJSON), then {"type":"result",…}.

Examples:
  dcs-migration wait --task-id 7f3c1a2b-… --timeout 2h
  dcs-migration wait --task-id 7f3c1a2b-… --stable-for 0 --key-tolerance 100
  dcs-migration wait --task-id 7f3c1a2b-… --json | jq -c 'select(.type=="result")'
  dcs-migration wait --task-id 7f3c1a2b-… && ./switch-traffic.sh

Defaults: ${WAIT_DEFAULTS_TEXT}

${CREDENTIALS_TEXT}

${EXIT_CODES_TEXT}
`;
}
