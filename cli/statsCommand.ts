import { readTaskStatus, taskStatusUnavailableLine } from "../provider/dcs";
import { resolveSettings } from "../provider/settings";
import { checkCriteria, resolveWaitOptions } from "../provider/waiter";
import type { CliDeps } from "./cliDeps";
import type { CliIo } from "./cliIo";
import { CONNECTION_FLAGS, OUTPUT_FLAGS, cliArgumentName, connectionArgsFrom, taskIdFrom } from "./commandFlags";
import { errorJson, errorText } from "./errorReport";
import { EXIT_CODES, exitCodeFor, type ExitCode } from "./exitCodes";
import { statsHelp } from "./helpText";
import { parseFlags } from "./parseFlags";
import { renderStatsTable } from "./renderStatsTable";

/** `dcs-migration stats`: one read, printed as a table or as the normalized JSON object. */
export async function statsCommand(argv: readonly string[], io: CliIo, deps: CliDeps): Promise<ExitCode> {
  const flags = parseFlags(argv, [...CONNECTION_FLAGS, ...OUTPUT_FLAGS], "stats");
  if (flags["help"] === true) {
    io.stdout.write(statsHelp());
    return EXIT_CODES.ok;
  }
  const json = flags["json"] === true;
  let reader: ReturnType<CliDeps["createReader"]> | undefined;
  try {
    const taskId = taskIdFrom(flags, "stats");
    const settings = resolveSettings(connectionArgsFrom(flags), { env: io.env, argumentName: cliArgumentName });
    reader = deps.createReader(settings, io);
    // The task's own status after the stats, on the same kept-alive connection (one TLS handshake,
    // one proxy tunnel for a one-shot command; an unknown task fails on the first request). A
    // policy that allows only the stats leaves it empty and says so once on stderr.
    const stats = await reader.getMigrationStats(taskId, io.signal === undefined ? {} : { signal: io.signal });
    const task = await readTaskStatus(reader, taskId, io.signal);
    if (task.error !== undefined) io.stderr.write(`note: ${taskStatusUnavailableLine(taskId, task.error)}\n`);
    const shown = { ...stats, status: task.status };
    io.stdout.write(json ? JSON.stringify(shown, null, 2) + "\n" : renderStatsTable(shown, checkCriteria(stats, resolveWaitOptions())));
    return EXIT_CODES.ok;
  } catch (error) {
    if (json) io.stdout.write(JSON.stringify({ error: errorJson(error) }, null, 2) + "\n");
    io.stderr.write(errorText(error, "stats") + "\n");
    return exitCodeFor(error);
  } finally {
    reader?.close?.();
  }
}
