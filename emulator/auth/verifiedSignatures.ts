/**
 * Remembers requests whose signature already verified, keyed by everything the
 * signature covers (method, path, query, the Authorization header with its access
 * key, signed-header list and signature, every signed header's value, and the
 * payload marker). Identical inputs verify identically, so a hit skips rebuilding
 * the canonical request and two SHA-256 passes — the bulk of the emulator's
 * per-request cost (bench/emulatorThroughput.ts). Clients sign once per request
 * but within one X-Sdk-Date second they send the same bytes, so hits are common.
 * The clock-dependent checks (skew, security token) still run on every request.
 *
 * Bounded: cleared whole when full, so memory stays flat whatever is sent.
 */
export class VerifiedSignatures {
  private readonly keys = new Set<string>();

  constructor(private readonly capacity = 4096) {}

  has(key: string): boolean {
    return this.keys.has(key);
  }

  add(key: string): void {
    if (this.keys.size >= this.capacity) this.keys.clear();
    this.keys.add(key);
  }
}
