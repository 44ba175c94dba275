/**
 * The capacity calendar: how many GPUs of each model a site can still offer over time, given the
 * leases already holding capacity there. Count-based (which nodes is the allocation engine's
 * job); answers "does this fit", "from when", and draws the availability timeline.
 * @module
 */
import type { LeaseTerms } from "./lease.js";
import { leaseStartsAt } from "./lease.js";
import { usageSteps } from "./usage-steps.js";

/** A lease holding capacity at a site: its tenant, lines, tranches, end and isolation. */
export type Holding = Pick<LeaseTerms, "tenantId" | "lines" | "tranches" | "endsAt" | "isolation"> & {
  leaseId: string;
};

/**
 * One step of availability: from `from` until `until`, this many GPUs of the model can be leased;
 * `limitedBy` says whether free GPUs or the site's permitted power set the number.
 */
export interface AvailabilityStep {
  from: string;
  until: string;
  availableGpus: number;
  limitedBy: "gpus" | "power";
}

/** A site's power permit as the calendar needs it: leases commit GPUs × kW per GPU × PUE against it. */
export interface SitePower {
  permittedKw: number;
  pue: number;
  /** kW per GPU of each model. */
  kwPerGpu: ReadonlyMap<string, number>;
}

/** GPUs of each model a holding uses at instant `at`. */
function usageAt(h: Pick<Holding, "lines" | "tranches" | "endsAt">, at: string): Map<string, number> {
  const used = new Map<string, number>();
  if (at >= h.endsAt) return used;
  for (const t of h.tranches) {
    if (t.startsAt > at) continue;
    for (const line of h.lines) {
      const gpus = t.gpusByLine[line.key] ?? 0;
      used.set(line.gpuModel, (used.get(line.gpuModel) ?? 0) + gpus);
    }
  }
  return used;
}

/**
 * Availability of one model over [from, until): capacity minus what the holdings use, and, with
 * `power`, no more GPUs than the power the holdings leave under the permit can feed.
 */
export function availability(
  capacityGpus: number,
  gpuModel: string,
  holdings: readonly Holding[],
  from: string,
  until: string,
  power?: SitePower,
): AvailabilityStep[] {
  const usage = usageSteps(holdings, from, until, power ? undefined : new Set([gpuModel]));
  const steps: AvailabilityStep[] = [];
  usage.forEach(({ at, used }, i) => {
    let committedKw = 0;
    if (power)
      for (const [model, gpus] of used) committedKw += gpus * (power.kwPerGpu.get(model) ?? 0) * power.pue;
    const freeGpus = capacityGpus - (used.get(gpuModel) ?? 0);
    const kwPerGpu = power ? (power.kwPerGpu.get(gpuModel) ?? 0) * power.pue : 0;
    // A tiny slack so that float sums of kW never cost a whole GPU.
    const powerGpus =
      power && kwPerGpu > 0
        ? Math.max(0, Math.floor((power.permittedKw - committedKw) / kwPerGpu + 1e-9))
        : Number.POSITIVE_INFINITY;
    const availableGpus = Math.min(freeGpus, powerGpus);
    const limitedBy = powerGpus < freeGpus ? "power" : "gpus";
    const next = usage[i + 1]?.at ?? until;
    const last = steps[steps.length - 1];
    if (last && last.availableGpus === availableGpus && last.limitedBy === limitedBy) last.until = next;
    else steps.push({ from: at, until: next, availableGpus, limitedBy });
  });
  return steps;
}

export type FitResult =
  | { fits: true }
  | {
      fits: false;
      reason: "INSUFFICIENT_CAPACITY" | "ISOLATION";
      at: string;
      message: string;
      gpuModel?: string;
      neededGpus?: number;
      availableGpus?: number;
      /** For ISOLATION: the lease of another tenant that holds the site. */
      blockingLeaseId?: string;
    };

/**
 * Whether `request` fits beside `holdings` at every instant of its term, given the site's
 * leasable GPUs per model. Site isolation (either side) forbids any overlap with another tenant.
 */
