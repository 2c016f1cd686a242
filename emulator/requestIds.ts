import { randomBytes } from "node:crypto";

/**
 * `X-Request-Id` values: 32 lowercase hex characters like the gateway's, unique
 * per emulator (a random prefix plus a counter), without a random draw per request.
 */
export function requestIdGenerator(): () => string {
  const prefix = randomBytes(8).toString("hex");
  let counter = 0;
  return () => {
    counter = (counter + 1) % 0x1_0000_0000_0000;
    return prefix + counter.toString(16).padStart(16, "0");
  };
}
