import { DcsClient } from "./dcsClient";
import { resolveClientTunables } from "../settings/clientOptions";
import type { ClientSettings } from "../settings/settings";
import { CLIENT_TUNABLE_SETTINGS, CONNECTION_SETTINGS, type ClientIdentitySettingName, type CredentialName } from "../settings/settingTables";

/**
 * How waits share reads — the whole machinery, explained once (the other files point here).
 *
 * Many `WaitForMigration` resources in one `pulumi up` often wait on the same task, in one
 * provider process. Instead of one request per wait per poll, they share:
 *
 * 1. **One client per identity** (this file): `dynamicProviders.ts` hands every resource of the
 *    process `sharedDcsClient(settings)`, one {@link DcsClient} per {@link sharedClientKey} — the
 *    rows marked `clientIdentity` in `../settings/settingTables.ts`. Same key, same requests.
 * 2. **One request per task in flight** (`../http/inFlightRequests.ts`, used by `dcsClient.ts`):
 *    concurrent reads of one task join the request already on its way, and
 *    `getSharedMigrationStats` may also take the last answer if it was *sent* recently enough by
 *    the caller's own clock. A read is always dated by when its request left, never by when a
 *    caller joined it.
 * 3. **How old a read may be** is the waiter's decision (`../waiter/sharedReadAge.ts`): each
 *    `waitStep` decision carries `shareReadsSentFrom`, the earliest send time that may stand in
 *    for the next read without bending any rule (the stability window and the stall moment are
 *    never served by a read sent before them).
 * 4. **The loop** (`../waiter/waitForCompletion.ts`) passes that as `freshness` to the reader and
 *    plans the next read from the shared read's own times, so waits that shared once stay in step.
 *
 * Readers without `getSharedMigrationStats` (test fakes) are read once per poll, dated by the
 * call. `tests/provider/pulumi/dynamicProviders.protocol.ts` shows 5 waits making one request per poll.
 */

/** How many distinct clients (by {@link sharedClientKey}) one process keeps. */
export const MAX_SHARED_CLIENTS = 64;

const shared = new Map<string, DcsClient>();

/** Identity rows that `ClientSettings` carries as a field of the same name (credentials: as `credentials`). */
type PlainIdentityName = Exclude<ClientIdentitySettingName, CredentialName>;

/**
 * Compile-time guard: a connection row marked `clientIdentity` must reach the client as a field of
 * `ClientSettings` (resolved in `../settings/settings.ts`). A row whose use was forgotten names
 * itself in the error here instead of silently sharing clients that should differ.
 */
const identityFieldsResolved: [Exclude<PlainIdentityName, keyof ClientSettings>] extends [never] ? true : Exclude<PlainIdentityName, keyof ClientSettings> = true;
void identityFieldsResolved;

/** The identity rows, from the table: credential rows count once, through the credential's identity digest. */
const PLAIN_IDENTITY_KEYS = CONNECTION_SETTINGS.filter((r) => r.clientIdentity && r.credential !== true).map((r) => r.name) as ReadonlyArray<PlainIdentityName>;
const CREDENTIALS_IN_IDENTITY = CONNECTION_SETTINGS.some((r) => r.clientIdentity && r.credential === true);
const TUNABLE_IDENTITY_ROWS = CLIENT_TUNABLE_SETTINGS.filter((r) => r.clientIdentity);

/**
 * The cache key of a client, derived from the rows marked `clientIdentity`: the endpoint, the
 * project, the credential's keyed identity digest (never a secret), the http switch and every
 * client tunable as it will be in force. Two settings with the same key would send
 * byte-identical requests with the same retries, so they may share coalescing and the cap.
 */
export function sharedClientKey(settings: ClientSettings): string {
  const tunables = resolveClientTunables(settings.tunables);
  return JSON.stringify([
    ...PLAIN_IDENTITY_KEYS.map((key) => [key, settings[key]]),
    ...(CREDENTIALS_IN_IDENTITY ? [["credentials", settings.credentials.identity]] : []),
    ...TUNABLE_IDENTITY_ROWS.map((row) => [row.name, tunables[row.name]]),
  ]);
}

/**
 * One {@link DcsClient} per key for the whole process, with default options, so many
 * waits on the same task in one provider process share requests and one cap on
 * concurrent requests. The oldest entry is dropped past {@link MAX_SHARED_CLIENTS}
 * (not closed: a caller may still hold it).
 */
export function sharedDcsClient(settings: ClientSettings): DcsClient {
  const key = sharedClientKey(settings);
  let client = shared.get(key);
  if (client === undefined) {
    client = new DcsClient(settings);
    shared.set(key, client);
    if (shared.size > MAX_SHARED_CLIENTS) {
      const oldest = shared.keys().next().value;
      if (oldest !== undefined) shared.delete(oldest);
    }
  }
  return client;
}

/** Closes and forgets every shared client (tests, or a CLI about to exit). */
export function closeSharedDcsClients(): void {
  for (const client of shared.values()) client.close();
  shared.clear();
}
