/**
 * Where a lease's IT energy for a period comes from: the port the invoices read power
 * pass-through through. Measured energy (the agents' readings) plugs in behind it; until then the
 * nameplate estimate (each GPU model's all-in kW × delivered GPU-hours) answers, labelled as an
 * estimate, and tests use the in-memory source.
 * @module
 */

export interface EnergyQuery {
  siteId: string;
  leaseId: string;
  /** [fromMs, untilMs) */
  fromMs: number;
  untilMs: number;
  /** Delivered GPU-ms in the span by GPU model, for estimates. */
  deliveredGpuMsByModel: ReadonlyMap<string, number>;
}

export interface EnergyReading {
  /** IT energy (before PUE), watt-hours, whole. */
  itEnergyWh: bigint;
  /** `measured` from the agents' readings, or `nameplate estimate`. */
  source: "measured" | "nameplate estimate";
}

export interface EnergySource {
  itEnergy(query: EnergyQuery): Promise<EnergyReading>;
}

/**
 * Watt-hours of `gpuMs` GPU-milliseconds at `kwPerGpu`: kW × 1000 W × ms / 3.6e6 ms/h, rounded to
 * the nearest Wh. A float enters only through the catalogue's kW and is rounded once.
 */
export function nameplateWh(gpuMs: number, kwPerGpu: number): bigint {
  const milliWatts = BigInt(Math.round(kwPerGpu * 1_000_000));
  const numerator = milliWatts * BigInt(Math.round(gpuMs));
  const denominator = 3_600_000n * 1000n;
  return (numerator + denominator / 2n) / denominator;
}

/** The nameplate estimate: each model's all-in kW per GPU × its delivered GPU-hours. */
export class NameplateEnergy implements EnergySource {
  constructor(private readonly kwPerGpu: (gpuModel: string) => number | undefined) {}

  async itEnergy(query: EnergyQuery): Promise<EnergyReading> {
    let wh = 0n;
    for (const [model, gpuMs] of query.deliveredGpuMsByModel)
      wh += nameplateWh(gpuMs, this.kwPerGpu(model) ?? 0);
    return { itEnergyWh: wh, source: "nameplate estimate" };
  }
}

/** Fixed readings per lease, for tests: what an agent fleet would have measured. */
export class InMemoryEnergy implements EnergySource {
  private readonly byLease = new Map<string, bigint>();

  set(leaseId: string, itEnergyWh: bigint): void {
    this.byLease.set(leaseId, itEnergyWh);
  }

  async itEnergy(query: EnergyQuery): Promise<EnergyReading> {
    return { itEnergyWh: this.byLease.get(query.leaseId) ?? 0n, source: "measured" };
  }
}
