/**
 * What a site's GPU-hours cost in electricity, exactly: GPUs at work draw their full IT power, idle
 * ones a share of it, the facility draws that × PUE, and each MWh costs the site's price. Power is
 * the fleet's average per GPU (whole watts weighted by the GPUs of each model).
 * @module
 */
import type { EconomicInputs } from "./economic-inputs.js";

/** The fleet's figures the power cost needs, all integers. */
export interface EnergyBasis {
  totalGpus: bigint;
  /** Σ GPUs × IT watts per GPU over the models. */
  fleetWatts: bigint;
  pueMilli: bigint;
  idleBps: bigint;
  microsPerMwh: bigint;
}

/** Rounds a non-negative rational n/d to the nearest integer, halves up. */
export function roundDiv(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

/** The fleet's energy basis under `inputs`. */
export function energyBasis(
  gpusByModel: Readonly<Record<string, number>>,
  inputs: EconomicInputs,
): EnergyBasis {
  let totalGpus = 0n;
  let fleetWatts = 0n;
  for (const [model, gpus] of Object.entries(gpusByModel)) {
    totalGpus += BigInt(gpus);
    fleetWatts += BigInt(gpus) * BigInt(inputs.powerWattsPerGpu[model] ?? 0);
  }
  return {
    totalGpus,
    fleetWatts,
    pueMilli: BigInt(inputs.pueMilli),
    idleBps: BigInt(inputs.idlePowerBps),
    microsPerMwh: inputs.electricityMicrosPerMwh,
  };
}

/** Electricity for `usedGpuHours` at work and `idleGpuHours` idle, micros (rounded once, half up). */
export function powerCostMicros(basis: EnergyBasis, usedGpuHours: bigint, idleGpuHours: bigint): bigint {
  if (basis.totalGpus === 0n) return 0n;
  // Wh = hours × (fleetWatts / totalGpus) × pue/1000; micros = Wh × microsPerMwh / 1e6.
  const numerator =
    (usedGpuHours * 10_000n + idleGpuHours * basis.idleBps) *
    basis.fleetWatts *
    basis.pueMilli *
    basis.microsPerMwh;
  return roundDiv(numerator, basis.totalGpus * 10_000n * 1_000n * 1_000_000n);
}

/** The facility's size in kW: the override, or the GPUs' IT draw × PUE. */
export function facilityKw(basis: EnergyBasis, inputs: EconomicInputs): bigint {
  if (inputs.facilityKw !== null) return BigInt(inputs.facilityKw);
  return roundDiv(basis.fleetWatts * basis.pueMilli, 1_000_000n);
}
