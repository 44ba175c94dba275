/**
 * Reads `nvidia-smi --query-gpu=… --format=csv,noheader,nounits`: one line per GPU, fields
 * separated by ", ", in the order of `NVIDIA_SMI_FIELDS`. Lines the driver prints for a GPU it
 * cannot reach ("Unable to determine the device handle for GPU 0000:3B:00.0: GPU is lost…") are
 * reported as lost GPUs, not as parse failures.
 * @module
 */
import { type GpuReading, type GpuScan, numberField, saysGpuLost, textField } from "./gpu-reading.js";

/** The fields the agent asks for, in this order (an unknown field name fails nvidia-smi's whole query). */
export const NVIDIA_SMI_FIELDS = [
  "index",
  "uuid",
  "name",
  "utilization.gpu",
  "memory.used",
  "memory.total",
  "power.draw",
  "temperature.gpu",
  "ecc.errors.uncorrected.volatile.total",
] as const;

/** The arguments the agent runs nvidia-smi with. */
export const NVIDIA_SMI_ARGS = [
  `--query-gpu=${NVIDIA_SMI_FIELDS.join(",")}`,
  "--format=csv,noheader,nounits",
] as const;

const PCI_BUS_ID = /([0-9A-Fa-f]{4,8}:[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}\.[0-9A-Fa-f])/;

/** Parses nvidia-smi's CSV output; throws only when no line is a GPU and none says one is lost. */
export function parseNvidiaSmiCsv(output: string): GpuScan {
  const gpus: GpuReading[] = [];
  const lost: string[] = [];
  const unreadable: string[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    const fields = line.split(",").map((f) => f.trim());
    const uuid = textField(fields[1]);
    if (fields.length >= NVIDIA_SMI_FIELDS.length && uuid?.startsWith("GPU-")) {
      if (fields.some(saysGpuLost)) {
        lost.push(uuid);
        continue;
      }
      gpus.push({
        index: numberField(fields[0]),
        uuid,
        name: textField(fields[2]),
        utilizationPct: numberField(fields[3]),
        memoryUsedMib: numberField(fields[4]),
        memoryTotalMib: numberField(fields[5]),
        powerW: numberField(fields[6]),
        temperatureC: numberField(fields[7]),
        eccUncorrected: numberField(fields[8]),
        lastXid: null,
      });
    } else if (saysGpuLost(line)) {
      lost.push(line.match(PCI_BUS_ID)?.[1] ?? line);
    } else {
      unreadable.push(line);
    }
  }
  if (gpus.length === 0 && lost.length === 0 && unreadable.length > 0) {
    throw new Error(`nvidia-smi printed no GPU line: ${unreadable[0]}`);
  }
  return { gpus, lost };
}
