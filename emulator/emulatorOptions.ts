import { randomBytes } from "node:crypto";
import type { EmulatorCredentials } from "./auth/authenticate";
import { EmulatorInputError } from "./control/inputError";
import { expectNumber, expectObject, expectOnlyKeys, expectString } from "./control/jsonInput";
import type { EmulatorClock } from "./emulatorClock";
import type { CreateTaskRequest } from "./tasks/taskRequest";

/** Options of {@link startEmulator}. Every one is optional. */
export interface EmulatorOptions {
  /** Port on 127.0.0.1 (the emulator never binds another address). @default 0 (any free port) */
  readonly port?: number;
  /** The project id the API answers for; others get 403. @default random 32 hex characters */
  readonly projectId?: string;
  /** The accepted identity; any part left out is generated at random. */
  readonly credentials?: Partial<EmulatorCredentials>;
  /** Generate a security token, making the key pair temporary (FACTS.md §3). @default false */
  readonly temporaryCredentials?: boolean;
  /** Tasks to create at start-up. @default [] */
  readonly tasks?: readonly CreateTaskRequest[];
  /** Source of "now" for signature skew and scripted timelines. @default the system clock */
  readonly clock?: EmulatorClock;
  /** Allowed X-Sdk-Date distance from `clock`. @default 900000 (15 minutes, FACTS.md §3) */
  readonly maxSkewMs?: number;
  /**
   * How far the emulated gateway's clock runs ahead of `clock` (negative: behind), as if the
   * machine running the client had a wrong clock: the API's `Date` header and its X-Sdk-Date
   * check use the shifted time. Changeable later with `PUT /_emulator/clock`. @default 0
   */
  readonly clockSkewMs?: number;
  /** @default 200 */
  readonly maxTasks?: number;
  /** Each runs two redis-server processes. @default 4 */
  readonly maxRedisTasks?: number;
  /** @default 256 */
  readonly maxConnections?: number;
  /** Largest request body accepted (control API JSON, or a body sent to the stats path). @default 65536 */
  readonly maxBodyBytes?: number;
  /** @default 16384 */
  readonly maxHeaderBytes?: number;
  /** redis-server executable for Redis-backed tasks. @default "redis-server" */
  readonly redisServer?: string;
  /** How long one look at a Redis task's servers is reused. @default 100 */
  readonly redisSampleMaxAgeMs?: number;
  /** Called with one line per API request and per internal error; silent when absent. */
  readonly log?: (line: string) => void;
  /**
   * Serve HTTPS with this PEM key and certificate chain instead of plain HTTP (the URL becomes
   * `https://127.0.0.1:<port>`). Clients must trust the chain's root (NODE_EXTRA_CA_CERTS).
   * @default undefined (plain HTTP)
   */
  readonly tls?: EmulatorTls;
}

/** Key and certificate chain (PEM) the emulator serves HTTPS with. */
export interface EmulatorTls {
  readonly key: string | Buffer;
  readonly cert: string | Buffer;
}

/** Every key of {@link EmulatorOptions}. */
const EMULATOR_OPTION_KEYS: ReadonlyArray<keyof EmulatorOptions> = [
  "port",
  "projectId",
  "credentials",
  "temporaryCredentials",
  "tasks",
  "clock",
  "maxSkewMs",
  "clockSkewMs",
  "maxTasks",
  "maxRedisTasks",
  "maxConnections",
  "maxBodyBytes",
  "maxHeaderBytes",
  "redisServer",
  "redisSampleMaxAgeMs",
  "log",
  "tls",
];

export const EMULATOR_DEFAULTS = {
  port: 0,
  temporaryCredentials: false,
  maxSkewMs: 15 * 60_000,
  clockSkewMs: 0,
  maxTasks: 200,
  maxRedisTasks: 4,
  maxConnections: 256,
  maxBodyBytes: 65_536,
  maxHeaderBytes: 16_384,
  redisServer: "redis-server",
  redisSampleMaxAgeMs: 100,
} as const;

export interface ResolvedEmulatorOptions {
  readonly port: number;
  readonly projectId: string;
  readonly credentials: EmulatorCredentials;
  readonly tasks: readonly CreateTaskRequest[];
  readonly clock: EmulatorClock | undefined;
  readonly maxSkewMs: number;
  readonly clockSkewMs: number;
  readonly maxTasks: number;
  readonly maxRedisTasks: number;
  readonly maxConnections: number;
  readonly maxBodyBytes: number;
  readonly maxHeaderBytes: number;
  readonly redisServer: string;
  readonly redisSampleMaxAgeMs: number;
  readonly log: ((line: string) => void) | undefined;
  readonly tls: EmulatorTls | undefined;
}

