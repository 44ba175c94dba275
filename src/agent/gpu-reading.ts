/**
 * One GPU as a node's agent read it, from nvidia-smi or a DCGM exporter: the tool's fields that do
 * not apply come through as `null`, never as 0, so "no reading" and "zero" stay apart.
 * @module
 */

export interface GpuReading {
  /** The GPU's UUID (`GPU-…`): stable across boots, where nvidia-smi's index is not. */
  uuid: string;
  /** The driver's index at this boot; informational only. */
  index: number | null;
  /** The model name the driver reports, e.g. `NVIDIA H100 80GB HBM3`. */
  name: string | null;
  /** GPU utilisation, percent 0–100. */
  utilizationPct: number | null;
  memoryUsedMib: number | null;
  memoryTotalMib: number | null;
  /** Board power draw, watts (a 1 s average on Ampere and newer). */
  powerW: number | null;
  temperatureC: number | null;
  /** Uncorrectable (double-bit) ECC errors since the driver loaded: a counter. */
  eccUncorrected: number | null;
  /** The last XID the GPU raised (DCGM's gauge), or null when the source does not say. */
  lastXid: number | null;
}

/** What one read of a node's GPUs gave: the GPUs that answered, and those the tool says are lost. */
export interface GpuScan {
  gpus: GpuReading[];
  /** GPUs the tool lists but cannot reach (fallen off the bus), by PCI bus id or the tool's words. */
  lost: string[];
}

/** The values nvidia-smi and DCGM use for "no value": `[N/A]`, `N/A`, `[Not Supported]`, empty… */
const NO_VALUE =
  /^(\[?n\/a\]?|\[not supported\]|\[function not found\]|\[unknown error\]|\[insufficient permissions\]|\[gpu requires reset\]|\[gpu is lost\]|)$/i;

/** A numeric field, or null for any of the tools' "no value" spellings or anything not a number. */
export function numberField(text: string | undefined): number | null {
  if (text === undefined) return null;
  const trimmed = text.trim();
  if (NO_VALUE.test(trimmed)) return null;
  // With units (when `nounits` was left off): "312.45 W", "81559 MiB", "45 %".
  const value = Number(trimmed.replace(/\s*(W|MiB|%|C)$/i, ""));
  return Number.isFinite(value) ? value : null;
}

/** A text field, or null for the "no value" spellings. */
export function textField(text: string | undefined): string | null {
  if (text === undefined) return null;
  const trimmed = text.trim();
  return NO_VALUE.test(trimmed) ? null : trimmed;
}

/** True when a field says the GPU cannot be reached: it fell off the bus or needs a reset. */
export function saysGpuLost(text: string): boolean {
  return /gpu is lost|gpu requires reset|fallen off the bus|unable to determine the device handle/i.test(
    text,
  );
}
