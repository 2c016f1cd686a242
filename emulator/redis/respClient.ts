import { connect, type Socket } from "node:net";
import { encodeCommand, type RespArg } from "./respEncoder";
import { RespErrorReply, RespParser, RespProtocolError, type RespValue } from "./respParser";

/** A command answered with an error reply, e.g. `LOADING Redis is loading the dataset in memory`. */
export class RedisReplyError extends Error {
  override readonly name = "RedisReplyError";
  constructor(
    readonly command: string,
    readonly reply: RespErrorReply,
  ) {
    super(`Redis answered ${command} with: ${reply.message}`);
  }
  get code(): string {
    return this.reply.code;
  }
}

/** Waiting for `expected` replies written as one unit (a command or a pipelined batch). */
interface Pending {
  readonly label: string;
  readonly expected: number;
  readonly replies: RespValue[] | undefined;
  received: number;
  errors: number;
  firstError: RespErrorReply | undefined;
  readonly resolve: (replies: RespValue[] | BatchResult) => void;
  readonly reject: (error: Error) => void;
}

/** Outcome of {@link RespClient.batch}: how many replies were errors, and the first one. */
export interface BatchResult {
  readonly replies: number;
  readonly errors: number;
  readonly firstError: string | undefined;
}

/**
 * A minimal Redis client for the emulator: one TCP connection, commands pipelined
 * in order, replies matched first-in first-out. No reconnects: a dropped
 * connection rejects everything pending, and the owner decides what that means
 * (a task whose server died has failed).
 */
export class RespClient {
  private readonly parser = new RespParser();
  private readonly queue: Pending[] = [];
  private head = 0;
  private closedError: Error | undefined;

  private constructor(
    private readonly socket: Socket,
    readonly port: number,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (e) => this.fail(e));
    socket.on("close", () => this.fail(new Error(`Connection to Redis on 127.0.0.1:${port} closed`)));
  }

  /** Connects to a loopback Redis; rejects after `timeoutMs`. */
  static connect(port: number, timeoutMs = 2000): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`Timed out after ${timeoutMs} ms connecting to Redis on 127.0.0.1:${port}`));
      }, timeoutMs);
      socket.once("connect", () => {
        clearTimeout(timer);
        socket.removeAllListeners("error");
        resolve(new RespClient(socket, port));
      });
      socket.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  /** Sends one command; resolves with its reply, rejects with {@link RedisReplyError} on an error reply. */
  async command(...args: RespArg[]): Promise<RespValue> {
    const label = String(args[0] ?? "").toUpperCase();
    const [reply] = (await this.enqueue(label, encodeCommand(args), 1, true)) as RespValue[];
    if (reply instanceof RespErrorReply) throw new RedisReplyError(label, reply);
    return reply ?? null;
  }

  /** Several commands in one write; replies in order, error replies included as values. */
  async pipeline(commands: readonly (readonly RespArg[])[]): Promise<RespValue[]> {
    const payload = Buffer.concat(commands.map((c) => encodeCommand(c)));
    return (await this.enqueue("pipeline", payload, commands.length, true)) as RespValue[];
  }

  /**
   * Pre-encoded commands whose replies are only counted, not kept: how the seeder
   * writes 100 000 keys without 100 000 promises.
   */
  batch(payload: Buffer, commandCount: number): Promise<BatchResult> {
    return this.enqueue("batch", payload, commandCount, false) as Promise<BatchResult>;
  }

  /** Closes the connection; anything pending is rejected. */
  close(): void {
    this.fail(new Error("Redis connection closed by the emulator"));
    this.socket.destroy();
  }

  get closed(): boolean {
    return this.closedError !== undefined;
  }

  private enqueue(label: string, payload: Buffer, expected: number, keep: boolean): Promise<RespValue[] | BatchResult> {
    if (this.closedError !== undefined) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      this.queue.push({
        label,
        expected,
        replies: keep ? [] : undefined,
        received: 0,
        errors: 0,
        firstError: undefined,
        resolve,
        reject,
      });
      this.socket.write(payload);
    });
  }

  private onData(chunk: Buffer): void {
    let values: RespValue[];
    try {
      this.parser.push(chunk);
      values = this.parser.drain();
    } catch (e) {
      this.fail(e instanceof RespProtocolError ? e : new RespProtocolError(String(e)));
      this.socket.destroy();
      return;
    }
    for (const value of values) {
      const pending = this.queue[this.head];
      if (pending === undefined) {
        this.fail(new RespProtocolError("Redis sent a reply nobody asked for"));
        this.socket.destroy();
        return;
      }
      pending.received++;
      if (pending.replies !== undefined) pending.replies.push(value);
      if (value instanceof RespErrorReply) {
        pending.errors++;
        pending.firstError ??= value;
      }
      if (pending.received === pending.expected) {
        this.head++;
        pending.resolve(
          pending.replies ?? { replies: pending.received, errors: pending.errors, firstError: pending.firstError?.message },
        );
      }
    }
    if (this.head > 64 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  private fail(error: Error): void {
    if (this.closedError !== undefined) return;
    this.closedError = error;
    for (let i = this.head; i < this.queue.length; i++) this.queue[i]?.reject(error);
    this.queue.length = 0;
    this.head = 0;
  }
}
