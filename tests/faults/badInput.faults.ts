import { strict as assert } from "node:assert";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { run } from "../../cli/run";
import { startEmulator, type CreateTaskRequest, type EmulatorHandle, EmulatorControlError, EmulatorInputError, type EmulatorOptions, type FaultRule } from "../../emulator";
import { DcsClient, type DcsClientOptions } from "../../provider/dcs/dcsClient";
import { createDynamicProvider } from "../../provider/pulumi/dynamicProviders";
import { ConfigurationError } from "../../provider/core/errors";
import { resolveSettings, type ConnectionArgs } from "../../provider/settings/settings";
import { waitForCompletion } from "../../provider/waiter/waitForCompletion";
import { getMigrationStats } from "../../sdk/getMigrationStats";
import {
  BAD_NUMBERS,
  CONTROL_CHARS,
  EMPTY,
  NON_LATIN1,
  PATH_INJECTION,
  WRONG_TYPES,
  oversized,
  showValue,
  type BadValue,
} from "../support/badValues";
import { capturedIo } from "../support/capturedIo";
import { startFakeEngine } from "../support/fakeEngine";
import { startPluginHost } from "../support/pluginHost";
import { installOfflineDns } from "../support/offlineDns";
import { HostCallError } from "../support/dynamicProviderHost";
import { runCliProcess } from "../support/runCliProcess";
import { scanForSecrets, type Artifact } from "../support/secretScan";

/**
 * Every entry point, every argument, fed empty, wrong-type, oversized, path-injecting,
 * header-breaking and unknown values. Each must be refused with an error that names the
 * argument, before any request: the emulator's request counter and the count of host-name
 * lookups (answered offline) must not move. Credentials in bad values must not be echoed.
 */

/** How an entry point answered one bad input. */
interface Verdict {
  readonly refused: boolean;
  /** Where the error says the problem is (error `field`, check `property`, the flag). */
  readonly field: string | undefined;
  readonly message: string;
  readonly errorClass: string;
}

interface BadInputCase {
  readonly entry: string;
  /** The argument under test, as the entry point names it. */
  readonly arg: string;
  /** Other names the error may use for the argument (a flag, a config key). */
  readonly aliases?: readonly string[];
  readonly bad: BadValue;
  /** A credential: the message must not contain the value. */
  readonly secret?: boolean;
  readonly run: (signal: AbortSignal) => Promise<Verdict>;
}

const TASK = "f4e5c7b0-1a2b-4c3d-9e8f-0123456789ab";
// Only catches a case that hangs instead of refusing: the bin cases start a child process through
// ts-node, which took 8–11 s on this 2-core machine at load average 20, so a tighter bound flakes.
const ANSWER_WITHIN_MS = 30_000;

function verdictOf(e: unknown): Verdict {
  if (e instanceof ConfigurationError) return { refused: true, field: e.field, message: e.message, errorClass: e.name };
  if (e instanceof EmulatorControlError) {
    // 413/431: the server refused a body or a request line too large to read; 400/404 name the field.
    return { refused: [400, 404, 413, 431].includes(e.status), field: e.field, message: e.message, errorClass: `${e.name} ${e.status}` };
  }
  if (e instanceof EmulatorInputError) return { refused: true, field: e.field, message: e.message, errorClass: e.name };
  const err = e instanceof Error ? e : new Error(String(e));
  return { refused: false, field: undefined, message: err.message, errorClass: `${err.name} (not a configuration error)` };
}

async function rejects(work: () => Promise<unknown> | unknown): Promise<Verdict> {
  try {
    await work();
  } catch (e) {
    return verdictOf(e);
  }
  return { refused: false, field: undefined, message: "accepted: no error", errorClass: "none" };
}

