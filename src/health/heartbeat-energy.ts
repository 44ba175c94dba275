/**
 * The energy a heartbeat stands for: its GPUs' power × its interval, in whole watt-hours per
 * holder and hour, with the fraction of a watt-hour carried to the node's next heartbeat so
 * nothing is lost to rounding however small each heartbeat's share is.
 * @module
 */

export interface EnergyInput {
  /** When the GPUs were read, ISO 8601 UTC: the hour the energy lands in. */
  readAt: string;
  intervalS: number;
  /** Each GPU's power, watts; null where the GPU gave no reading. */
  gpuPowerW: ReadonlyArray<number | null>;
}

export interface EnergyHour {
  holder: string;
  /** The hour, ISO 8601 UTC on the hour. */
  hour: string;
  wh: number;
  /** GPU power readings that went into it. */
  readings: number;
}

const MJ_PER_WH = 3_600_000;

/** The hour `iso` falls in, ISO 8601 UTC. */
export function hourOf(iso: string): string {
  const ms = Date.parse(iso);
  return new Date(ms - (((ms % 3_600_000) + 3_600_000) % 3_600_000)).toISOString();
}

/**
 * Energy of a node's heartbeats (in order) held by `holder`, by hour, starting from the node's
 * carried millijoules; returns the rows and the carry for the next heartbeat.
 */
export function energyByHour(
  heartbeats: readonly EnergyInput[],
  holder: string,
  carryMj: number,
): { hours: EnergyHour[]; carryMj: number } {
  const byHour = new Map<string, EnergyHour>();
  let carry = carryMj;
  for (const hb of heartbeats) {
    let watts = 0;
    let readings = 0;
    for (const w of hb.gpuPowerW) {
      if (w === null) continue;
      watts += w;
      readings++;
    }
    if (readings === 0) continue;
    // Millijoules are exact for power read to the milliwatt over whole seconds.
    carry += Math.round(watts * 1000) * hb.intervalS;
    const wh = Math.floor(carry / MJ_PER_WH);
    carry -= wh * MJ_PER_WH;
    const hour = hourOf(hb.readAt);
    const row = byHour.get(hour) ?? { holder, hour, wh: 0, readings: 0 };
    row.wh += wh;
    row.readings += readings;
    byHour.set(hour, row);
  }
  return { hours: [...byHour.values()], carryMj: carry };
}
