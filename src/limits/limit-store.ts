/**
 * The port between the limiter and where usage lives: in this process (`InProcessStore`) or in
 * Redis (`RedisStore`, one script and one round trip per call). Both follow `usage-meter.ts`.
 * @module
 */
import type { SlotLimits } from "./compiled-limits.js";
import type { CheckCost, MeterDecision, SettleOutcome, SlotStatus } from "./usage-meter.js";

/** A decision and the limited slots' status right after it (for the response headers). */
export interface StoredCheck {
  decision: MeterDecision;
  statuses: SlotStatus[];
}

export interface LimitStore {
  readonly kind: "in-process" | "redis";
  /** Checks and, when granted, charges every slot of `subjectKey` atomically. */
  check(subjectKey: string, limits: SlotLimits, cost: CheckCost, nowMs: number): Promise<StoredCheck>;
  settle(
    subjectKey: string,
    reservationId: number,
    outputTokens: number,
    nowMs: number,
  ): Promise<SettleOutcome>;
}

/**
 * The key of one subject's usage on one model class. The tenant and subject form a Redis Cluster
 * hash tag (`{…}`), so every key of a subject lands in one slot and one script can touch them all.
 */
export function subjectKey(tenantId: string, subject: string, modelClass: string): string {
  return `{${tenantId}:${subject}}:${modelClass}`;
}