export function fits(
  capacityByModel: ReadonlyMap<string, number>,
  holdings: readonly Holding[],
  request: Omit<Holding, "leaseId">,
): FitResult {
  const start = leaseStartsAt(request);
  for (const h of holdings) {
    if (h.tenantId === request.tenantId) continue;
    const overlaps = leaseStartsAt(h) < request.endsAt && start < h.endsAt;
    if (overlaps && (h.isolation === "site" || request.isolation === "site")) {
      return {
        fits: false,
        reason: "ISOLATION",
        // biome-ignore lint/complexity/useMathMinMax: ISO instants compare as strings; Math.max would give NaN
        at: start > leaseStartsAt(h) ? start : leaseStartsAt(h),
        message: `site isolation: a lease of another tenant holds capacity here until ${h.endsAt}`,
        blockingLeaseId: h.leaseId,
      };
    }
  }
  // Only the instants where the holdings' use of a requested model or the request itself changes
  // can be the first where it runs short; holdings outside its term are passed over.
  const models = new Set(request.lines.map((l) => l.gpuModel));
  const steps = usageSteps(holdings, start, request.endsAt, models);
  const own = request.tranches.map((t) => t.startsAt).filter((at) => at > start && at < request.endsAt);
  const points = [...new Set([...steps.map((s) => s.at), ...own])].sort();
  let step = 0;
  for (const at of points) {
    while ((steps[step + 1]?.at ?? request.endsAt) <= at) step++;
    const used = steps[step]?.used;
    for (const [model, needed] of usageAt(request, at)) {
      const available = (capacityByModel.get(model) ?? 0) - (used?.get(model) ?? 0);
      if (needed > available) {
        return {
          fits: false,
          reason: "INSUFFICIENT_CAPACITY",
          at,
          gpuModel: model,
          neededGpus: needed,
          availableGpus: Math.max(0, available),
          message: `needs ${needed.toLocaleString("en-US")} ${model} GPUs at ${at}; ${Math.max(0, available).toLocaleString("en-US")} available`,
        };
      }
    }
  }
  return { fits: true };
}

/** The request moved so its first tranche starts at `startsAt`, keeping every offset and its length. */
export function shiftTo<T extends Pick<LeaseTerms, "tranches" | "endsAt" | "rampDiscounts">>(
  request: T,
  startsAt: string,
): T {
  const delta = Date.parse(startsAt) - Date.parse(leaseStartsAt(request));
  const move = (s: string) => new Date(Date.parse(s) + delta).toISOString();
  return {
    ...request,
    tranches: request.tranches.map((t) => ({ ...t, startsAt: move(t.startsAt) })),
    endsAt: move(request.endsAt),
    rampDiscounts: request.rampDiscounts.map((d) => ({ ...d, from: move(d.from), until: move(d.until) })),
  };
}

/**
 * The earliest start at or after the requested one at which the whole request fits: tried as
 * asked, then at each start that lines one of its tranches up with the moment capacity frees up
 * (another lease's end); only those moments can turn "does not fit" into "fits". Undefined if never.
 */
export function earliestStart<T extends Omit<Holding, "leaseId"> & Pick<LeaseTerms, "rampDiscounts">>(
  capacityByModel: ReadonlyMap<string, number>,
  holdings: readonly Holding[],
  request: T,
): string | undefined {
  const asked = leaseStartsAt(request);
  const askedMs = Date.parse(asked);
  const offsetsMs = request.tranches.map((t) => Date.parse(t.startsAt) - askedMs);
  const freed = holdings.flatMap((h) =>
    offsetsMs.map((o) => new Date(Date.parse(h.endsAt) - o).toISOString()),
  );
  const candidates = [asked, ...freed.filter((at) => at > asked)].sort();
  for (const at of [...new Set(candidates)]) {
    if (fits(capacityByModel, holdings, shiftTo(request, at)).fits) return at;
  }
  return undefined;
}
