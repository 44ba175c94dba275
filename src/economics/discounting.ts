/**
 * Payback, NPV and IRR of monthly cash flows. Payback is exact (months of exact micros); NPV and
 * IRR discount with powers of a float rate, so both are estimates.
 * @module
 */

/** The first month (1-based) by whose end the cash flows repaid `investmentMicros`; null if never. */
export function paybackMonths(investmentMicros: bigint, cashFlowsMicros: readonly bigint[]): number | null {
  let cumulative = -investmentMicros;
  if (cumulative >= 0n) return 0;
  for (let i = 0; i < cashFlowsMicros.length; i++) {
    cumulative += cashFlowsMicros[i] ?? 0n;
    if (cumulative >= 0n) return i + 1;
  }
  return null;
}

/** The monthly rate equal to `annualRate` compounded (0.08 → ~0.00643). */
export function monthlyRate(annualRate: number): number {
  return (1 + annualRate) ** (1 / 12) - 1;
}

/** NPV at a monthly rate of flows where flows[0] happens now and flows[i] at the end of month i. */
export function npvAtMonthly(rate: number, flows: readonly number[]): number {
  let value = 0;
  let factor = 1;
  for (const f of flows) {
    value += f / factor;
    factor *= 1 + rate;
  }
  return value;
}

/**
 * The internal rate of return per month of `flows` (flows[0] now), by bisection on [-0.99, 1000]
 * to a relative precision of 1e-12; null when the NPV does not change sign over that range.
 */
export function irrMonthly(flows: readonly number[]): number | null {
  let lo = -0.99;
  let hi = 1000;
  let fLo = npvAtMonthly(lo, flows);
  const fHi = npvAtMonthly(hi, flows);
  if (fHi === 0) return hi;
  if (!Number.isFinite(fLo) || !Number.isFinite(fHi) || Math.sign(fLo) === Math.sign(fHi)) return null;
  for (let k = 0; k < 200 && hi - lo > 1e-15; k++) {
    const mid = (lo + hi) / 2;
    const fMid = npvAtMonthly(mid, flows);
    if (fMid === 0) return mid;
    if (Math.sign(fMid) === Math.sign(fLo)) {
      lo = mid;
      fLo = fMid;
    } else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A monthly rate as the annual rate it compounds to. */
export function annualised(monthly: number): number {
  return (1 + monthly) ** 12 - 1;
}
