/**
 * The energy power pass-through bills: what the lease's nodes' agents measured in the period,
 * or, for a period in which no agent of the lease reported, the nameplate estimate (each GPU
 * model's all-in kW × delivered GPU-hours), labelled as such on the invoice line.
 * @module
 */
import {
  type EnergyQuery,
  type EnergyReading,
  type EnergySource,
  NameplateEnergy,
} from "../metering/energy-source.js";
import { measuredLeaseEnergy } from "../store/lease-energy.js";
import { listGpuModels } from "../store/site-repository.js";
import type { SqlClient } from "../store/sql-client.js";

export class LeaseEnergySource implements EnergySource {
  private kwPerGpu: Promise<Map<string, number>> | undefined;

  constructor(private readonly db: SqlClient) {}

  async itEnergy(query: EnergyQuery): Promise<EnergyReading> {
    const measured = await measuredLeaseEnergy(this.db, query);
    if (measured.readings > 0) return { itEnergyWh: measured.itEnergyWh, source: "measured" };
    this.kwPerGpu ??= listGpuModels(this.db).then(
      (models) => new Map(models.map((m) => [m.name, m.powerKwPerGpu])),
    );
    const table = await this.kwPerGpu;
    return new NameplateEnergy((model) => table.get(model)).itEnergy(query);
  }
}
