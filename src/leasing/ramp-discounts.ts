/**
 * Ramp discounts as a lease request writes them, checked against the term: each a valid
 * percentage over a non-empty period that touches the term, and no two covering the same time.
 * @module
 */
import type { FieldIssue } from "../shared/errors.js";
import { parseBps } from "../shared/percent.js";
import type { RampDiscount } from "./lease.js";

export interface RampDiscountInput {
  from: string;
  until: string;
  percentOff: string;
}

const iso = (s: string) => new Date(s).toISOString();

/**
 * Checks ramp discounts against a term [startsAt, endsAt) (startsAt undefined when the request
 * has none) and returns them in basis points, with one issue per broken bound.
 */
export function checkRampDiscounts(
  inputs: readonly RampDiscountInput[],
  term: { startsAt: string | undefined; endsAt: string },
): { discounts: RampDiscount[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const add = (field: string, message: string, bound: string) => issues.push({ field, message, bound });
  const discounts = inputs.map((d, i) => {
    const at = `rampDiscounts[${i}]`;
    const bps = parseBps(d.percentOff);
    if (bps === undefined)
      add(
        `${at}.percentOff`,
        `${at}.percentOff must be 0..100 with at most 2 decimals (got "${d.percentOff}")`,
        "0..100",
      );
    const from = iso(d.from);
    const until = iso(d.until);
    if (until <= from) add(`${at}.until`, `${at}.until must be after its from`, "> from");
    else if (term.startsAt !== undefined && until <= term.startsAt)
      add(
        `${at}.until`,
        `${at} ends before the lease starts at ${term.startsAt} (until ${until}), so it discounts nothing`,
        `> ${term.startsAt}`,
      );
    else if (from >= term.endsAt)
      add(
        `${at}.from`,
        `${at} begins after the lease ends at ${term.endsAt} (from ${from}), so it discounts nothing`,
        `< ${term.endsAt}`,
      );
    return { from, until, discountBps: bps ?? 0 };
  });
  discounts.forEach((d, i) => {
    if (d.until <= d.from) return;
    const k = discounts.findIndex(
      (o, j) => j < i && o.from < o.until && o.from < d.until && d.from < o.until,
    );
    const other = discounts[k];
    if (other)
      add(
        `rampDiscounts[${i}].from`,
        `rampDiscounts[${i}] (${d.from} to ${d.until}) overlaps rampDiscounts[${k}] (${other.from} to ${other.until})`,
        `no overlap with rampDiscounts[${k}]`,
      );
  });
  return { discounts, issues };
}
