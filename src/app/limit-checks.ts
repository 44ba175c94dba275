/**
 * Usage-limit checks and settles for gateways: each check decided atomically over every dimension
 * and window by the limiter, counted for the decisions chart, and — when the store (Redis) cannot
 * be reached — answered by the configured failure policy instead of an error.
 * @module
 */
import type { TenantScope } from "../access/principal.js";
import type { DecisionLog, DecisionMinute } from "../limits/decision-log.js";
import type { LimitCheck, Limiter, LimitVerdict } from "../limits/limiter.js";
import type { SettleOutcome } from "../limits/usage-meter.js";
import { LeaseholdError } from "../shared/errors.js";
import type { Clock } from "./clock.js";

/** What a check answers while the store is unreachable: grant (`open`) or deny (`closed`). */
export type StoreFailurePolicy = "open" | "closed";

/** The store's health as /metrics shows it. */
export interface LimitStoreHealth {
  store: "in-process" | "redis";
  policy: StoreFailurePolicy;
  /** False from a failed call until the next call that succeeds. */
  up: boolean;
  /** Calls that failed and were answered by the policy. */
  failures: number;
}

/** A verdict for a tenant, with the version of its limits and when it was decided (ms since the epoch). */
export type CheckAnswer = LimitVerdict & { tenantId: string; limitSetVersion: number; atMs: number };

/** A check as a gateway sends it; an operator names the tenant, other keys act for their own. */
export type CheckInput = Omit<LimitCheck, "tenantId"> & { tenant?: string | undefined };

export class LimitChecks {
  private failures = 0;
  private up = true;

  constructor(
    private readonly limiter: Limiter,
    private readonly log: DecisionLog,
    private readonly clock: Clock,
    private readonly policy: StoreFailurePolicy,
  ) {}

  /** The tenant a caller acts for: its own, or for an operator the one it names. */
  tenantFor(scope: TenantScope, named: string | undefined): string {
    if (scope.tenantId === null) {
      if (!named)
        throw new LeaseholdError("VALIDATION_FAILED", "an operator key must name the tenant to check for", [
          { field: "tenant", message: "required with an operator key", bound: "a tenant id" },
        ]);
      return named;
    }
    if (named !== undefined && named !== scope.tenantId)
      throw new LeaseholdError("TENANT_NOT_FOUND", `tenant ${named} not found`, [
        { field: "tenant", message: "not this key's tenant", bound: "the key's own tenant" },
      ]);
    return scope.tenantId;
  }

  private nowMs(): number {
    return Date.parse(this.clock.now());
  }

  async check(scope: TenantScope, input: CheckInput): Promise<CheckAnswer> {
    const tenantId = this.tenantFor(scope, input.tenant);
    return this.decide({ ...input, tenantId }, this.nowMs());
  }

  /** Many checks, each decided on its own (in order), at one instant. */
  async checkMany(scope: TenantScope, inputs: CheckInput[]): Promise<CheckAnswer[]> {
    const requests = inputs.map((input) => ({ ...input, tenantId: this.tenantFor(scope, input.tenant) }));
    const nowMs = this.nowMs();
    const answers: CheckAnswer[] = [];
    for (const request of requests) answers.push(await this.decide(request, nowMs));
    return answers;
  }

  private async decide(request: LimitCheck, nowMs: number): Promise<CheckAnswer> {
    const limitSetVersion = this.limiter.published.versionOf(request.tenantId);
    let verdict: LimitVerdict;
    try {
      verdict = await this.limiter.check(request, nowMs);
      this.up = true;
    } catch {
      this.failures++;
      this.up = false;
      verdict =
        this.policy === "open"
          ? { granted: true, reservationId: null, limits: [], degraded: true }
          : {
              granted: false,
              reason: "store_unavailable",
              retryAfterMs: 1_000,
              exceedsLimit: false,
              limits: [],
            };
    }
    const cause = verdict.granted
      ? null
      : verdict.reason === "limit"
        ? (verdict.dimension ?? "requests")
        : verdict.reason;
    this.log.record(request.tenantId, nowMs, cause);
    return { ...verdict, tenantId: request.tenantId, limitSetVersion, atMs: nowMs };
  }

  /** Settles a reservation; while the store is unreachable it settles nothing (the reservation expires). */
  async settle(
    scope: TenantScope,
    input: {
      tenant?: string | undefined;
      subject: string;
      modelClass: string;
      reservationId: number;
      outputTokens: number;
    },
  ): Promise<SettleOutcome & { tenantId: string }> {
    const tenantId = this.tenantFor(scope, input.tenant);
    try {
      const outcome = await this.limiter.settle(
        tenantId,
        input.subject,
        input.modelClass,
        input.reservationId,
        input.outputTokens,
        this.nowMs(),
      );
      this.up = true;
      return { ...outcome, tenantId };
    } catch {
      this.failures++;
      this.up = false;
      return { settled: false, tenantId };
    }
  }

  /**
   * Grants and denials per minute over the last hour: the named tenant's, or every tenant's for an
   * operator who names none. A tenant or checker key sees only its own tenant's counts (naming
   * another tenant filters everything out, as a list filtered by another tenant would).
   */
  decisions(scope: TenantScope, named?: string): DecisionMinute[] {
    const nowMs = this.nowMs();
    // Another tenant's counts are never shown: naming one reads as an hour with no decisions.
    if (scope.tenantId !== null && named !== undefined && named !== scope.tenantId)
      return this.log.emptyHour(nowMs);
    return this.log.lastHour(scope.tenantId ?? this.tenantFor(scope, named), nowMs);
  }

  health(): LimitStoreHealth {
    return { store: this.limiter.store.kind, policy: this.policy, up: this.up, failures: this.failures };
  }
}
