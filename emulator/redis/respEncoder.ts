/** One argument of a Redis command; numbers are sent as their decimal text. */
export type RespArg = string | number | Buffer;

/**
 * A command as a RESP array of bulk strings, the only form Redis accepts from
 * clients in the unified protocol. Byte lengths, not string lengths, so UTF-8 keys
 * are framed right.
 */
export function encodeCommand(args: readonly RespArg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`, "latin1")];
  for (const arg of args) {
    const data = Buffer.isBuffer(arg) ? arg : Buffer.from(typeof arg === "number" ? String(arg) : arg, "utf8");
    parts.push(Buffer.from(`$${data.length}\r\n`, "latin1"), data, CRLF);
  }
  return Buffer.concat(parts);
}

/** Many commands in one buffer, for pipelining (one write, many replies). */
export function encodeCommands(commands: readonly (readonly RespArg[])[]): Buffer {
  return Buffer.concat(commands.map(encodeCommand));
}

const CRLF = Buffer.from("\r\n", "latin1");
