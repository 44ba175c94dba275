/** The per-model account of a site: house + spare + leased + unassigned adds up to every GPU it has. */
import type { AllocationState } from "./allocation-state.js";
import { at, CLASS_COUNT, CLASS_HOUSE, CLASS_LEASED, CLASS_SPARE, CLASS_UNASSIGNED } from "./node-codes.js";

export interface Holding {
  nodes: number;
  gpus: number;
}

export interface ModelAccount {
  gpuModel: string;
  site: Holding;
  /** Healthy or degraded nodes running the owner's internal work (including idle ones; see `powerReport`). */
  house: Holding;
  spare: Holding;
  leased: Holding;
  /** Failed or under maintenance. */
  unassigned: Holding;
  /** True when house + spare + leased + unassigned equals the site, in nodes and in GPUs. */
  balanced: boolean;
}

/** The account of every model, from the incrementally kept class totals (no node scan). */
export function accountSite(state: AllocationState): ModelAccount[] {
  const { index } = state;
  return index.models.map((model, m) => {
    const holding = (cls: number): Holding => ({
      nodes: at(state.classNodes, m * CLASS_COUNT + cls),
      gpus: at(state.classGpus, m * CLASS_COUNT + cls),
    });
    const parts = [CLASS_HOUSE, CLASS_SPARE, CLASS_LEASED, CLASS_UNASSIGNED].map(holding);
    const [house, spare, leased, unassigned] = parts as [Holding, Holding, Holding, Holding];
    const site = { nodes: at(index.modelNodes, m), gpus: at(index.modelGpus, m) };
    const sum = parts.reduce((a, p) => ({ nodes: a.nodes + p.nodes, gpus: a.gpus + p.gpus }), {
      nodes: 0,
      gpus: 0,
    });
    return {
      gpuModel: model.name,
      site,
      house,
      spare,
      leased,
      unassigned,
      balanced: sum.nodes === site.nodes && sum.gpus === site.gpus,
    };
  });
}
