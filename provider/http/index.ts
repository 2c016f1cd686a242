/**
 * The HTTP layer (imports core/ only): the one function that sends a request, the agents and
 * proxies it goes through, the cap on requests in flight and the sharing of requests in flight.
 * It knows nothing of DCS, settings or signing.
 * Code outside provider/ imports this layer through this file only.
 */
export { createClientAgent, proxyRouteOf, type ClientAgentOptions } from "./clientAgent";
export { ConcurrencyLimit } from "./concurrencyLimit";
export { sendHttpRequest, type HttpOutcome, type HttpRequest, type ProxyHop } from "./httpRequest";
export { InFlightRequests, type DatedAnswer, type ReadFreshness } from "./inFlightRequests";
export { proxyFailureMessage, type ProxyFailure } from "./proxyFailureMessage";
export { ProxyRefusalError } from "./proxyRefusal";
export { matchesNoProxy, ProxyRoute, proxyRouteFor } from "./proxyRoute";
