/**
 * A limit set as the planner records it: the shared `LimitSet` plus why it was computed (on
 * demand, or a capacity change with the lease events behind it), who computed and published it,
 * and the planning behind it (live GPUs, capacity per class, demand by hour, the scale applied).
 * @module
 */
import type { LimitSet } from "./limit-set.js";

export const LIMIT_SET_STATUSES = ["draft", "published"] as const;
export type LimitSetStatus = (typeof LIMIT_SET_STATUSES)[number];

export interface LimitSetTrigger {
  kind: "on_demand" | "capacity_change";
  /** The outbox events (lease went live, tranche went live, lease ended) behind a capacity change. */
  eventIds: number[];
}

/** What the planner saw and decided when it computed a set. */
export interface Planning {
  /** The version in force when the set was computed (0: none); the set's diff is against it. */
  basedOnVersion: number;
  gpusByModel: Record<string, number>;
  capacityByClass: Record<string, number>;
  targetUtilisation: number;
  peakToAverageByHourUtc: number[];
  /** Projected demand per hour (UTC) as a share of live capacity. */
  demandByHour: number[];
  scale: number;
  peakReductions: boolean;
  warnings: string[];
}

export interface LimitSetRecord extends LimitSet {
  status: LimitSetStatus;
  createdBy: string;
  publishedBy: string | null;
  trigger: LimitSetTrigger;
  planning: Planning;
}

/** A set's status from when it was published. */
export function statusOf(set: Pick<LimitSet, "publishedAt">): LimitSetStatus {
  return set.publishedAt === null ? "draft" : "published";
}