const ALNUM_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomText(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

/**
 * Merges options over {@link EMULATOR_DEFAULTS} once and validates them, naming
 * the option and value at fault. Missing credentials are generated in the shape
 * of real ones (20-character AK, 40-character SK).
 *
 * @throws EmulatorInputError
 */
export function resolveEmulatorOptions(options: EmulatorOptions = {}): ResolvedEmulatorOptions {
  // Like the control API's JSON: a typo (`prot`) must not silently leave the default in force.
  expectOnlyKeys(expectObject(options, "options"), "", EMULATOR_OPTION_KEYS);
  const d = EMULATOR_DEFAULTS;
  const positive = (v: number | undefined, name: string, fallback: number): number =>
    v === undefined ? fallback : expectNumber(v, name, { min: 1, integer: true });
  const port = options.port === undefined ? d.port : expectNumber(options.port, "port", { min: 0, max: 65535, integer: true });
  const projectId =
    options.projectId === undefined
      ? randomBytes(16).toString("hex")
      : expectString(options.projectId, "projectId", { re: /^[A-Za-z0-9_-]{1,64}$/, what: "1–64 letters, digits, '_' or '-'" });
  const given = options.credentials ?? {};
  for (const key of ["accessKey", "secretKey", "authToken", "securityToken"] as const) {
    const v = given[key];
    if (v !== undefined && (typeof v !== "string" || v === "" || /[\r\n]/.test(v))) {
      throw new EmulatorInputError(`credentials.${key}`, `Expected \`credentials.${key}\` to be a non-empty single-line string`);
    }
  }
  const temporary = options.temporaryCredentials ?? d.temporaryCredentials;
  const securityToken = given.securityToken ?? (temporary ? randomText(ALNUM, 96) : undefined);
  const credentials: EmulatorCredentials = {
    accessKey: given.accessKey ?? randomText(ALNUM_UPPER, 20),
    secretKey: given.secretKey ?? randomText(ALNUM, 40),
    authToken: given.authToken ?? `MII${randomText(ALNUM, 61)}`,
    ...(securityToken === undefined ? {} : { securityToken }),
  };
  if (options.log !== undefined && typeof options.log !== "function") {
    throw new EmulatorInputError("log", "Expected `log` to be a function");
  }
  if (options.tls !== undefined) {
    for (const key of ["key", "cert"] as const) {
      const v: unknown = (options.tls as Partial<EmulatorTls> | null)?.[key];
      if (!(typeof v === "string" || Buffer.isBuffer(v)) || v.length === 0) {
        throw new EmulatorInputError(`tls.${key}`, `Expected \`tls.${key}\` to be a non-empty PEM string or Buffer`);
      }
    }
  }
  return {
    port,
    projectId,
    credentials,
    tasks: options.tasks ?? [],
    clock: options.clock,
    maxSkewMs: options.maxSkewMs === undefined ? d.maxSkewMs : expectNumber(options.maxSkewMs, "maxSkewMs", { min: 0 }),
    clockSkewMs: options.clockSkewMs === undefined ? d.clockSkewMs : expectClockSkewMs(options.clockSkewMs, "clockSkewMs"),
    maxTasks: positive(options.maxTasks, "maxTasks", d.maxTasks),
    maxRedisTasks: options.maxRedisTasks === undefined ? d.maxRedisTasks : expectNumber(options.maxRedisTasks, "maxRedisTasks", { min: 0, integer: true }),
    maxConnections: positive(options.maxConnections, "maxConnections", d.maxConnections),
    maxBodyBytes: positive(options.maxBodyBytes, "maxBodyBytes", d.maxBodyBytes),
    maxHeaderBytes: positive(options.maxHeaderBytes, "maxHeaderBytes", d.maxHeaderBytes),
    redisServer: options.redisServer === undefined ? d.redisServer : expectString(options.redisServer, "redisServer"),
    redisSampleMaxAgeMs:
      options.redisSampleMaxAgeMs === undefined ? d.redisSampleMaxAgeMs : expectNumber(options.redisSampleMaxAgeMs, "redisSampleMaxAgeMs", { min: 0 }),
    log: options.log,
    tls: options.tls,
  };
}

/** Ten years either way: enough for any wrong clock, and a `Date` header stays a real date. */
const MAX_CLOCK_SKEW_MS = 10 * 365 * 24 * 3600_000;

/** Validates a gateway clock skew (start option or control API), naming the field. */
export function expectClockSkewMs(value: unknown, field: string): number {
  return expectNumber(value, field, { integer: true, min: -MAX_CLOCK_SKEW_MS, max: MAX_CLOCK_SKEW_MS });
}
