/**
 * Granted and denied checks per tenant and minute, kept for the last hour (what the dashboard
 * draws as live grant and deny rates). Counts of this process only; time is passed in.
 * @module
 */
import type { LimitDimension } from "./limit-set.js";

/** Why a check was denied: the dimension that denied it, no limits for its plan, or the store down. */
export type DenialCause = LimitDimension | "no_limits" | "store_unavailable";
export const DENIAL_CAUSES: readonly DenialCause[] = [
  "requests",
  "input_tokens",
  "output_tokens",
  "no_limits",
  "store_unavailable",
];

export interface DecisionMinute {
  /** The minute's start, ms since the epoch. */
  minuteMs: number;
  granted: number;
  denied: Record<DenialCause, number>;
}

const MINUTES = 60;

const emptyDenied = (): Record<DenialCause, number> => ({
  requests: 0,
  input_tokens: 0,
  output_tokens: 0,
  no_limits: 0,
  store_unavailable: 0,
});

export class DecisionLog {
  /** Per tenant, a ring of the last 60 minutes, indexed by minute number modulo 60. */
  private readonly rings = new Map<string, DecisionMinute[]>();

  private bucket(tenantId: string, nowMs: number): DecisionMinute {
    let ring = this.rings.get(tenantId);
    if (!ring) {
      ring = [];
      this.rings.set(tenantId, ring);
    }
    const minuteMs = Math.floor(nowMs / 60_000) * 60_000;
    const index = (minuteMs / 60_000) % MINUTES;
    let slot = ring[index];
    if (!slot || slot.minuteMs !== minuteMs) {
      slot = { minuteMs, granted: 0, denied: emptyDenied() };
      ring[index] = slot;
    }
    return slot;
  }

  record(tenantId: string, nowMs: number, cause: DenialCause | null): void {
    const slot = this.bucket(tenantId, nowMs);
    if (cause === null) slot.granted++;
    else slot.denied[cause]++;
  }

  /**
   * The last hour, oldest minute first, every minute present (zeros where nothing was decided):
   * one tenant's, or every tenant's summed when `tenantId` is null.
   */
  lastHour(tenantId: string | null, nowMs: number): DecisionMinute[] {
    return this.summed(
      tenantId === null ? [...this.rings.values()] : [this.rings.get(tenantId) ?? []],
      nowMs,
    );
  }

  /** The last hour with nothing decided (what a filter that matches no tenant shows). */
  emptyHour(nowMs: number): DecisionMinute[] {
    return this.summed([], nowMs);
  }

  private summed(rings: DecisionMinute[][], nowMs: number): DecisionMinute[] {
    const current = Math.floor(nowMs / 60_000) * 60_000;
    const out: DecisionMinute[] = [];
    for (let i = MINUTES - 1; i >= 0; i--)
      out.push({ minuteMs: current - i * 60_000, granted: 0, denied: emptyDenied() });
    for (const ring of rings)
      for (const slot of ring) {
        if (!slot) continue;
        const at = (slot.minuteMs - (current - (MINUTES - 1) * 60_000)) / 60_000;
        const target = out[at];
        if (!target || target.minuteMs !== slot.minuteMs) continue;
        target.granted += slot.granted;
        for (const cause of DENIAL_CAUSES) target.denied[cause] += slot.denied[cause];
      }
    return out;
  }
}
