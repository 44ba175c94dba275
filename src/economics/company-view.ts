/**
 * The company view: does a lease's revenue, a year of it, cover the company's annualised net loss,
 * and by how much.
 * @module
 */

export interface CompanyView {
  annualLeaseRevenueMicros: bigint;
  annualNetLossMicros: bigint;
  /** Revenue − loss: what is left over (negative: still short). */
  surplusMicros: bigint;
  reachesBreakeven: boolean;
  /** Revenue / loss, an estimate; null when there is no loss to cover. */
  coverageRatio: number | null;
}

export function companyView(annualLeaseRevenueMicros: bigint, annualNetLossMicros: bigint): CompanyView {
  const surplusMicros = annualLeaseRevenueMicros - annualNetLossMicros;
  return {
    annualLeaseRevenueMicros,
    annualNetLossMicros,
    surplusMicros,
    reachesBreakeven: surplusMicros >= 0n,
    coverageRatio:
      annualNetLossMicros > 0n
        ? Number((annualLeaseRevenueMicros * 1_000_000n) / annualNetLossMicros) / 1_000_000
        : null,
  };
}

/** A horizon's lease revenue scaled to a year: total × 12 / months (rounded down). */
export function annualise(totalMicros: bigint, months: number): bigint {
  return months > 0 ? (totalMicros * 12n) / BigInt(months) : 0n;
}
