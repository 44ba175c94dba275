/**
 * A tenant's usage limits as the planner publishes them and the limiter enforces them: per plan
 * and model class, one limit per dimension and window. A published set is immutable; a new one
 * gets the next version and takes effect without resetting what subjects have already used.
 * @module
 */

/** What a check spends: one request, its input tokens, and (reserved, then settled) its output tokens. */
export const LIMIT_DIMENSIONS = ["requests", "input_tokens", "output_tokens"] as const;
export type LimitDimension = (typeof LIMIT_DIMENSIONS)[number];

/**
 * The windows a limit is stated over: per minute (API tiers), per 5-hour session and per week
 * (subscription plans). Every window is continuously replenished at `limit / window`.
 */
export const LIMIT_WINDOWS = ["minute", "five_hours", "week"] as const;
export type LimitWindow = (typeof LIMIT_WINDOWS)[number];

export const WINDOW_SECONDS: Record<LimitWindow, number> = {
  minute: 60,
  five_hours: 5 * 3600,
  week: 7 * 24 * 3600,
};

/** One limit: at most `limit` of `dimension` per `window`. */
export interface DimensionLimit {
  dimension: LimitDimension;
  window: LimitWindow;
  limit: number;
}

/** Hours of the day (UTC) in which a plan's limits are reduced, and by how much. */
export interface PeakReduction {
  hoursUtc: number[];
  /** The share of each limit that applies in those hours, in (0, 1]. */
  factor: number;
}

/** What one plan allows on one model class. */
export interface PlanModelLimits {
  plan: string;
  modelClass: string;
  limits: DimensionLimit[];
  peak?: PeakReduction;
}

export interface LimitSet {
  id: string;
  tenantId: string;
  /** 1 for a tenant's first set, then +1 per set. */
  version: number;
  createdAt: string;
  /** When it took effect; null while it waits for approval or was never published. */
  publishedAt: string | null;
  plans: PlanModelLimits[];
}

/**
 * The limits in force, as the limiter reads them on every check: synchronous (held in memory by
 * whoever implements it, refreshed when a set is published), so a check never waits on a database.
 */
export interface PublishedLimits {
  /** The limits in force for a tenant's plan on a model class, or undefined when none is published. */
  limitsFor(tenantId: string, plan: string, modelClass: string): PlanModelLimits | undefined;
  /** The version of the tenant's set in force, or 0 when none is. */
  versionOf(tenantId: string): number;
}
