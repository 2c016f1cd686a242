import { isIP } from "node:net";
import { ConfigurationError, settingName } from "../core/errors";
import { isLoopbackHost } from "../core/isLoopbackHost";
import { quote } from "../core/quote";

/** Cloud domain when none is configured (FACTS.md §3). */
export const DEFAULT_CLOUD = "myhuaweicloud.com";

const REGION = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

/** DNS limits (RFC 1035 §2.3.4): a name the resolver would refuse is refused here, before any lookup. */
const MAX_LABEL = 63;
const MAX_HOSTNAME = 253;
/** Far above any real endpoint URL; longer values are pasting accidents. */
const MAX_ENDPOINT_LENGTH = 2048;

/** Why `host` cannot be a DNS name, if it cannot. */
function hostnameProblem(host: string): string | undefined {
  if (host.length > MAX_HOSTNAME) return `its host name is ${host.length} characters long (DNS allows ${MAX_HOSTNAME})`;
  const long = host.split(".").find((label) => label.length > MAX_LABEL);
  return long === undefined ? undefined : `a part of its host name is ${long.length} characters long (DNS allows ${MAX_LABEL})`;
}

/** `https://dcs.{region}.{cloud}` (FACTS.md §3), after checking both parts cannot smuggle in a different host. */
export function regionalEndpoint(region: string, regionField: string, cloud: string, cloudField: string): string {
  if (!REGION.test(region) || region.length > MAX_LABEL) {
    throw new ConfigurationError(`Expected ${settingName(regionField)} to be a region id like cn-north-4, got ${quote(region)}.`, { field: regionField });
  }
  const domain = cloud.toLowerCase();
  if (!DOMAIN.test(domain) || hostnameProblem(`dcs.${region}.${domain}`) !== undefined) {
    const why = DOMAIN.test(domain) ? `: ${hostnameProblem(`dcs.${region}.${domain}`) ?? ""}` : "";
    throw new ConfigurationError(
      `Expected ${settingName(cloudField)} to be a domain like myhuaweicloud.com or myhuaweicloud.eu, got ${quote(cloud)}${why}.`,
      { field: cloudField },
    );
  }
  return `https://dcs.${region}.${domain}`;
}

/**
 * Checks an endpoint override and returns its origin (`scheme://host[:port]`).
 * Only the origin is configurable: the client owns the path. Plain `http://` would
 * send the signed request and any IAM token in clear text, so it is allowed for
 * loopback hosts (the emulator) and otherwise only with `allowInsecureHttp`.
 *
 * @param insecureSwitch how the caller's users turn plain HTTP on, for the message refusing it
 *   (`--allow-insecure-http` on the command line).
 */
export function parseEndpoint(value: string, field: string, allowInsecureHttp: boolean, insecureSwitch = "allowInsecureHttp: true"): string {
  if (value.length > MAX_ENDPOINT_LENGTH) {
    throw new ConfigurationError(`Expected ${settingName(field)} to be a URL like https://dcs.cn-north-4.myhuaweicloud.com, got ${value.length} characters.`, { field });
  }
  const control = /[\u0000-\u0020\u007f]/.exec(value);
  if (control !== null) {
    // The URL parser would silently drop tabs and line breaks and accept what is left.
    const cp = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
    throw new ConfigurationError(
      `Expected ${settingName(field)} to be a URL without spaces or control characters, got ${quoteWithoutUserinfo(value)} (${cp} at position ${control.index + 1}).`,
      { field },
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(
      `Expected ${settingName(field)} to be an absolute URL like https://dcs.cn-north-4.myhuaweicloud.com, got ${quoteWithoutUserinfo(value)}.`,
      { field },
    );
  }
  const shown = quoteWithoutUserinfo(value);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigurationError(`Expected ${settingName(field)} to use https:// (or http:// for a local emulator), got ${shown}.`, { field });
  }
  if (url.username !== "" || url.password !== "") {
    throw new ConfigurationError(
      `${settingName(field)} must not carry credentials in the URL (got ${shown}); set the access key and secret key settings instead.`,
      { field },
    );
  }
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "" || /[?#]/.test(value)) {
    throw new ConfigurationError(
      `Expected ${settingName(field)} to be only scheme, host and port (like https://dcs.cn-north-4.myhuaweicloud.com), got ${shown}: the client adds the /v2/… path itself.`,
      { field },
    );
  }
  const badHost = isIP(url.hostname.replace(/^\[|\]$/g, "")) === 0 ? hostnameProblem(url.hostname) : undefined;
  if (badHost !== undefined) {
    throw new ConfigurationError(`Expected ${settingName(field)} to name a reachable host, got ${shown}: ${badHost}.`, { field });
  }
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw new ConfigurationError(
      `${settingName(field)} is ${shown}: plain http:// is only used for loopback hosts (127.0.0.1, ::1, localhost), because the signed request would cross the network unencrypted. Use https://, or set ${insecureSwitch} if you really mean it.`,
      { field },
    );
  }
  return url.origin;
}

function quoteWithoutUserinfo(value: string): string {
  return quote(value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, "$1[credentials removed]@"), 120);
}
