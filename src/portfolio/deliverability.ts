/**
 * The portfolio at a glance: what is committed (every deal at full delivery), what is live now,
 * the share delivered by a date (deliverability), by provider and by deal, and where it stands
 * against the target.
 * @module
 */
import { committedSpendOf, type Deal, type FullCapacity, fullCapacity } from "./deal.js";
import { liveShare } from "./deal-months.js";
import { type LinkedLease, linkedFullGpus, linkedGpusAt } from "./linked-lease.js";
import { roundMw } from "./portfolio-timeline.js";
import type { PortfolioTarget } from "./target-line.js";

export interface CapacityFigures {
  committedPowerMw: number;
  committedGpus: number;
  livePowerMw: number;
  liveGpus: number;
  /** MW live at the deliverability date. */
  deliveredPowerMw: number;
  /** deliveredPowerMw / committedPowerMw (0 when nothing is committed). */
  deliveredShare: number;
}

export interface PortfolioSummary extends CapacityFigures {
  at: string;
  /** The deliverability date. */
  by: string;
  committedSpendMicros: bigint;
  providers: Array<CapacityFigures & { provider: string; deals: number }>;
  deals: Array<{ name: string; provider: string; committedPowerMw: number; deliveredShare: number }>;
  target: PortfolioTarget & {
    /** Committed MW as a share of the target. */
    committedShare: number;
    /** MW live at the target's date. */
    liveAtTargetPowerMw: number;
    /** Target MW less what is live at its date; negative when the target is beaten. */
    gapPowerMw: number;
  };
}

type SummaryDeal = Pick<
  Deal,
  | "name"
  | "provider"
  | "chip"
  | "powerMw"
  | "gpus"
  | "kwPerGpu"
  | "onlineAt"
  | "rampMonths"
  | "termMonths"
  | "leaseId"
  | "committedSpendMicros"
  | "orbital"
>;

/** A deal's full capacity and its live (MW, GPUs) at a moment. */
function dealAt(deal: SummaryDeal, leases: ReadonlyMap<string, LinkedLease>) {
  const lease = deal.leaseId ? leases.get(deal.leaseId) : undefined;
  const full: FullCapacity = deal.leaseId
    ? fullCapacity({ ...deal, gpus: lease ? linkedFullGpus(lease) : 0 })
    : fullCapacity(deal);
  const liveAt = (ms: number) => {
    if (deal.leaseId) {
      const gpus = lease ? linkedGpusAt(lease, ms) : 0;
      return { mw: (gpus * full.kwPerGpu) / 1000, gpus };
    }
    const share = liveShare(deal, ms);
    return { mw: full.powerMw * share, gpus: Math.floor(full.gpus * share) };
  };
  return { full, liveAt };
}

function emptyFigures(): CapacityFigures {
  return {
    committedPowerMw: 0,
    committedGpus: 0,
    livePowerMw: 0,
    liveGpus: 0,
    deliveredPowerMw: 0,
    deliveredShare: 0,
  };
}

function finish(f: CapacityFigures): CapacityFigures {
  return {
    committedPowerMw: roundMw(f.committedPowerMw),
    committedGpus: f.committedGpus,
    livePowerMw: roundMw(f.livePowerMw),
    liveGpus: f.liveGpus,
    deliveredPowerMw: roundMw(f.deliveredPowerMw),
    deliveredShare: f.committedPowerMw > 0 ? round4(f.deliveredPowerMw / f.committedPowerMw) : 0,
  };
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** The summary at `at`, with deliverability by `by`, against `target`. */
export function portfolioSummary(
  deals: readonly SummaryDeal[],
  leases: ReadonlyMap<string, LinkedLease>,
  dates: { at: string; by: string },
  target: PortfolioTarget,
): PortfolioSummary {
  const atMs = Date.parse(dates.at);
  const byMs = Date.parse(dates.by);
  const targetMs = Date.parse(target.at);
  const total = emptyFigures();
  const providers = new Map<string, CapacityFigures & { deals: number }>();
  const perDeal: PortfolioSummary["deals"] = [];
  let spend = 0n;
  let liveAtTarget = 0;
  for (const deal of deals) {
    const { full, liveAt } = dealAt(deal, leases);
    const now = liveAt(atMs);
    const delivered = liveAt(byMs);
    liveAtTarget += liveAt(targetMs).mw;
    spend += committedSpendOf(deal, full.powerMw) ?? 0n;
    let p = providers.get(deal.provider);
    if (!p) {
      p = { ...emptyFigures(), deals: 0 };
      providers.set(deal.provider, p);
    }
    for (const f of [total, p]) {
      f.committedPowerMw += full.powerMw;
      f.committedGpus += full.gpus;
      f.livePowerMw += now.mw;
      f.liveGpus += now.gpus;
      f.deliveredPowerMw += delivered.mw;
    }
    p.deals += 1;
    perDeal.push({
      name: deal.name,
      provider: deal.provider,
      committedPowerMw: roundMw(full.powerMw),
      deliveredShare: full.powerMw > 0 ? round4(delivered.mw / full.powerMw) : 0,
    });
  }
  const figures = finish(total);
  return {
    at: dates.at,
    by: dates.by,
    ...figures,
    committedSpendMicros: spend,
    providers: [...providers.entries()]
      .map(([provider, f]) => ({ provider, deals: f.deals, ...finish(f) }))
      .sort((a, b) => b.committedPowerMw - a.committedPowerMw || a.provider.localeCompare(b.provider)),
    deals: perDeal,
    target: {
      ...target,
      committedShare: target.powerMw > 0 ? round4(figures.committedPowerMw / target.powerMw) : 0,
      liveAtTargetPowerMw: roundMw(liveAtTarget),
      gapPowerMw: roundMw(target.powerMw - liveAtTarget),
    },
  };
}
