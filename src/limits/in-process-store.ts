/**
 * Usage held in this process: one `SubjectUsage` per subject and model class in a Map. Synchronous
 * underneath (`checkNow`, `settleNow`), so a server that embeds the limiter pays no hop and no promise.
 * @module
 */
import type { SlotLimits } from "./compiled-limits.js";
import type { LimitStore, StoredCheck } from "./limit-store.js";
import {
  type CheckCost,
  checkUsage,
  type MeterDecision,
  newUsage,
  type SettleOutcome,
  type SubjectUsage,
  settleUsage,
  slotStatuses,
} from "./usage-meter.js";

/** How long a grant's output tokens stay reserved when it is never settled: 10 minutes. */
export const DEFAULT_RESERVATION_TTL_MS = 10 * 60_000;

export class InProcessStore implements LimitStore {
  readonly kind = "in-process";
  private readonly usage = new Map<string, SubjectUsage>();
  private readonly answer: MeterDecision = {
    granted: false,
    deniedSlot: -1,
    retryAfterMs: 0,
    exceedsLimit: false,
    reservationId: 0,
  };

  constructor(private readonly reservationTtlMs = DEFAULT_RESERVATION_TTL_MS) {}

  /** The subject's usage, created empty on first use. */
  usageOf(subjectKey: string, nowMs: number): SubjectUsage {
    let usage = this.usage.get(subjectKey);
    if (!usage) {
      usage = newUsage(nowMs);
      this.usage.set(subjectKey, usage);
    }
    return usage;
  }

  /**
   * Decides synchronously. The answer is one object this store reuses: read it before the next
   * call (it is what lets an embedded check allocate nothing).
   */
  checkNow(subjectKey: string, limits: SlotLimits, cost: CheckCost, nowMs: number): MeterDecision {
    return checkUsage(
      this.usageOf(subjectKey, nowMs),
      limits,
      cost,
      nowMs,
      this.reservationTtlMs,
      this.answer,
    );
  }

  settleNow(subjectKey: string, reservationId: number, outputTokens: number, nowMs: number): SettleOutcome {
    const usage = this.usage.get(subjectKey);
    return usage ? settleUsage(usage, reservationId, outputTokens, nowMs) : { settled: false };
  }

  async check(subjectKey: string, limits: SlotLimits, cost: CheckCost, nowMs: number): Promise<StoredCheck> {
    const usage = this.usageOf(subjectKey, nowMs);
    const decision = checkUsage(usage, limits, cost, nowMs, this.reservationTtlMs);
    return { decision, statuses: slotStatuses(usage, limits, nowMs) };
  }

  async settle(
    subjectKey: string,
    reservationId: number,
    outputTokens: number,
    nowMs: number,
  ): Promise<SettleOutcome> {
    return this.settleNow(subjectKey, reservationId, outputTokens, nowMs);
  }

  /**
   * Forgets subjects whose usage has drained to nothing and who hold no reservation (what they
   * used is gone, so forgetting changes no answer); returns how many were forgotten.
   */
  sweep(nowMs: number): number {
    let forgotten = 0;
    for (const [key, usage] of this.usage) {
      if (usage.reservations.length > 0) continue;
      const elapsed = nowMs - usage.atMs;
      let empty = true;
      for (let s = 0; s < usage.levels.length && empty; s++)
        empty = (usage.levels[s] as number) - elapsed * (usage.rates[s] as number) <= 0;
      if (empty) {
        this.usage.delete(key);
        forgotten++;
      }
    }
    return forgotten;
  }
}
