/**
 * Reads an NVIDIA DCGM exporter's `/metrics` (Prometheus text format) into one reading per GPU,
 * keyed by the `UUID` label. Tolerant of the exporter's changes across releases: `Hostname` or
 * `hostname`, utilisation as a percent or (4.9.0+) a 0–1 ratio, framebuffer memory in MiB or bytes.
 * `DCGM_FI_DEV_XID_ERRORS` is a gauge holding the last XID a GPU raised, not a count.
 * @module
 */
import type { GpuReading, GpuScan } from "./gpu-reading.js";

interface Sample {
  name: string;
  labels: Map<string, string>;
  value: number;
}

const SAMPLE = /^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\S+)?$/;
const LABEL = /([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function parseSample(line: string): Sample | undefined {
  const match = SAMPLE.exec(line);
  if (!match) return undefined;
  const [, name = "", labelText = "", valueText = ""] = match;
  const value = Number(valueText);
  if (!Number.isFinite(value)) return undefined;
  const labels = new Map<string, string>();
  for (const m of labelText.matchAll(LABEL)) labels.set(m[1] ?? "", (m[2] ?? "").replace(/\\(.)/g, "$1"));
  return { name, labels, value };
}

/** How a metric's HELP text says its unit, when it says one. */
function helpUnit(help: string | undefined): "ratio" | "percent" | "bytes" | "mib" | undefined {
  if (!help) return undefined;
  if (/ratio|\b0\s*-\s*1\b/i.test(help)) return "ratio";
  if (/%|percent/i.test(help)) return "percent";
  if (/\bMiB\b|\bMB\b/i.test(help)) return "mib";
  if (/bytes/i.test(help)) return "bytes";
  return undefined;
}

function blank(uuid: string): GpuReading {
  return {
    uuid,
    index: null,
    name: null,
    utilizationPct: null,
    memoryUsedMib: null,
    memoryTotalMib: null,
    powerW: null,
    temperatureC: null,
    eccUncorrected: null,
    lastXid: null,
  };
}

const MIB = 1024 * 1024;

/** MiB from a framebuffer sample: bytes when the HELP says so or the value is too big for MiB. */
function toMib(value: number, unit: ReturnType<typeof helpUnit>): number {
  if (unit === "bytes" || (unit !== "mib" && value > 16 * MIB)) return Math.round(value / MIB);
  return value;
}

/** Parses the exporter's text; GPUs in label order of first appearance. */
export function parseDcgmMetrics(text: string): GpuScan {
  const help = new Map<string, string>();
  const byUuid = new Map<string, GpuReading>();
  const fbFree = new Map<string, number>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("# HELP ")) {
      const [, name = "", ...rest] = line.slice(2).split(" ");
      help.set(name, rest.join(" "));
      continue;
    }
    if (line === "" || line.startsWith("#")) continue;
    const sample = parseSample(line);
    if (!sample?.name.startsWith("DCGM_FI_")) continue;
    const uuid = sample.labels.get("UUID") ?? sample.labels.get("uuid");
    if (!uuid) continue;
    let gpu = byUuid.get(uuid);
    if (!gpu) {
      gpu = blank(uuid);
      byUuid.set(uuid, gpu);
    }
    const index = Number(sample.labels.get("gpu"));
    if (Number.isInteger(index)) gpu.index = index;
    gpu.name = sample.labels.get("modelName") ?? gpu.name;
    const unit = helpUnit(help.get(sample.name));
    const v = sample.value;
    switch (sample.name) {
      case "DCGM_FI_DEV_GPU_UTIL":
        gpu.utilizationPct = unit === "ratio" ? v * 100 : v;
        break;
      case "DCGM_FI_PROF_GR_ENGINE_ACTIVE":
        gpu.utilizationPct ??= v <= 1 ? v * 100 : v;
        break;
      case "DCGM_FI_DEV_POWER_USAGE":
        gpu.powerW = v;
        break;
      case "DCGM_FI_DEV_GPU_TEMP":
        gpu.temperatureC = v;
        break;
      case "DCGM_FI_DEV_FB_USED":
        gpu.memoryUsedMib = toMib(v, unit);
        break;
      case "DCGM_FI_DEV_FB_FREE":
        fbFree.set(uuid, toMib(v, unit));
        break;
      case "DCGM_FI_DEV_FB_TOTAL":
        gpu.memoryTotalMib = toMib(v, unit);
        break;
      case "DCGM_FI_DEV_ECC_DBE_VOL_TOTAL":
        gpu.eccUncorrected = v;
        break;
      case "DCGM_FI_DEV_XID_ERRORS":
        gpu.lastXid = v === 0 ? null : v;
        break;
    }
  }
  for (const [uuid, free] of fbFree) {
    const gpu = byUuid.get(uuid);
    if (gpu && gpu.memoryTotalMib === null && gpu.memoryUsedMib !== null)
      gpu.memoryTotalMib = gpu.memoryUsedMib + free;
  }
  return { gpus: [...byUuid.values()], lost: [] };
}

/** The node's host name as the exporter labels it (`Hostname` before 4.8.3, `hostname` after). */
export function dcgmHostname(text: string): string | undefined {
  return /\b[Hh]ostname="([^"]*)"/.exec(text)?.[1];
}
