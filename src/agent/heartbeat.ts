/**
 * A heartbeat as the agent sends it: its agent id and sequence number (so a re-sent heartbeat is
 * counted once), when it was read, the interval it covers, and per GPU the readings plus what is
 * new since the previous read: an XID raised and uncorrectable ECC errors counted.
 * @module
 */
import type { GpuReading, GpuScan } from "./gpu-reading.js";

export interface HeartbeatGpu {
  uuid: string;
  utilizationPct: number | null;
  powerW: number | null;
  temperatureC: number | null;
  memoryUsedMib: number | null;
  memoryTotalMib: number | null;
  /** Uncorrectable ECC errors counted since the previous heartbeat. */
  eccUncorrectedNew: number;
  /** An XID the GPU raised since the previous heartbeat, or null. */
  xid: number | null;
}

export interface Heartbeat {
  /** Chosen by the agent when it starts; sequence numbers count up from 1 per agent id. */
  agentId: string;
  sequence: number;
  /** When the GPUs were read, ISO 8601 UTC. */
  readAt: string;
  /** Seconds this heartbeat stands for: the agent's interval. */
  intervalS: number;
  gpus: HeartbeatGpu[];
  /** GPUs the tool lists but cannot reach (fallen off the bus). */
  gpusLost: number;
}

/** What the agent remembers of the previous read of each GPU, to report only what is new. */
export type PreviousReads = Map<string, Pick<GpuReading, "lastXid" | "eccUncorrected">>;

/**
 * The GPUs of a heartbeat from a scan. A GPU seen for the first time reports its whole ECC count
 * and its last XID as new (the node may have come up broken); afterwards only changes count. A
 * counter that went down (the driver reloaded) starts again from its new value.
 */
export function heartbeatGpus(scan: GpuScan, previous: PreviousReads): HeartbeatGpu[] {
  return scan.gpus.map((gpu) => {
    const before = previous.get(gpu.uuid);
    previous.set(gpu.uuid, { lastXid: gpu.lastXid, eccUncorrected: gpu.eccUncorrected });
    const ecc = gpu.eccUncorrected ?? 0;
    const eccBefore = before?.eccUncorrected ?? 0;
    const eccUncorrectedNew = before === undefined || ecc < eccBefore ? ecc : ecc - eccBefore;
    const xid = gpu.lastXid !== null && gpu.lastXid !== before?.lastXid ? gpu.lastXid : null;
    return {
      uuid: gpu.uuid,
      utilizationPct: gpu.utilizationPct,
      powerW: gpu.powerW,
      temperatureC: gpu.temperatureC,
      memoryUsedMib: gpu.memoryUsedMib,
      memoryTotalMib: gpu.memoryTotalMib,
      eccUncorrectedNew,
      xid,
    };
  });
}