describe("bad input at every entry point: refused by name, before any request", function () {
  this.timeout(120_000);
  let emulator: EmulatorHandle;
  let lookups = 0;
  let restoreDns: () => void = () => undefined;
  const savedEnv: Record<string, string | undefined> = {};
  const tried = new Map<string, number>();
  let misbehaved = 0;

  /** The emulator's temporary credentials: what the secret scan at the end looks for. */
  const keyPair = (): Pick<ConnectionArgs, "accessKey" | "secretKey" | "securityToken"> => ({
    accessKey: emulator.credentials.accessKey,
    secretKey: emulator.credentials.secretKey,
    securityToken: emulator.credentials.securityToken,
  });
  const valid = (): ConnectionArgs => ({ endpoint: emulator.url, projectId: emulator.projectId, ...keyPair() });
  /** Where region and cloud matter: no endpoint override, so an accepted value would reach for a Huawei host name. */
  const regional = (): ConnectionArgs => ({ region: "cn-north-4", projectId: emulator.projectId, ...keyPair() });
  /** Every error message and CLI output of the sweep, for the secret scan. */
  const artifacts: Artifact[] = [];

  before(async () => {
    // The SDK function reads the environment; keep the developer's own settings out of it.
    for (const key of Object.keys(process.env)) {
      if (/^(HW_|HUAWEICLOUD_SDK_|OS_|PULUMI_CONFIG)/.test(key)) {
        savedEnv[key] = process.env[key];
        delete process.env[key];
      }
    }
    restoreDns = installOfflineDns(() => lookups++);
    emulator = await startEmulator({ temporaryCredentials: true, tasks: [{ kind: "scripted", id: TASK, preset: "complete" }] });
  });

  after(async () => {
    restoreDns();
    Object.assign(process.env, savedEnv);
    await emulator?.close();
    const total = [...tried.values()].reduce((a, b) => a + b, 0);
    console.log(`\n  bad inputs: ${total} tried, ${total - misbehaved} refused by name before any request, ${misbehaved} misbehaved`);
    for (const [entry, n] of tried) console.log(`    ${entry.padEnd(52)} ${String(n).padStart(4)}`);
    console.log("");
  });

  async function requestsSoFar(): Promise<number> {
    return (await emulator.control.requests()).total.requests;
  }

  /** Runs every case; reports all that misbehave at once. */
  async function sweep(cases: readonly BadInputCase[]): Promise<void> {
    const problems: string[] = [];
    for (const c of cases) {
      tried.set(c.entry, (tried.get(c.entry) ?? 0) + 1);
      const before = { requests: await requestsSoFar(), lookups };
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const verdict = await Promise.race([
        c.run(controller.signal),
        new Promise<Verdict>((resolve) => {
          timer = setTimeout(() => {
            controller.abort();
            resolve({ refused: false, field: undefined, message: `no answer within ${ANSWER_WITHIN_MS} ms`, errorClass: "none" });
          }, ANSWER_WITHIN_MS);
        }),
      ]);
      clearTimeout(timer);
      artifacts.push({ name: `${c.entry} ${c.arg} = ${c.bad.label}`, content: verdict.message });
      const sent = (await requestsSoFar()) - before.requests + (lookups - before.lookups);
      const names = [c.arg, ...(c.aliases ?? [])];
      const where = `${c.entry} ${c.arg} = ${c.bad.label} ${showValue(c.bad.value)}`;
      const said = `${verdict.errorClass}${verdict.field === undefined ? "" : ` [field ${verdict.field}]`}: ${verdict.message.slice(0, 300)}`;
      if (!verdict.refused) problems.push(`${where}: not refused — ${said}`);
      else if (!names.some((n) => verdict.field === n || verdict.field?.startsWith(`${n}.`) || verdict.field?.startsWith(`${n}[`) || verdict.message.includes(n))) {
        problems.push(`${where}: the error does not name ${names.join(" / ")} — ${said}`);
      }
      if (sent > 0) problems.push(`${where}: ${sent} request(s) or host lookups went out before the refusal`);
      if (verdict.message.length > 2000) problems.push(`${where}: message of ${verdict.message.length} characters`);
      if (c.secret === true && typeof c.bad.value === "string" && c.bad.value.length >= 4 && verdict.message.includes(c.bad.value)) {
        problems.push(`${where}: the message repeats the credential`);
      }
    }
    misbehaved += new Set(problems.map((p) => p.slice(0, p.indexOf(": ")))).size;
    assert.deepEqual(problems, [], `${problems.length} of ${cases.length} bad inputs misbehaved:\n${problems.join("\n")}`);
  }

  /** The bad values for each connection argument of the programmatic API. */
  function connectionCases(entry: string, call: (args: Record<string, unknown>, signal: AbortSignal) => Promise<unknown>): BadInputCase[] {
    const cases: BadInputCase[] = [];
    const add = (arg: string, base: () => Record<string, unknown>, values: readonly BadValue[], secret = false): void => {
      for (const bad of values) {
        cases.push({ entry, arg, bad, secret, run: (signal) => rejects(() => call({ ...base(), [arg]: bad.value }, signal)) });
      }
    };
    const withTask = (b: () => ConnectionArgs) => () => ({ taskId: TASK, ...b() });
    const without = (key: string, b: () => ConnectionArgs) => () => {
      const args: Record<string, unknown> = { taskId: TASK, ...b() };
      delete args[key];
      return args;
    };
    add("taskId", withTask(valid), [...EMPTY, ...WRONG_TYPES, { label: "null", value: null }, ...PATH_INJECTION, ...CONTROL_CHARS, oversized()]);
    add("projectId", without("projectId", valid), [...EMPTY, ...WRONG_TYPES, ...PATH_INJECTION, ...CONTROL_CHARS, oversized()]);
    add("region", without("region", regional), [...EMPTY, ...WRONG_TYPES, ...PATH_INJECTION, ...CONTROL_CHARS, oversized()]);
    add("cloud", withTask(regional), [...WRONG_TYPES, ...PATH_INJECTION, ...CONTROL_CHARS, oversized("", ".com")]);
    add("endpoint", without("endpoint", valid), [
      ...EMPTY,
      ...WRONG_TYPES,
      { label: "path ../", value: `${emulator.url}/../v2` },
      { label: "query ?", value: `${emulator.url}?x=1` },
      { label: "path %2F", value: `${emulator.url}/%2F` },
      { label: "fragment #", value: `${emulator.url}#x` },
      { label: "user:password@", value: emulator.url.replace("//", "//user:pw@") },
      { label: "ftp scheme", value: "ftp://127.0.0.1:21" },
      { label: "file scheme", value: "file:///etc/passwd" },
      { label: "no scheme", value: "127.0.0.1:8080" },
      { label: "plain http off loopback", value: "http://dcs.cn-north-4.myhuaweicloud.com" },
      { label: "newline inside", value: emulator.url.replace("127.0.0.1", "127.0.\n0.1") },
      oversized("https://", ".com"),
    ]);
    add("accessKey", withTask(valid), [...EMPTY, ...WRONG_TYPES, ...CONTROL_CHARS, ...NON_LATIN1, oversized()]);
    add("secretKey", withTask(valid), [...EMPTY, ...WRONG_TYPES], true);
    add("securityToken", withTask(valid), [...WRONG_TYPES, ...CONTROL_CHARS, ...NON_LATIN1, oversized()], true);
    const tokenOnly = () => ({ taskId: TASK, endpoint: emulator.url, projectId: emulator.projectId });
    add("authToken", tokenOnly, [...EMPTY, ...WRONG_TYPES, ...CONTROL_CHARS, ...NON_LATIN1, oversized()], true);
    add("allowInsecureHttp", withTask(valid), [
      { label: "string", value: "true" },
      { label: "number", value: 1 },
      { label: "object", value: {} },
    ]);
    return cases;
  }

  it("the data-source function getMigrationStats(args)", async () => {
    const cases = connectionCases("sdk getMigrationStats()", (args) => getMigrationStats(args as never));
    // A misspelt argument must not leave the stack config or environment silently in charge.
    for (const [arg, value] of [["regoin", "eu-west-101"], ["taskID", TASK], ["timeoutSeconds", 60]] as const) {
      cases.push({ entry: "sdk getMigrationStats()", arg, bad: { label: "unknown argument", value }, run: () => rejects(() => getMigrationStats({ taskId: TASK, ...valid(), [arg]: value } as never)) });
    }
    await sweep(cases);
  });

  it("the client: resolveSettings + new DcsClient(settings, options) + getMigrationStats(taskId)", async () => {
    const cases = connectionCases("DcsClient", async (args, signal) => {
      const { taskId, ...connection } = args;
      const client = new DcsClient(resolveSettings(connection as ConnectionArgs, { env: {} }), { env: {} });
      try {
        return await client.getMigrationStats(taskId as string, { signal });
      } finally {
        client.close();
      }
    });
    const settings = () => resolveSettings(valid(), { env: {} });
    const tunable = (arg: string, values: readonly BadValue[]): void => {
      for (const bad of values) {
        cases.push({
          entry: "DcsClient options",
          arg,
          bad,
          run: (signal) =>
            rejects(async () => {
              const client = new DcsClient(settings(), { env: {}, [arg]: bad.value } as DcsClientOptions);
              try {
                return await client.getMigrationStats(TASK, { signal });
              } finally {
                client.close();
              }
            }),
        });
      }
    };
    const msOverflow = { label: "oversized (2^31 ms, beyond a Node timer)", value: 2 ** 31 };
    tunable("maxRetries", [{ label: "beyond a safe integer", value: 2 ** 53 }, ...BAD_NUMBERS, { label: "fraction", value: 1.5 }]);
    for (const arg of ["maxConcurrentRequests", "maxResponseBytes"]) tunable(arg, [{ label: "zero", value: 0 }, ...BAD_NUMBERS, { label: "fraction", value: 1.5 }]);
    for (const arg of ["baseDelayMs", "maxDelayMs", "maxRetryAfterMs", "throttleMinDelayMs"]) tunable(arg, [...BAD_NUMBERS, { label: "fraction", value: 0.5 }, msOverflow]);
    tunable("requestTimeoutMs", [{ label: "zero", value: 0 }, ...BAD_NUMBERS, msOverflow]);
    tunable("retries", [{ label: "unknown option", value: 3 }]);
    await sweep(cases);
  });

  /** Bad values of every wait option, shared by the waiter, the resource inputs and (as flags) the CLI. */
  const WAIT_OPTION_CASES: ReadonlyArray<readonly [string, readonly BadValue[]]> = [
    ["requiredProgress", [{ label: "zero", value: 0 }, { label: "over 100", value: 101 }, ...BAD_NUMBERS]],
    ["keyCountTolerance", [{ label: "fraction", value: 1.5 }, ...BAD_NUMBERS]],
    ["keyCountToleranceRatio", [{ label: "over 1", value: 2 }, ...BAD_NUMBERS]],
    ["stableForSeconds", [...BAD_NUMBERS, { label: "oversized (over a year)", value: 1e10 }]],
    ["stallTimeoutSeconds", [{ label: "zero", value: 0 }, ...BAD_NUMBERS, { label: "oversized (over a year)", value: 1e8 }]],
    ["timeoutSeconds", [{ label: "zero", value: 0 }, ...BAD_NUMBERS, { label: "oversized (over a year)", value: 1e300 }]],
    ["pollIntervalSeconds", [{ label: "zero", value: 0 }, ...BAD_NUMBERS, { label: "oversized (over a year)", value: 1e10 }]],
    ["minPollIntervalSeconds", [{ label: "zero", value: 0 }, ...BAD_NUMBERS, { label: "above pollIntervalSeconds", value: 11 }]],
    [
      "maxOffset",
      [
        { label: "negative", value: "-1" },
        { label: "number", value: 5 },
        { label: "exponent", value: "1e3" },
        { label: "text", value: "abc" },
        { label: "../", value: "../1" },
        { label: "empty", value: "" },
      ],
    ],
  ];

  it("the waiter: waitForCompletion({ taskId, options })", async () => {
    const cases: BadInputCase[] = [];
    const wait = (taskId: unknown, options: Record<string, unknown>, signal: AbortSignal) =>
      rejects(async () => {
        const client = new DcsClient(resolveSettings(valid(), { env: {} }), { env: {} });
        try {
          return await waitForCompletion({ reader: client, taskId: taskId as string, options: { stableForSeconds: 0, ...options }, signal });
        } finally {
          client.close();
        }
      });
    for (const bad of [...EMPTY, ...WRONG_TYPES, { label: "null", value: null }, ...PATH_INJECTION, ...CONTROL_CHARS, oversized()]) {
      cases.push({ entry: "waitForCompletion", arg: "taskId", bad, run: (signal) => wait(bad.value, {}, signal) });
    }
    for (const [arg, values] of WAIT_OPTION_CASES) {
      for (const bad of values) cases.push({ entry: "waitForCompletion options", arg, bad, run: (signal) => wait(TASK, { [arg]: bad.value }, signal) });
    }
    cases.push({ entry: "waitForCompletion options", arg: "stableForSecond", bad: { label: "unknown option (typo)", value: 0 }, run: (signal) => wait(TASK, { stableForSecond: 0 }, signal) });
    await sweep(cases);
  });

  it("the resources' inputs, through the dynamic providers' check (and create, which must refuse too)", async () => {
    const cases: BadInputCase[] = [];
    const config = (overrides: Record<string, string> = {}): Record<string, string> => ({
      "huaweicloud:dcsEndpoint": emulator.url,
      "huaweicloud:projectId": emulator.projectId,
      "huaweicloud:accessKey": emulator.credentials.accessKey,
      "huaweicloud:secretKey": emulator.credentials.secretKey,
      "huaweicloud:securityToken": emulator.credentials.securityToken ?? "",
      ...overrides,
    });
    const providerFor = (kind: "MigrationStats" | "WaitForMigration", stackConfig: Record<string, string>): pulumi.dynamic.ResourceProvider =>
      createDynamicProvider(kind, { config: (key) => stackConfig[key], env: {} }, { log: () => undefined });
    /** check must fail naming the input; create on the same inputs must reject without a request. */
    const checkThenCreate = async (kind: "MigrationStats" | "WaitForMigration", news: Record<string, unknown>, stackConfig: Record<string, string>): Promise<Verdict> => {
      const provider = providerFor(kind, stackConfig);
      const checked = await provider.check!({}, news);
      const failures = checked.failures ?? [];
      if (failures.length === 0) return { refused: false, field: undefined, message: "check accepted the inputs", errorClass: "none" };
      const created = await rejects(() => provider.create!(news));
      if (!created.refused) return { ...created, message: `check refused (${failures[0]?.reason ?? ""}) but create did not: ${created.message}` };
      return { refused: true, field: failures[0]?.property || undefined, message: failures.map((f) => f.reason).join(" "), errorClass: "check failure" };
    };
    for (const kind of ["MigrationStats", "WaitForMigration"] as const) {
      const entry = `${kind} inputs (provider check)`;
      const base = (): Record<string, unknown> => ({ taskId: TASK, ...(kind === "WaitForMigration" ? { stableForSeconds: 0 } : {}) });
      const input = (arg: string, values: readonly BadValue[], extra: () => Record<string, unknown> = () => ({}), secret = false, stackConfig = config()): void => {
        for (const bad of values) {
          cases.push({ entry, arg, bad, secret, run: () => checkThenCreate(kind, { ...base(), ...extra(), [arg]: bad.value }, stackConfig) });
        }
      };
      input("taskId", [...EMPTY, ...WRONG_TYPES, ...PATH_INJECTION, ...CONTROL_CHARS, oversized()]);
      input("projectId", [...WRONG_TYPES, ...PATH_INJECTION, ...CONTROL_CHARS, oversized()]);
      const noEndpoint = config({ "huaweicloud:dcsEndpoint": "" });
      input("region", [...WRONG_TYPES, ...PATH_INJECTION, ...CONTROL_CHARS, oversized()], () => ({}), false, noEndpoint);
      input("cloud", [...WRONG_TYPES, ...PATH_INJECTION, oversized("", ".com")], () => ({ region: "cn-north-4" }), false, noEndpoint);
      input("endpoint", [...WRONG_TYPES, { label: "path ../", value: `${emulator.url}/../v2` }, { label: "query ?", value: `${emulator.url}?x` }, { label: "ftp scheme", value: "ftp://127.0.0.1" }, oversized("https://", ".com")]);
      const keyPair = () => ({ accessKey: emulator.credentials.accessKey, secretKey: emulator.credentials.secretKey });
      input("accessKey", [...WRONG_TYPES, ...CONTROL_CHARS, ...NON_LATIN1, oversized()], () => ({ secretKey: emulator.credentials.secretKey }));
      input("secretKey", [...WRONG_TYPES], () => ({ accessKey: emulator.credentials.accessKey }), true);
      input("securityToken", [...WRONG_TYPES, ...CONTROL_CHARS, ...NON_LATIN1, oversized()], keyPair, true);
      input("authToken", [...WRONG_TYPES, ...CONTROL_CHARS, ...NON_LATIN1, oversized()], () => ({}), true, config({ "huaweicloud:accessKey": "", "huaweicloud:secretKey": "" }));
      input("allowInsecureHttp", [{ label: "string", value: "true" }, { label: "number", value: 1 }]);
      if (kind === "WaitForMigration") {
        for (const [arg, values] of WAIT_OPTION_CASES) input(arg, values.filter((v) => v.label !== "NaN" && v.label !== "Infinity"));
      }
      // Stack config is an input too: a bad value there must be refused and named by its key.
      for (const [key, bad] of [
        ["huaweicloud:projectId", { label: "../", value: "../x" }],
        ["huaweicloud:region", { label: "../", value: "../x" }],
        ["huaweicloud:dcsEndpoint", { label: "ftp scheme", value: "ftp://127.0.0.1" }],
      ] as const) {
        const stackConfig = config({ [key]: bad.value, ...(key === "huaweicloud:region" ? { "huaweicloud:dcsEndpoint": "" } : {}) });
        cases.push({ entry: `${kind} stack config`, arg: key, bad, run: () => checkThenCreate(kind, base(), stackConfig) });
      }
    }
    await sweep(cases);
  });

  it("the provider plugin's resource inputs (Check, then Create) and provider config (CheckConfig), over gRPC", async () => {
    const engine = await startFakeEngine();
    // The plugin is its own process: its host-name lookups are answered offline there too.
    const repo = path.resolve(__dirname, "..", "..");
    const preload = [path.join(repo, "node_modules", "ts-node", "register", "transpile-only"), path.join(repo, "tests", "support", "offlineDnsPreload.ts")];
    const plugin = await startPluginHost({
      engineAddress: engine.address,
      env: { NODE_OPTIONS: preload.map((p) => `--require ${p}`).join(" "), TS_NODE_PROJECT: path.join(repo, "tsconfig.json") },
    });
    try {
      const cases: BadInputCase[] = [];
      const config = (overrides: Record<string, string> = {}): Record<string, string> => {
        const all: Record<string, string> = {
          dcsEndpoint: emulator.url,
          projectId: emulator.projectId,
          accessKey: emulator.credentials.accessKey,
          secretKey: emulator.credentials.secretKey,
          securityToken: emulator.credentials.securityToken ?? "",
          ...overrides,
        };
        return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== "").map(([k, v]) => [`dcs-migration:config:${k}`, v]));
      };
      /** Check must fail naming the input; Create on the same inputs must fail too, with no partial failure and no request. */
      const checkThenCreate = async (type: string, news: Record<string, unknown>, variables: Record<string, string>): Promise<Verdict> => {
        await plugin.configure(variables);
        const urn = `urn:pulumi:dev::bad::${type}::r`;
        const { failures } = await plugin.check(urn, news);
        if (failures.length === 0) return { refused: false, field: undefined, message: "check accepted the inputs", errorClass: "none" };
        const created = await plugin.create(urn, news).then(
          () => ({ refused: false, message: "create accepted the inputs" }),
          (e: unknown) => ({ refused: !(e instanceof HostCallError) || e.initFailure === undefined, message: e instanceof Error ? e.message : String(e) }),
        );
        if (!created.refused) return { refused: false, field: undefined, message: `check refused (${failures[0]?.reason ?? ""}) but create did not: ${created.message}`, errorClass: "none" };
        artifacts.push({ name: `plugin create ${type}`, content: created.message });
        return { refused: true, field: failures[0]?.property || undefined, message: failures.map((f) => f.reason).join(" "), errorClass: "check failure" };
      };
      for (const kind of ["MigrationStats", "WaitForMigration"] as const) {
        const type = `dcs-migration:index:${kind}`;
        const entry = `plugin ${kind} inputs (Check, Create)`;
        const base = (): Record<string, unknown> => ({ taskId: TASK, ...(kind === "WaitForMigration" ? { stableForSeconds: 0 } : {}) });
        const input = (arg: string, values: readonly BadValue[], extra: () => Record<string, unknown> = () => ({}), secret = false, variables = config()): void => {
          for (const bad of values) cases.push({ entry, arg, bad, secret, run: () => checkThenCreate(type, { ...base(), ...extra(), [arg]: bad.value }, variables) });
        };
        input("taskId", [...EMPTY, ...WRONG_TYPES, ...PATH_INJECTION, ...CONTROL_CHARS, oversized()]);
        input("regoin", [{ label: "unknown argument (typo)", value: "cn-north-4" }]);
        // The values are judged by the provider core the dynamic providers share (swept in full above);
        // here one of each kind per input proves the plugin passes each input through and names it.
        if (kind === "MigrationStats") continue;
        const one = (...values: BadValue[]): BadValue[] => values.filter((v) => v !== undefined);
        input("projectId", one(WRONG_TYPES[0]!, PATH_INJECTION[0]!, CONTROL_CHARS[0]!));
        const noEndpoint = config({ dcsEndpoint: "" });
        input("region", one(WRONG_TYPES[2]!, PATH_INJECTION[2]!, CONTROL_CHARS[1]!), () => ({}), false, noEndpoint);
        input("cloud", one(WRONG_TYPES[3]!, PATH_INJECTION[0]!), () => ({ region: "cn-north-4" }), false, noEndpoint);
        input("endpoint", [WRONG_TYPES[1]!, { label: "path ../", value: `${emulator.url}/../v2` }, { label: "ftp scheme", value: "ftp://127.0.0.1" }]);
        const keyPair = () => ({ accessKey: emulator.credentials.accessKey, secretKey: emulator.credentials.secretKey });
        input("accessKey", one(WRONG_TYPES[0]!, CONTROL_CHARS[0]!, NON_LATIN1[0]!), () => ({ secretKey: emulator.credentials.secretKey }));
        input("secretKey", one(WRONG_TYPES[2]!), () => ({ accessKey: emulator.credentials.accessKey }), true);
        input("securityToken", one(WRONG_TYPES[0]!, CONTROL_CHARS[0]!, oversized()), keyPair, true);
        input("authToken", one(WRONG_TYPES[1]!, NON_LATIN1[0]!), () => ({}), true, config({ accessKey: "", secretKey: "", securityToken: "" }));
        input("allowInsecureHttp", [{ label: "string", value: "true" }]);
        // NaN and Infinity cannot cross the wire (protobuf Struct carries JSON numbers).
        for (const [arg, values] of WAIT_OPTION_CASES) input(arg, values.filter((v) => v.label !== "NaN" && v.label !== "Infinity").slice(0, 2));
      }
      // Provider config (stack config `dcs-migration:*` or an explicit provider's arguments), refused by key in CheckConfig.
      const configCase = (key: string, values: readonly BadValue[], extra: Record<string, unknown> = {}, secret = false): void => {
        for (const bad of values) {
          cases.push({
            entry: "plugin provider config (CheckConfig)",
            arg: key,
            aliases: [`dcs-migration:${key}`],
            bad,
            secret,
            run: async () => {
              const { failures } = await plugin.checkConfig({ ...extra, [key]: bad.value });
              if (failures.length === 0) return { refused: false, field: undefined, message: "CheckConfig accepted it", errorClass: "none" };
              return { refused: true, field: failures[0]?.property || undefined, message: failures.map((f) => f.reason).join(" "), errorClass: "check failure" };
            },
          });
        }
      };
      configCase("projectId", [...WRONG_TYPES, ...PATH_INJECTION, ...CONTROL_CHARS, oversized()]);
      configCase("region", [...WRONG_TYPES, ...PATH_INJECTION, ...CONTROL_CHARS, oversized()]);
      configCase("cloud", [...WRONG_TYPES, ...PATH_INJECTION, oversized("", ".com")], { region: "cn-north-4" });
      configCase("dcsEndpoint", [...WRONG_TYPES, { label: "path ../", value: `${emulator.url}/../v2` }, { label: "ftp scheme", value: "ftp://127.0.0.1" }, { label: "plain http off loopback", value: "http://dcs.example.com" }, oversized("https://", ".com")]);
      configCase("accessKey", [...WRONG_TYPES, ...CONTROL_CHARS, ...NON_LATIN1, oversized()], { secretKey: emulator.credentials.secretKey });
      configCase("secretKey", [...WRONG_TYPES], { accessKey: emulator.credentials.accessKey }, true);
      configCase("securityToken", [...WRONG_TYPES, ...CONTROL_CHARS, ...NON_LATIN1, oversized()], { accessKey: "AK", secretKey: emulator.credentials.secretKey }, true);
      configCase("token", [...WRONG_TYPES, ...CONTROL_CHARS, ...NON_LATIN1, oversized()], {}, true);
      configCase("regoin", [{ label: "unknown key (typo)", value: "cn-north-4" }]);
      await sweep(cases);
      artifacts.push({ name: "plugin output", content: plugin.output() });
    } finally {
      await plugin.close();
      await engine.close();
    }
  });

  it("the CLI's flags (`run(argv)` in-process, the real client behind it), and two through the bin as a child process", async () => {
    const env = (withEndpoint = true): Record<string, string> => ({
      HW_ACCESS_KEY: emulator.credentials.accessKey,
      HW_SECRET_KEY: emulator.credentials.secretKey,
      HW_SECURITY_TOKEN: emulator.credentials.securityToken ?? "",
      HW_PROJECT_ID: emulator.projectId,
      ...(withEndpoint ? { HW_DCS_ENDPOINT: emulator.url } : { HW_REGION_NAME: "cn-north-4" }),
    });
    const cli = async (argv: readonly string[], signal: AbortSignal, withEndpoint = true): Promise<Verdict> => {
      const io = capturedIo({ env: env(withEndpoint), signal });
      const code = await run(argv, io);
      artifacts.push({ name: `dcs-migration ${argv[0] ?? ""} (stdout)`, content: io.out() });
      const flag = /(--[a-z-]+)/.exec(io.err())?.[1];
      return { refused: code === 2, field: flag, message: io.err(), errorClass: `exit ${code}` };
    };
    const cases: BadInputCase[] = [];
    const flag = (name: string, values: readonly BadValue[], command: "wait" | "stats" = "wait", withEndpoint = true): void => {
      for (const bad of values) {
        const argv = [command, "--task-id", TASK, "--stable-for", "0s"].filter((a, i, all) => !(command === "stats" && (a === "--stable-for" || all[i - 1] === "--stable-for")));
        const rest = argv.filter((a, i) => a !== `--${name}` && argv[i - 1] !== `--${name}`);
        cases.push({ entry: `dcs-migration ${command} flags`, arg: `--${name}`, bad, run: (signal) => cli([...rest, `--${name}=${String(bad.value)}`], signal, withEndpoint) });
      }
    };
    const strings = (v: readonly BadValue[]): BadValue[] => v.filter((b) => typeof b.value === "string");
    const ids = [...EMPTY, ...PATH_INJECTION, ...strings(CONTROL_CHARS), oversized()];
    for (const command of ["wait", "stats"] as const) flag("task-id", ids, command);
    flag("project-id", ids);
    flag("region", [...PATH_INJECTION, ...strings(CONTROL_CHARS), oversized()], "wait", false);
    flag("cloud", [...PATH_INJECTION, oversized("", ".com")], "wait", false);
    flag("endpoint", [{ label: "path ../", value: `${emulator.url}/../v2` }, { label: "ftp scheme", value: "ftp://127.0.0.1" }, { label: "not a URL", value: "dcs" }, oversized("https://", ".com")]);
    const durations: BadValue[] = ["", "-1", "abc", "1e3", "10x", "NaN", "Infinity", "1.5.5s"].map((v) => ({ label: JSON.stringify(v), value: v }));
    for (const name of ["timeout", "poll-interval", "min-poll-interval", "stable-for", "stall-timeout"]) flag(name, durations);
    flag("timeout", [{ label: "zero", value: "0" }]);
    flag("poll-interval", [{ label: "oversized (over a year)", value: "10000h" }]);
    flag("timeout", [{ label: "oversized (over a year)", value: "99999999h" }]);
    flag("required-progress", ["", "abc", "101", "-5", "1e2", "0"].map((v) => ({ label: JSON.stringify(v), value: v })));
    flag("key-tolerance", ["1.5", "-1", "abc"].map((v) => ({ label: JSON.stringify(v), value: v })));
    flag("key-tolerance-ratio", ["2", "-0.1", "x"].map((v) => ({ label: JSON.stringify(v), value: v })));
    flag("max-offset", ["-1", "abc", "1e3", "../1"].map((v) => ({ label: JSON.stringify(v), value: v })));
    const raw = (arg: string, label: string, argv: readonly string[], secret = false): void => {
      cases.push({ entry: "dcs-migration argv", arg, bad: { label, value: argv.join(" ") }, secret, run: (signal) => cli(argv, signal) });
    };
    raw("--allow-insecure-http", "value on a switch", ["wait", "--task-id", TASK, "--allow-insecure-http=yes"]);
    raw("--timeout", "missing value", ["wait", "--task-id", TASK, "--timeout"]);
    raw("--timeout", "a flag as its value", ["wait", "--task-id", TASK, "--timeout", "--json"]);
    raw("--timeout", "given twice", ["wait", "--task-id", TASK, "--timeout", "1m", "--timeout", "2m"]);
    raw("--taskid", "unknown flag (typo)", ["wait", "--taskid", TASK]);
    raw("--foo", "unknown flag", ["stats", "--task-id", TASK, "--foo"]);
    raw("--secret-key", "credential flag", ["stats", "--task-id", TASK, "--secret-key=hunter2-secret"], true);
    raw("--auth-token", "credential flag", ["wait", "--task-id", TASK, "--auth-token", "token-value-123"], true);
    raw("extra", "positional argument", ["stats", "--task-id", TASK, "extra"]);
    raw("wiat", "unknown command", ["wiat", "--task-id", TASK]);
    raw("--task-id", "missing", ["wait", "--json"]);
    for (const [arg, argv] of [
      ["--task-id", ["stats", "--task-id", "../../etc/passwd"]],
      ["--poll-interval", ["wait", "--task-id", TASK, "--poll-interval", "-1"]],
    ] as const) {
      cases.push({
        entry: "dcs-migration bin (child process)",
        arg,
        bad: { label: "as a process", value: argv.join(" ") },
        run: async () => {
          const r = await runCliProcess(argv, env());
          return { refused: r.code === 2, field: /(--[a-z-]+)/.exec(r.stderr)?.[1], message: r.stderr, errorClass: `exit ${r.code}` };
        },
      });
    }
    await sweep(cases);
  });

  it("the emulator's control API and options", async () => {
    const control = emulator.control;
    const tasksBefore = (await control.listTasks()).length;
    const cases: BadInputCase[] = [];
    const create = (arg: string, label: string, body: unknown): void => {
      // A body over the emulator's 64 KiB limit is refused whole (413), naming the body.
      const aliases = label.startsWith("oversized") ? ["body"] : [];
      cases.push({ entry: "emulator POST /tasks", arg, aliases, bad: { label, value: body }, run: () => rejects(() => control.createTask(body as CreateTaskRequest)) });
    };
    create("kind", "missing", {});
    create("kind", "unknown", { kind: "nope" });
    create("body", "not an object", ["scripted"]);
    for (const bad of [...EMPTY, ...PATH_INJECTION, ...CONTROL_CHARS, ...WRONG_TYPES, oversized()]) create("id", bad.label, { kind: "scripted", id: bad.value });
    create("preset", "unknown", { kind: "scripted", preset: "nope" });
    create("durationMs", "negative", { kind: "scripted", durationMs: -1 });
    create("durationMs", "oversized", { kind: "scripted", durationMs: 1e30 });
    create("durationMs", "string", { kind: "scripted", durationMs: "10" });
    create("sourceKeys", "fraction", { kind: "scripted", sourceKeys: 1.5 });
    create("timeScale", "zero", { kind: "scripted", timeScale: 0 });
    create("timeScale", "oversized", { kind: "scripted", timeScale: 1e9 });
    create("startAtMs", "negative", { kind: "scripted", startAtMs: -1 });
    create("fieldFormat", "unknown", { kind: "scripted", fieldFormat: "xml" });
    create("durationMS", "unknown field (typo)", { kind: "scripted", durationMS: 1000 });
    create("faults", "not a list", { kind: "scripted", faults: "x" });
    create("faults", "unknown kind", { kind: "scripted", faults: [{ kind: "nope" }] });
    create("faults", "status 200", { kind: "scripted", faults: [{ kind: "status", status: 200 }] });
    create("faults", "delay oversized", { kind: "scripted", faults: [{ kind: "delay", delayMs: 1e9 }] });
    create("faults", "negative Retry-After", { kind: "scripted", faults: [{ kind: "throttle", retryAfterSeconds: -1 }] });
    create("faults", "unknown field", { kind: "scripted", faults: [{ kind: "reset", bogus: 1 }] });
    create("faults", "101 rules", { kind: "scripted", faults: Array.from({ length: 101 }, () => ({ kind: "reset" })) });
    create("keys", "negative", { kind: "redis", keys: -1 });
    create("keys", "oversized", { kind: "redis", keys: 1e9 });
    create("valueBytes", "zero", { kind: "redis", valueBytes: 0 });
    create("ttlFraction", "over 1", { kind: "redis", ttlFraction: 2 });
    create("writeOpsPerSecond", "negative", { kind: "redis", writeOpsPerSecond: -1 });
    create("keyLoadDelay", "oversized", { kind: "redis", keyLoadDelay: 1e9 });
    create("autoStart", "string", { kind: "redis", autoStart: "yes" });
    const faults = (label: string, rules: unknown): void => {
      cases.push({ entry: "emulator PUT /tasks/{id}/faults", arg: "faults", bad: { label, value: rules }, run: () => rejects(() => control.setFaults(TASK, rules as FaultRule[])) });
    };
    faults("not a list", "x");
    faults("count zero", [{ kind: "reset", count: 0 }]);
    faults("everyRequests below count", [{ kind: "reset", count: 3, everyRequests: 2 }]);
    faults("toMs before fromMs", [{ kind: "reset", fromMs: 10, toMs: 5 }]);
    faults("status out of range", [{ kind: "status", status: 700 }]);
    for (const bad of [...PATH_INJECTION, { label: "malformed escape", value: "%E0%A4%A" }, oversized()]) {
      cases.push({ entry: "emulator /tasks/{id} paths", arg: "id", bad, run: () => rejects(() => control.getTask(bad.value as string)) });
      cases.push({ entry: "emulator /tasks/{id} paths", arg: "id", bad, run: () => rejects(() => control.stopTask(bad.value as string)) });
      cases.push({ entry: "emulator /tasks/{id} paths", arg: "id", bad, run: () => rejects(() => control.deleteTask(bad.value as string)) });
    }
    const option = (arg: string, label: string, options: EmulatorOptions): void => {
      cases.push({
        entry: "startEmulator(options)",
        arg,
        bad: { label, value: options },
        run: () =>
          rejects(async () => {
            const started = await startEmulator(options);
            await started.close();
          }),
      });
    };
    option("port", "negative", { port: -1 });
    option("port", "too large", { port: 70_000 });
    option("port", "string", { port: "80" as never });
    option("projectId", "../", { projectId: "../x" });
    option("projectId", "oversized", { projectId: "a".repeat(1 << 20) });
    option("credentials.secretKey", "CR/LF", { credentials: { secretKey: "a\r\nb" } });
    option("credentials.accessKey", "number", { credentials: { accessKey: 42 as never } });
    option("maxTasks", "zero", { maxTasks: 0 });
    option("tasks[0].kind", "unknown", { tasks: [{ kind: "nope" } as never] });
    option("prot", "unknown option (typo)", { prot: 8080 } as never);
    await sweep(cases);
    assert.equal((await control.listTasks()).length, tasksBefore, "no bad request created a task");
    assert.deepEqual((await control.getTask(TASK)).id, TASK);
  });

  it("leaves the credentials it used in none of the error messages and outputs", () => {
    const secrets = { secretKey: emulator.credentials.secretKey, securityToken: emulator.credentials.securityToken ?? "" };
    const result = scanForSecrets(artifacts, secrets);
    assert.equal(result.hits.length, 0, result.report);
  });
});
