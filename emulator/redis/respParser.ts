/** An error reply (`-ERR …`, `-LOADING …`): a value, so one bad reply in a pipeline does not lose the others. */
export class RespErrorReply {
  constructor(readonly message: string) {}
  /** The first word, e.g. `LOADING` or `ERR`. */
  get code(): string {
    const space = this.message.indexOf(" ");
    return space === -1 ? this.message : this.message.slice(0, space);
  }
}

/** A RESP2 reply; bulk strings are decoded as UTF-8 (INFO text, keys, values of this emulator). */
export type RespValue = string | number | null | RespErrorReply | RespValue[];

/** Thrown when the bytes are not RESP: the connection cannot be trusted any further. */
export class RespProtocolError extends Error {
  override readonly name = "RespProtocolError";
}

const INCOMPLETE = Symbol("incomplete");
type Parsed = { value: RespValue; end: number } | typeof INCOMPLETE;

/**
 * Incremental RESP2 reply parser: feed chunks as they arrive, take whole replies
 * out. A reply split across chunks is kept until the rest arrives.
 */
export class RespParser {
  private buffer: Buffer = Buffer.alloc(0);
  private pos = 0;

  push(chunk: Buffer): void {
    if (this.pos >= this.buffer.length) {
      this.buffer = chunk;
    } else {
      this.buffer = Buffer.concat([this.buffer.subarray(this.pos), chunk]);
    }
    this.pos = 0;
  }

  /** Every complete reply available now, in order. */
  drain(): RespValue[] {
    const out: RespValue[] = [];
    for (;;) {
      const parsed = this.parse(this.pos);
      if (parsed === INCOMPLETE) return out;
      out.push(parsed.value);
      this.pos = parsed.end;
    }
  }

  private parse(at: number): Parsed {
    const buf = this.buffer;
    if (at >= buf.length) return INCOMPLETE;
    const lineEnd = buf.indexOf("\r\n", at, "latin1");
    if (lineEnd === -1) return INCOMPLETE;
    const type = buf[at];
    const line = buf.toString("utf8", at + 1, lineEnd);
    const next = lineEnd + 2;
    switch (type) {
      case 0x2b: // +
        return { value: line, end: next };
      case 0x2d: // -
        return { value: new RespErrorReply(line), end: next };
      case 0x3a: // :
        return { value: toInteger(line), end: next };
      case 0x24: {
        // $
        const length = toInteger(line);
        if (length === -1) return { value: null, end: next };
        if (length < 0) throw new RespProtocolError(`Bad bulk length ${line}`);
        if (buf.length < next + length + 2) return INCOMPLETE;
        return { value: buf.toString("utf8", next, next + length), end: next + length + 2 };
      }
      case 0x2a: {
        // *
        const count = toInteger(line);
        if (count === -1) return { value: null, end: next };
        if (count < 0) throw new RespProtocolError(`Bad array length ${line}`);
        const items: RespValue[] = [];
        let cursor = next;
        for (let i = 0; i < count; i++) {
          const item = this.parse(cursor);
          if (item === INCOMPLETE) return INCOMPLETE;
          items.push(item.value);
          cursor = item.end;
        }
        return { value: items, end: cursor };
      }
      default:
        throw new RespProtocolError(`Unexpected RESP type byte 0x${(type ?? 0).toString(16)}`);
    }
  }
}

function toInteger(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n)) throw new RespProtocolError(`Bad RESP integer ${JSON.stringify(text)}`);
  return n;
}
