/**
 * The revenue a site's leases bring, month by month over a horizon: each lease's contract schedule
 * (tranches, ramp discounts, commitment, monthly fees; see month-charges.ts) summed into the
 * horizon's months.
 * @module
 */
import type { LeaseTerms } from "../leasing/lease.js";
import { monthCharges } from "./month-charges.js";

/** A horizon of whole calendar months from `fromMonth` (`YYYY-MM`, UTC). */
export interface Horizon {
  fromMonth: string;
  months: number;
}

/** Lease revenue (micros) and GPU-hours due, per month of the horizon. */
export interface LeaseMonths {
  revenueMicros: bigint[];
  gpuHours: bigint[];
}

/** The horizon's month keys, `YYYY-MM`. */
export function horizonMonths(horizon: Horizon): string[] {
  const [y = "1970", m = "01"] = horizon.fromMonth.split("-");
  const keys: string[] = [];
  for (let i = 0; i < horizon.months; i++) {
    const d = new Date(Date.UTC(Number(y), Number(m) - 1 + i, 1));
    keys.push(d.toISOString().slice(0, 7));
  }
  return keys;
}

/** Hours in a calendar month `YYYY-MM`. */
export function hoursInMonth(month: string): bigint {
  const [y = "1970", m = "01"] = month.split("-");
  const days = new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate();
  return BigInt(days * 24);
}

/** The leases' schedules summed into the horizon's months; months outside it are left out. */
export function leaseMonths(leases: readonly LeaseTerms[], horizon: Horizon): LeaseMonths {
  const [y = "1970", m = "01"] = horizon.fromMonth.split("-");
  const first = Number(y) * 12 + Number(m) - 1;
  const revenueMicros = Array.from({ length: horizon.months }, () => 0n);
  const gpuHours = Array.from({ length: horizon.months }, () => 0n);
  for (const lease of leases) {
    for (const charge of monthCharges(lease)) {
      const i = charge.monthIndex - first;
      if (i < 0 || i >= horizon.months) continue;
      revenueMicros[i] = (revenueMicros[i] ?? 0n) + charge.micros;
      gpuHours[i] = (gpuHours[i] ?? 0n) + charge.gpuHours;
    }
  }
  return { revenueMicros, gpuHours };
}
