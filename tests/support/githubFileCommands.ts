/**
 * GitHub Actions' file commands as the runner reads them after a step: `$GITHUB_OUTPUT` and
 * `$GITHUB_ENV` hold `name=value` lines or `name<<DELIMITER` … `DELIMITER` blocks (multi-line
 * values); the runner refuses a block whose delimiter never comes. `$GITHUB_PATH` holds one
 * folder per line, prepended to PATH for later steps.
 */
export function parseKeyValueFile(text: string, fileName: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line === "") continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    const eq = line.indexOf("=");
    if (heredoc !== null && (eq === -1 || eq > line.indexOf("<<"))) {
      const [, name = "", delimiter = ""] = heredoc;
      const value: string[] = [];
      let closed = false;
      for (i++; i < lines.length; i++) {
        if (lines[i] === delimiter) {
          closed = true;
          break;
        }
        value.push(lines[i] ?? "");
      }
      if (!closed) throw new Error(`${fileName}: matching delimiter not found '${delimiter}' (for ${name})`);
      out[name] = value.join("\n");
      continue;
    }
    if (eq <= 0) throw new Error(`${fileName}: invalid line ${JSON.stringify(line)}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/** Workflow commands a step printed on stdout (`::add-mask::x`, `::error::…`); the runner hides these lines. */
export interface WorkflowCommand {
  readonly command: string;
  readonly value: string;
}

/** Splits a step's stdout into the log lines a user sees and the workflow commands the runner consumed. */
export function splitWorkflowCommands(stdout: string): { log: string[]; commands: WorkflowCommand[] } {
  const log: string[] = [];
  const commands: WorkflowCommand[] = [];
  for (const line of stdout.split("\n")) {
    const m = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line);
    if (m !== null) commands.push({ command: m[1] ?? "", value: m[2] ?? "" });
    else log.push(line);
  }
  return { log, commands };
}
