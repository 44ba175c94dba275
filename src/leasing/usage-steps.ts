/**
 * The GPUs a set of holdings uses over a window, per model, as steps: the usage at the window's
 * start and at every later instant inside it where it changes. One sort of the tranche starts and
 * ends that fall inside the window, where asking every holding at every instant is quadratic in
 * the holdings; holdings that do not overlap the window cost one comparison each.
 * @module
 */
import type { LeaseTerms } from "./lease.js";

/** What the steps read of a holding: its lines, its tranches and its end. */
export type UsageTerms = Pick<LeaseTerms, "lines" | "tranches" | "endsAt">;

/** From `at` until the next step, the holdings use `used` GPUs of each model (models at 0 may be absent). */
export interface UsageStep {
  at: string;
  used: ReadonlyMap<string, number>;
}

const add = (into: Map<string, number>, model: string, gpus: number) =>
  into.set(model, (into.get(model) ?? 0) + gpus);

/**
 * Usage of `holdings` over [from, until): a holding uses a tranche's GPUs from the tranche's start
 * until the holding's end. With `models`, only those models are counted. The first step is at
 * `from`; each later one is an instant where some count changed, in order.
 */
export function usageSteps(
  holdings: readonly UsageTerms[],
  from: string,
  until: string,
  models?: ReadonlySet<string>,
): UsageStep[] {
  const used = new Map<string, number>();
  const changes: Array<{ at: string; model: string; gpus: number }> = [];
  for (const h of holdings) {
    if (h.endsAt <= from) continue;
    for (const t of h.tranches) {
      if (t.startsAt >= until || t.startsAt >= h.endsAt) continue;
      for (const line of h.lines) {
        const gpus = t.gpusByLine[line.key] ?? 0;
        if (gpus === 0 || (models && !models.has(line.gpuModel))) continue;
        if (t.startsAt <= from) add(used, line.gpuModel, gpus);
        else changes.push({ at: t.startsAt, model: line.gpuModel, gpus });
        if (h.endsAt < until) changes.push({ at: h.endsAt, model: line.gpuModel, gpus: -gpus });
      }
    }
  }
  changes.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const steps: UsageStep[] = [{ at: from, used: new Map(used) }];
  for (let i = 0; i < changes.length; ) {
    const at = changes[i]?.at ?? until;
    for (let c = changes[i]; c && c.at === at; c = changes[++i]) add(used, c.model, c.gpus);
    steps.push({ at, used: new Map(used) });
  }
  return steps;
}
