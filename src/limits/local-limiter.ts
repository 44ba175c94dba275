/**
 * The limiter embedded in a server, no network hop: the in-process store behind synchronous
 * calls. `check` answers with every limit's status (for headers); `allow` is the hot path that
 * only says yes or no and allocates nothing.
 * @module
 */
import { type CompiledLimits, limitsAt } from "./compiled-limits.js";
import { InProcessStore } from "./in-process-store.js";
import type { PublishedLimits } from "./limit-set.js";
import { subjectKey } from "./limit-store.js";
import { type LimitCheck, Limiter, type LimitVerdict, verdictOf } from "./limiter.js";
import type { MeterDecision, SettleOutcome } from "./usage-meter.js";
import { slotStatuses } from "./usage-meter.js";

const NO_LIMITS: MeterDecision = {
  granted: false,
  deniedSlot: -1,
  retryAfterMs: 0,
  exceedsLimit: true,
  reservationId: 0,
};

export class LocalLimiter {
  readonly store: InProcessStore;
  private readonly limiter: Limiter;

  constructor(
    published: PublishedLimits,
    reservationTtlMs?: number,
    private readonly now: () => number = Date.now,
  ) {
    this.store = new InProcessStore(reservationTtlMs);
    this.limiter = new Limiter(published, this.store);
  }

  /** The compiled limits of a plan, for `allow` (look them up once per plan, not per request). */
  limitsFor(tenantId: string, plan: string, modelClass: string): CompiledLimits | undefined {
    return this.limiter.compiledFor(tenantId, plan, modelClass);
  }

  /** Checks and, when granted, charges every limit of the request's plan: the full verdict. */
  check(request: LimitCheck): LimitVerdict {
    const nowMs = this.now();
    const compiled = this.limiter.compiledFor(request.tenantId, request.plan, request.modelClass);
    if (!compiled) return verdictOf(NO_LIMITS, [], "no_limits");
    const limits = limitsAt(compiled, nowMs);
    const key = subjectKey(request.tenantId, request.subject, request.modelClass);
    const decision = this.store.checkNow(key, limits, request, nowMs);
    return verdictOf(decision, slotStatuses(this.store.usageOf(key, nowMs), limits, nowMs));
  }

  /**
   * The hot path: decides for a subject key (`subjectKey(tenant, subject, modelClass)`) under
   * compiled limits. The answer is reused by the next call; read it at once.
   */
  allow(key: string, compiled: CompiledLimits, inputTokens: number, maxOutputTokens: number): MeterDecision {
    const nowMs = this.now();
    this.cost.inputTokens = inputTokens;
    this.cost.maxOutputTokens = maxOutputTokens;
    return this.store.checkNow(key, limitsAt(compiled, nowMs), this.cost, nowMs);
  }

  private readonly cost = { inputTokens: 0, maxOutputTokens: 0 };

  settle(
    tenantId: string,
    subject: string,
    modelClass: string,
    reservationId: number,
    outputTokens: number,
  ): SettleOutcome {
    return this.store.settleNow(
      subjectKey(tenantId, subject, modelClass),
      reservationId,
      outputTokens,
      this.now(),
    );
  }
}
