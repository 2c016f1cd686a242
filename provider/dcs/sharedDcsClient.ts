import { DcsClient } from "./dcsClient";
import type { ClientSettings } from "../settings/settings";

/** How many distinct (endpoint, project, credential) clients one process keeps. */
export const MAX_SHARED_CLIENTS = 64;

const shared = new Map<string, DcsClient>();

/**
 * The cache key of a client: endpoint, project, the credential's keyed identity
 * digest (never a secret) and the http switch. Two settings with the same key would
 * send byte-identical requests, so they may share coalescing and the concurrency cap.
 */
export function sharedClientKey(settings: ClientSettings): string {
  return [settings.endpoint, settings.projectId, settings.credentials.identity, settings.allowInsecureHttp ? "insecure" : "secure"].join(" ");
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
