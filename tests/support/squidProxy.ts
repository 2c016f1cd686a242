import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, chmodSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/** The squid executable: `DCS_TEST_SQUID` (set by scripts/test from scripts/ensure-squid), PATH, or Debian's /usr/sbin. */
export function squidExecutable(): string | undefined {
  const candidates = [process.env["DCS_TEST_SQUID"], ...(process.env["PATH"] ?? "").split(delimiter).map((d) => join(d, "squid")), "/usr/sbin/squid"];
  for (const c of candidates) {
    if (c === undefined || c === "" || !existsSync(c)) continue;
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // Not executable: try the next one.
    }
  }
  return undefined;
}

export interface SquidOptions {
  /** Names only this proxy resolves, and their addresses (its hosts_file; it asks no DNS server). */
  readonly hosts: Readonly<Record<string, string>>;
  /** Users and passwords it accepts (Basic); every request needs one. */
  readonly users: Readonly<Record<string, string>>;
  /** Host names it refuses to open a tunnel to (403), whoever asks. */
  readonly forbidden?: readonly string[];
}

export interface SquidProxy {
  readonly port: number;
  /** The access log: one line per request, with the request headers squid received. */
  accessLog(): string;
  close(): Promise<void>;
}

/**
 * Starts a real squid on 127.0.0.1 (a free port of its own; squid cannot bind port 0) with a
 * configuration written for the test: no cache, Basic authentication, names resolved from its
 * own hosts file only (`dns_nameservers 127.0.0.1`, where nothing answers, so no DNS query
 * leaves the machine), and an access log that records the headers it was sent.
 */
export async function startSquid(squid: string, opts: SquidOptions): Promise<SquidProxy> {
  const dir = mkdtempSync(join(tmpdir(), "dcs-squid-"));
  chmodSync(dir, 0o755);
  // Squid started as root drops to its own user, which must be able to write its logs.
  const logs = join(dir, "logs");
  mkdirSync(logs, { mode: 0o777 });
  chmodSync(logs, 0o777);
  const f = (name: string): string => join(dir, name);
  writeFileSync(f("hosts"), Object.entries(opts.hosts).map(([name, ip]) => `${ip} ${name}\n`).join(""), { mode: 0o644 });
  const passwd = Object.entries(opts.users)
    .map(([user, pass]) => `${user}:${execFileSync("openssl", ["passwd", "-1", pass], { encoding: "utf8" }).trim()}\n`)
    .join("");
  writeFileSync(f("passwd"), passwd, { mode: 0o644 });

  let lastError = "";
  for (let tries = 0; tries < 3; tries++) {
    const port = await freePort();
    const service = `dcstest${randomBytes(4).toString("hex")}`;
    const conf = [
      `http_port 127.0.0.1:${port}`,
      `visible_hostname dcs-test-proxy`,
      `pid_filename ${join(logs, "squid.pid")}`,
      `cache_log ${join(logs, "cache.log")}`,
      `logformat full %ts.%03tu %>a %Ss/%03>Hs %rm %ru %un [%>h]`,
      `access_log stdio:${join(logs, "access.log")} full`,
      `cache deny all`,
      `cache_mem 8 MB`,
      `pinger_enable off`,
      `shutdown_lifetime 0 seconds`,
      `hosts_file ${f("hosts")}`,
      `dns_nameservers 127.0.0.1`,
      `auth_param basic program /usr/lib/squid/basic_ncsa_auth ${f("passwd")}`,
      `auth_param basic realm dcs-test-proxy`,
      `acl authed proxy_auth REQUIRED`,
      ...(opts.forbidden === undefined || opts.forbidden.length === 0 ? [] : [`acl forbidden dstdomain ${opts.forbidden.join(" ")}`, `http_access deny forbidden`]),
      `http_access allow authed`,
      `http_access deny all`,
      "",
    ].join("\n");
    writeFileSync(f("squid.conf"), conf, { mode: 0o644 });
    const child = spawn(squid, ["-N", "-f", f("squid.conf"), "-n", service], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    if (await listening(port, exited)) {
      return {
        port,
        accessLog: () => readIfThere(join(logs, "access.log")),
        close: async () => {
          await stop(child, exited);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    await stop(child, exited);
    lastError = `${stderr}\n${readIfThere(join(logs, "cache.log"))}`.trim();
    // Another process took the port between the probe and squid's bind: try another one.
    if (!/in use|commBind|cannot bind/i.test(lastError)) break;
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`squid did not start:\n${lastError.split("\n").slice(-15).join("\n")}`);
}

function readIfThere(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** A loopback port nobody listens on now (squid needs its port before it starts; a closed port stands for a proxy that is down). */
export function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Whether `port` accepts connections before the process exits or 15 s pass. */
async function listening(port: number, exited: Promise<void>): Promise<boolean> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 15_000;
  while (!gone && Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
  await exited;
  clearTimeout(timer);
}
