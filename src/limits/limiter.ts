/**
 * The limiter: reads the limits in force for a check (`PublishedLimits`), compiles them once per
 * published object, and asks the store to decide. A denial is a value naming the dimension and
 * window that denied it; a check of a plan with no published limits is a value too.
 * @module
 */
import {
  type CompiledLimits,
  compileLimits,
  dimensionOfSlot,
  limitsAt,
  windowOfSlot,
} from "./compiled-limits.js";
import type { LimitDimension, LimitWindow, PlanModelLimits, PublishedLimits } from "./limit-set.js";
import { type LimitStore, subjectKey } from "./limit-store.js";
import type { MeterDecision, SettleOutcome, SlotStatus } from "./usage-meter.js";

export interface LimitCheck {
  tenantId: string;
  /** Whose usage this is: an end user, an API key, an organisation — the gateway's choice. */
  subject: string;
  plan: string;
  modelClass: string;
  inputTokens: number;
  /** The request's cap on output tokens; reserved on a grant until settled. */
  maxOutputTokens: number;
}

/** One limited dimension and window after a decision. */
export interface LimitStatus {
  dimension: LimitDimension;
  window: LimitWindow;
  limit: number;
  remaining: number;
  /** When it is fully replenished, ms since the epoch. */
  resetAtMs: number;
}

export type LimitVerdict =
  | {
      granted: true;
      /** The reservation to settle; null when no output tokens were reserved. */
      reservationId: number | null;
      limits: LimitStatus[];
      /** Granted without asking the store, which was unreachable (fail-open policy). */
      degraded?: true;
    }
  | {
      granted: false;
      /** Why: a limit (with the dimension and window), no limits for this plan, or the store being down. */
      reason: "limit" | "no_limits" | "store_unavailable";
      dimension?: LimitDimension;
      window?: LimitWindow;
      /** ms until a retry can be granted (the longest wait of every slot short of room). */
      retryAfterMs: number;
      /** The request's own cost is above a limit: no wait will grant it. */
      exceedsLimit: boolean;
      limits: LimitStatus[];
    };

function statusOf(s: SlotStatus): LimitStatus {
  return {
    dimension: dimensionOfSlot(s.slot),
    window: windowOfSlot(s.slot),
    limit: s.limit,
    remaining: s.remaining,
    resetAtMs: s.resetAtMs,
  };
}

/** A store's decision as a verdict: a grant with its reservation, or the dimension and window that denied it. */
export function verdictOf(
  decision: MeterDecision,
  statuses: SlotStatus[],
  reason: "limit" | "no_limits" = "limit",
): LimitVerdict {
  const limits = statuses.map(statusOf);
  if (decision.granted) return { granted: true, reservationId: decision.reservationId || null, limits };
  if (reason === "no_limits" || decision.deniedSlot < 0)
    return { granted: false, reason: "no_limits", retryAfterMs: 0, exceedsLimit: true, limits };
  return {
    granted: false,
    reason: "limit",
    dimension: dimensionOfSlot(decision.deniedSlot),
    window: windowOfSlot(decision.deniedSlot),
    retryAfterMs: decision.retryAfterMs,
    exceedsLimit: decision.exceedsLimit,
    limits,
  };
}

export class Limiter {
  /** Compiled once per published object: a new set is new objects, so it takes effect on the next check. */
  private readonly compiled = new WeakMap<PlanModelLimits, CompiledLimits>();

  constructor(
    readonly published: PublishedLimits,
    readonly store: LimitStore,
  ) {}

  compiledFor(tenantId: string, plan: string, modelClass: string): CompiledLimits | undefined {
    const limits = this.published.limitsFor(tenantId, plan, modelClass);
    if (!limits) return undefined;
    let compiled = this.compiled.get(limits);
    if (!compiled) {
      compiled = compileLimits(limits);
      this.compiled.set(limits, compiled);
    }
    return compiled;
  }

  async check(request: LimitCheck, nowMs: number): Promise<LimitVerdict> {
    const compiled = this.compiledFor(request.tenantId, request.plan, request.modelClass);
    if (!compiled)
      return { granted: false, reason: "no_limits", retryAfterMs: 0, exceedsLimit: true, limits: [] };
    const limits = limitsAt(compiled, nowMs);
    const key = subjectKey(request.tenantId, request.subject, request.modelClass);
    const { decision, statuses } = await this.store.check(key, limits, request, nowMs);
    return verdictOf(decision, statuses);
  }

  settle(
    tenantId: string,
    subject: string,
    modelClass: string,
    reservationId: number,
    outputTokens: number,
    nowMs: number,
  ): Promise<SettleOutcome> {
    return this.store.settle(subjectKey(tenantId, subject, modelClass), reservationId, outputTokens, nowMs);
  }
}
