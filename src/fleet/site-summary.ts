/**
 * A site at a glance: GPUs by model and state, power installed vs permitted vs drawn (continuous
 * supply: grid and generation), what its batteries can ride through, and the warnings an operator
 * must see (generation installed beyond its permit, draw above the permit).
 * @module
 */
import type { GpuCatalogue } from "./gpu-model.js";
import { isPowered, NODE_STATES, type NodeState } from "./node.js";
import { isStorage, type PowerSourceKind, powerTotals, round3, type Site, storageOf } from "./site.js";

/** Node and GPU counts for one (model, state) pair, as the store aggregates them. */
export interface StateCount {
  gpuModel: string;
  state: NodeState;
  nodeCount: number;
  gpuCount: number;
}

export type StateTally = Record<NodeState, number>;

export interface ModelCapacity {
  gpuModel: string;
  nodes: number;
  gpus: number;
  gpusByState: StateTally;
  /** IT draw of this model's powered nodes, MW. */
  drawnItMw: number;
}

export interface SiteWarning {
  code: "INSTALLED_OVER_PERMIT" | "DRAW_OVER_PERMIT" | "DESIGN_OVER_PERMIT";
  message: string;
  /** The MW above the permit. */
  excessMw: number;
  source?: PowerSourceKind;
}

export interface SiteSummary {
  nodes: number;
  gpus: number;
  nodesByState: StateTally;
  gpusByState: StateTally;
  capacityByModel: ModelCapacity[];
  power: {
    /** Continuous supply (grid and generation, batteries left out), installed and permitted. */
    installedMw: number;
    permittedMw: number;
    /** Facility draw if every node ran flat out: IT draw of all nodes × PUE. */
    designMw: number;
    /** Facility draw of the powered (healthy or degraded) nodes × PUE: an estimate from the catalogue. */
    drawnMw: number;
    headroomMw: number;
    sources: Array<{
      kind: PowerSourceKind;
      installedMw: number;
      permittedMw: number;
      overPermitMw: number;
      /** Stored energy, batteries only. */
      energyMwh?: number;
    }>;
    /** The batteries: storage, not supply. Null when the site has none. */
    storage: StorageSummary | null;
  };
  warnings: SiteWarning[];
}

export interface StorageSummary {
  /** Discharge power, MW. */
  powerMw: number;
  energyMwh: number;
  /** How long the batteries alone carry `coversMw` of today's draw: a grid or generation outage. */
  rideThroughMinutes: number;
  /** The part of today's draw the batteries can carry (all of it unless their power is less). */
  coversMw: number;
  /** How long they can add their full power on top of the permitted supply: peak shaving. */
  peakShavingHours: number;
}

/** What stored energy buys at a given draw. */
function storageSummary(site: Site, drawnMw: number): StorageSummary | null {
  const { powerMw, energyMwh } = storageOf(site.powerSources);
  if (powerMw === 0 && energyMwh === 0) return null;
  const coversMw = round3(Math.min(drawnMw, powerMw));
  return {
    powerMw,
    energyMwh,
    rideThroughMinutes: coversMw > 0 ? Math.floor((energyMwh / coversMw) * 60) : 0,
    coversMw,
    peakShavingHours: powerMw > 0 ? round3(energyMwh / powerMw) : 0,
  };
}

const emptyTally = (): StateTally => Object.fromEntries(NODE_STATES.map((s) => [s, 0])) as StateTally;

/** Builds the summary of a site from its per-(model, state) counts. */
export function summarizeSite(
  site: Site,
  counts: readonly StateCount[],
  catalogue: GpuCatalogue,
): SiteSummary {
  const nodesByState = emptyTally();
  const gpusByState = emptyTally();
  const models = new Map<string, ModelCapacity>();
  let designItKw = 0;
  let drawnItKw = 0;
  for (const c of counts) {
    nodesByState[c.state] += c.nodeCount;
    gpusByState[c.state] += c.gpuCount;
    const m = models.get(c.gpuModel) ?? {
      gpuModel: c.gpuModel,
      nodes: 0,
      gpus: 0,
      gpusByState: emptyTally(),
      drawnItMw: 0,
    };
    m.nodes += c.nodeCount;
    m.gpus += c.gpuCount;
    m.gpusByState[c.state] += c.gpuCount;
    const kw = (catalogue.get(c.gpuModel)?.powerKwPerGpu ?? 0) * c.gpuCount;
    designItKw += kw;
    if (isPowered(c.state)) {
      drawnItKw += kw;
      m.drawnItMw += kw / 1000;
    }
    models.set(c.gpuModel, m);
  }
  const capacityByModel = [...models.values()]
    .map((m) => ({ ...m, drawnItMw: round3(m.drawnItMw) }))
    .sort((a, b) => b.gpus - a.gpus);

  const { installedMw, permittedMw } = powerTotals(site.powerSources);
  const designMw = round3((designItKw * site.pue) / 1000);
  const drawnMw = round3((drawnItKw * site.pue) / 1000);
  const sources = site.powerSources.map((s) => ({
    ...s,
    overPermitMw: isStorage(s.kind) ? 0 : round3(Math.max(0, s.installedMw - s.permittedMw)),
  }));

  const warnings: SiteWarning[] = [];
  for (const s of sources) {
    if (s.overPermitMw > 0) {
      warnings.push({
        code: "INSTALLED_OVER_PERMIT",
        source: s.kind,
        excessMw: s.overPermitMw,
        message: `${s.kind} has ${s.installedMw} MW installed but ${s.permittedMw} MW permitted: ${s.overPermitMw} MW must not run`,
      });
    }
  }
  if (drawnMw > permittedMw) {
    warnings.push({
      code: "DRAW_OVER_PERMIT",
      excessMw: round3(drawnMw - permittedMw),
      message: `estimated draw ${drawnMw} MW exceeds the permitted ${permittedMw} MW`,
    });
  } else if (designMw > permittedMw) {
    warnings.push({
      code: "DESIGN_OVER_PERMIT",
      excessMw: round3(designMw - permittedMw),
      message: `all nodes at full power would draw ${designMw} MW, above the permitted ${permittedMw} MW`,
    });
  }

  return {
    nodes: sum(Object.values(nodesByState)),
    gpus: sum(Object.values(gpusByState)),
    nodesByState,
    gpusByState,
    capacityByModel,
    power: {
      installedMw,
      permittedMw,
      designMw,
      drawnMw,
      headroomMw: round3(permittedMw - drawnMw),
      sources,
      storage: storageSummary(site, drawnMw),
    },
    warnings,
  };
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
