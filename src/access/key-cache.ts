/**
 * Authenticated keys remembered for a few seconds, so a busy route (a gateway's limit checks, a
 * node's heartbeats) does not look its key up in the database on every request. A key revoked on
 * this server is forgotten at once; one revoked on another server sharing the database stops
 * working here within `ttlMs`.
 * @module
 */
import type { Principal } from "./principal.js";

/** How long an authenticated key is trusted without asking the database again. */
export const KEY_CACHE_TTL_MS = 5_000;

export class KeyCache {
  private readonly entries = new Map<string, { principal: Principal; expiresAtMs: number }>();

  constructor(
    private readonly ttlMs = KEY_CACHE_TTL_MS,
    private readonly maxEntries = 100_000,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /** The principal remembered for a key's hash, if it is still fresh. */
  get(hash: string): Principal | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.expiresAtMs > this.nowMs()) return entry.principal;
    this.entries.delete(hash);
    return undefined;
  }

  set(hash: string, principal: Principal): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(hash, { principal, expiresAtMs: this.nowMs() + this.ttlMs });
  }

  /** Forgets every key: after any revocation here, so a revoked key fails on its next request. */
  clear(): void {
    this.entries.clear();
  }
}
