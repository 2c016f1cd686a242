import type * as pulumi from "@pulumi/pulumi";
import { CONNECTION_SETTINGS, namesOf, WAIT_SETTINGS, type EffectiveSettingName } from "../settings/settingTables";
import { CONNECTION_STRING_KEYS } from "./resourceInputs";
import { isUnknown, unwrapSecret } from "./wireValues";

/**
 * Where the task lives, as the provider would resolve it now (or undefined when it cannot: settings
 * missing): one field per connection row recorded as its effective value.
 */
export type EffectiveLocation = { readonly [K in EffectiveSettingName]: string };

/** Replacing inputs compared as given (`taskId`): neither an effective value nor part of one. */
const DIRECT_REPLACE_KEYS = namesOf(CONNECTION_SETTINGS.filter((r) => r.onChange === "replace" && r.recorded === "given" && r.partOf === undefined));
/** Inputs that decide the endpoint: the effective `endpoint` first, then the rows `partOf` it. */
const ENDPOINT_KEYS = ["endpoint", ...namesOf(CONNECTION_SETTINGS.filter((r) => r.partOf === "endpoint"))] as const;
/** Inputs that change how requests are made but not which task is read (`onChange: "update"`). */
const UPDATE_KEYS = namesOf(CONNECTION_SETTINGS.filter((r) => r.onChange === "update"));
/** Wait options whose change updates a wait still in progress (`onChange: "update"`); a completed gate stays open. */
const WAIT_UPDATE_KEYS = namesOf(WAIT_SETTINGS.filter((r) => r.onChange === "update"));

function same(a: unknown, b: unknown): boolean {
  const x = unwrapSecret(a);
  const y = unwrapSecret(b);
  const norm = (v: unknown): unknown => (v === null ? undefined : v);
  return norm(x) === norm(y);
}

/**
 * The lifecycle rules of both resources, as a pure function of the stored outputs (`olds`),
 * the new inputs (`news`) and where `news` resolve to now. Which input does what comes from its
 * row's `onChange` (and `recorded`, `partOf`) in `../settings/settingTables.ts`:
 *
 * - another task (`taskId`), project or endpoint — compared by effective value, so moving a
 *   setting between argument, stack config and environment is no change — replaces;
 * - credentials or `allowInsecureHttp` changed: an update (a completed wait does not wait again);
 * - waiter options changed: an update while the wait is not complete (it resumes with them),
 *   nothing once it is — the gate already opened and stays open;
 * - `__provider` (new package version) and `__urn` are never compared (FACTS.md §4);
 * - an input still unknown in preview counts as changed.
 */
export function diffResource(
  olds: Readonly<Record<string, unknown>>,
  news: Readonly<Record<string, unknown>>,
  effective: EffectiveLocation | undefined,
  hasWaitOptions: boolean,
): pulumi.dynamic.DiffResult {
  const replaces: string[] = [];

  replaces.push(...DIRECT_REPLACE_KEYS.filter((k) => isUnknown(news[k]) || !same(olds[k], news[k])));

  const connectionUnknown = CONNECTION_STRING_KEYS.some((k) => isUnknown(news[k]));
  if (isUnknown(news["projectId"])) {
    replaces.push("projectId");
  } else if (!connectionUnknown) {
    const given = unwrapSecret(news["projectId"]);
    const project = effective?.projectId ?? (typeof given === "string" ? given : undefined);
    if (project !== undefined && olds["projectId"] !== undefined && project !== olds["projectId"]) {
      replaces.push("projectId");
    }
  }

  // Outputs hold the effective endpoint, so `endpoint` itself only counts when passed as an argument.
  const endpointNamed = (): string =>
    ENDPOINT_KEYS.find((k) => (k !== "endpoint" || news[k] !== undefined) && !same(olds[k], news[k])) ?? "endpoint";
  if (ENDPOINT_KEYS.some((k) => isUnknown(news[k]))) {
    replaces.push(ENDPOINT_KEYS.find((k) => isUnknown(news[k])) ?? "endpoint");
  } else if (!connectionUnknown && effective !== undefined && olds["endpoint"] !== undefined) {
    if (effective.endpoint !== olds["endpoint"]) replaces.push(endpointNamed());
  }

  const updates: string[] = UPDATE_KEYS.filter((k) => isUnknown(news[k]) || !same(olds[k], news[k]));
  if (hasWaitOptions && olds["completed"] !== true) {
    updates.push(...WAIT_UPDATE_KEYS.filter((k) => isUnknown(news[k]) || !same(olds[k], news[k])));
  }

  return {
    changes: replaces.length > 0 || updates.length > 0,
    replaces,
    deleteBeforeReplace: false,
  };
}
