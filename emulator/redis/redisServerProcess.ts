import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "./freePort";
import { onProcessExit } from "./processCleanup";
import { connectRedis } from "./connectRedis";

export interface RedisServerOptions {
  /** Executable to run. @default "redis-server" (found on PATH; Debian installs /usr/bin/redis-server) */
  readonly redisServer?: string;
  /** Extra `--name value` config directives, e.g. `{ "repl-diskless-sync": "no" }`. */
  readonly config?: Readonly<Record<string, string>>;
  /** Name used in messages: "source" or "target". */
  readonly label: string;
  /** @default 10000 */
  readonly startTimeoutMs?: number;
}

/**
 * The watchdog around redis-server. Runs it in the background, waits on our stdin
 * (a pipe whose write end only this Node process holds) and stops it with SIGTERM
 * when that pipe reaches EOF: when we close it, or when this process dies however
 * it dies. Then it passes the log's tail to us on stderr (for error messages) and
 * removes the data directory. An asynchronous list in a non-interactive shell
 * reads /dev/null, hence the copy of stdin on fd 3.
 */
const WATCHDOG = [
  'dir=$1; shift',
  "exec 3<&0",
  '"$@" 3<&- </dev/null >/dev/null 2>&1 &',
  "child=$!",
  '( cat <&3 >/dev/null 2>&1; kill -TERM "$child" 2>/dev/null ) 2>/dev/null &',
  "watcher=$!",
  "exec 3<&-",
  'wait "$child"',
  "code=$?",
  'kill "$watcher" 2>/dev/null',
  'tail -n 20 "$dir/redis.log" >&2 2>/dev/null',
  'rm -rf -- "$dir"',
  'exit "$code"',
].join("\n");

const START_ATTEMPTS = 3;

/**
 * One redis-server on a free loopback port with its own temporary data directory,
 * no persistence (`--save ''`, `--appendonly no`), bound to 127.0.0.1 only.
 */
export class RedisServerProcess {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exitedFlag = false;
  private readonly unregister: () => void;
  private stderrTail = "";

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly dir: string,
    readonly label: string,
    private readonly executable: string,
  ) {
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-4096);
    });
    child.once("exit", () => {
      this.exitedFlag = true;
      // Ends the watchdog's `cat` if Redis exited on its own (it only stops at EOF).
      child.stdin?.destroy();
    });
    this.exited = new Promise((resolve) => {
      // "close" comes after stderr has been read to the end, so the log tail is complete.
      child.once("close", (code, signal) => {
        this.exitedFlag = true;
        child.stdin?.destroy();
        resolve({ code, signal });
      });
    });
    this.unregister = onProcessExit(() => this.killNow());
  }

  /** Starts a server and waits until it answers PING. Retries on a port taken in between. */
  static async start(options: RedisServerOptions): Promise<RedisServerProcess> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      const port = await findFreePort();
      const server = RedisServerProcess.spawnOn(port, options);
      try {
        await server.waitReady(options.startTimeoutMs ?? 10_000);
        return server;
      } catch (e) {
        lastError = e;
        await server.stop();
        if (!/Address already in use/i.test(String(e))) break;
      }
    }
    throw lastError;
  }

  private static spawnOn(port: number, options: RedisServerOptions): RedisServerProcess {
    const dir = mkdtempSync(join(tmpdir(), `dcs-emulator-${options.label}-`));
    const args = [
      "--port", String(port),
      "--bind", "127.0.0.1",
      "--protected-mode", "yes",
      "--save", "",
      "--appendonly", "no",
      "--daemonize", "no",
      "--dir", dir,
      "--logfile", join(dir, "redis.log"),
    ];
    for (const [name, value] of Object.entries(options.config ?? {})) args.push(`--${name}`, value);
    const executable = options.redisServer ?? "redis-server";
    const child = spawn("/bin/sh", ["-c", WATCHDOG, "watchdog", dir, executable, ...args], {
      stdio: ["pipe", "ignore", "pipe"],
      // Own process group: a terminal's Ctrl-C reaches only us, and we stop Redis in order.
      detached: true,
    });
    // An EPIPE on a dead watchdog's stdin is expected during shutdown.
    child.stdin?.on("error", () => undefined);
    return new RedisServerProcess(child, port, dir, options.label, executable);
  }

  get running(): boolean {
    return !this.exitedFlag;
  }

  /** The last lines of the server's log, for error messages. */
  logTail(lines = 15): string {
    let text = this.stderrTail;
    if (!this.exitedFlag) {
      try {
        text = readFileSync(join(this.dir, "redis.log"), "utf8");
      } catch {
        // Not written yet.
      }
    }
    const tail = text.trimEnd().split("\n").slice(-lines).join("\n");
    return tail === "" ? "(no log)" : tail;
  }

  /** Stops the server (SIGTERM through the watchdog, SIGKILL after `timeoutMs`) and removes its directory. */
  async stop(timeoutMs = 5000): Promise<void> {
    if (!this.exitedFlag) {
      this.child.stdin?.end();
      let timer: NodeJS.Timeout | undefined;
      const killed = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          this.killNow();
          resolve();
        }, timeoutMs);
      });
      await Promise.race([this.exited.then(() => undefined), killed]);
      clearTimeout(timer);
      await this.exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
    this.unregister();
  }

  private killNow(): void {
    if (this.exitedFlag || this.child.pid === undefined) return;
    try {
      // The watchdog leads its own group (detached), so this reaches redis-server too.
      process.kill(-this.child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.exitedFlag) {
        const { code } = await this.exited;
        if (code === 127) {
          throw new Error(
            `Cannot run ${JSON.stringify(this.executable)}: not found. Install Redis (Debian: apt-get install redis-server) ` +
              "or pass the path of redis-server in the `redisServer` option.",
          );
        }
        throw new Error(
          `redis-server (${this.label}) exited with code ${code} during start-up on port ${this.port}:\n${this.logTail()}`,
        );
      }
      try {
        const client = await connectRedis(this.port, 500);
        try {
          const pong = await client.call("PING");
          if (pong === "PONG") return;
        } finally {
          client.disconnect();
        }
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        throw new Error(
          `redis-server (${this.label}) did not answer PING on 127.0.0.1:${this.port} within ${timeoutMs} ms:\n${this.logTail()}`,
        );
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
