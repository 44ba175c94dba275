/**
 * The simulator's model of a site's nodes, deterministic for a seed: each tick (one heartbeat
 * interval) a node may break (XID 79 and then its GPU off the bus, uncorrectable ECC errors on
 * every read, a GPU off the bus, or an agent that goes silent) at `failuresPerNodeHour`, and a broken one is repaired after `repairS` on
 * average. An XID storm hits every node of one rack at once; a power event takes every node of
 * one block dark (silent) for a while. It says what each node reports this tick, or that it is
 * silent; the simulator turns that into heartbeats.
 * @module
 */
import { prng } from "../shared/prng.js";
import type { HeartbeatGpu } from "./heartbeat.js";

export interface SimulatedNode {
  name: string;
  path: string;
  gpuCount: number;
}

export type Fault = "xid" | "ecc" | "gpu-missing" | "silent";
const FAULTS: readonly Fault[] = ["xid", "ecc", "gpu-missing", "silent"];

export interface SimulationSettings {
  seed: number;
  intervalS: number;
  failuresPerNodeHour: number;
  /** Mean time to repair a broken node, seconds. */
  repairS: number;
  /** A rack path (prefix) whose nodes all raise XID 79 at tick `xidStormTick`. */
  xidStormRack?: string;
  xidStormTick?: number;
  /** A block path (prefix) whose nodes all go dark at `powerEventTick` for `powerEventTicks`. */
  powerEventBlock?: string;
  powerEventTick?: number;
  powerEventTicks?: number;
}

/** What one node reports this tick: GPUs and lost count, or null when it is silent. */
export type NodeReport = { gpus: HeartbeatGpu[]; gpusLost: number } | null;

interface NodeCondition {
  fault: Fault | null;
  /** Whether the fault's one-off event (an XID, ECC errors) was reported already. */
  reported: boolean;
}

export class SimulatedFleet {
  private readonly random: () => number;
  private readonly conditions: NodeCondition[];
  private tickNo = 0;
  /** Faults injected so far, by kind (storms and power events included). */
  readonly injected: Record<Fault | "xid-storm" | "power-event", number> = {
    xid: 0,
    ecc: 0,
    "gpu-missing": 0,
    silent: 0,
    "xid-storm": 0,
    "power-event": 0,
  };

  constructor(
    readonly nodes: readonly SimulatedNode[],
    private readonly settings: SimulationSettings,
  ) {
    this.random = prng(settings.seed);
    this.conditions = nodes.map(() => ({ fault: null, reported: false }));
  }

  get tick(): number {
    return this.tickNo;
  }

  /** Advances one interval and returns every node's report for it, in node order. */
  next(): NodeReport[] {
    const s = this.settings;
    const pFail = (s.failuresPerNodeHour * s.intervalS) / 3600;
    const pRepair = Math.min(1, s.intervalS / Math.max(1, s.repairS));
    const t = this.tickNo++;
    const storm = s.xidStormRack !== undefined && t === (s.xidStormTick ?? 0);
    const darkFrom = s.powerEventTick ?? 0;
    const dark = s.powerEventBlock !== undefined && t >= darkFrom && t < darkFrom + (s.powerEventTicks ?? 30);
    return this.nodes.map((node, i) => {
      const c = this.conditions[i] as NodeCondition;
      if (dark && node.path.startsWith(s.powerEventBlock as string)) {
        if (t === darkFrom) this.injected["power-event"]++;
        return null;
      }
      if (storm && node.path.startsWith(s.xidStormRack as string)) {
        c.fault = "xid";
        c.reported = false;
        this.injected["xid-storm"]++;
      } else if (c.fault === null && this.random() < pFail) {
        c.fault = FAULTS[Math.floor(this.random() * FAULTS.length)] ?? "xid";
        c.reported = false;
        this.injected[c.fault]++;
      } else if (c.fault !== null && c.reported && this.random() < pRepair) {
        c.fault = null;
      }
      return this.report(node, i, c);
    });
  }

  private report(node: SimulatedNode, i: number, c: NodeCondition): NodeReport {
    if (c.fault === "silent") {
      c.reported = true;
      return null;
    }
    const first = !c.reported;
    c.reported = true;
    // XID 79 is a GPU fallen off the bus: after the XID, it is missing until repaired.
    const lostOne = c.fault === "gpu-missing" || (c.fault === "xid" && !first);
    const present = lostOne ? node.gpuCount - 1 : node.gpuCount;
    const gpus: HeartbeatGpu[] = [];
    for (let g = 0; g < present; g++) {
      const load = 0.8 + 0.2 * this.random();
      gpus.push({
        uuid: `GPU-sim-${i.toString(16).padStart(6, "0")}-${g}`,
        utilizationPct: Math.round(load * 1000) / 10,
        powerW: Math.round((350 + 350 * load) * 10) / 10,
        temperatureC: Math.round(45 + 30 * load),
        memoryUsedMib: Math.round(81_559 * load),
        memoryTotalMib: 81_559,
        // A GPU with uncorrectable errors keeps raising them until it is repaired.
        eccUncorrectedNew: c.fault === "ecc" && g === 0 ? (first ? 2 : 1) : 0,
        xid: first && c.fault === "xid" && g === 0 ? 79 : null,
      });
    }
    return { gpus, gpusLost: node.gpuCount - present };
  }
}
