/**
 * How far a lease's term may reach: it starts no earlier than a short grace before now, and it
 * ends at most MAX_TERM_YEARS after it starts, whether written at creation or by an extension.
 * @module
 */

/**
 * The longest term, in calendar years from the first tranche's start. Twenty years covers the
 * longest data-centre leases on offer and keeps a typo such as `9999-12-31` from being signed.
 */
export const MAX_TERM_YEARS = 20;

/**
 * How far before now a new lease may start, in ms: one hour. Templates start leases at the
 * current minute and the request takes a moment to arrive; anything older is billing the past.
 */
export const START_GRACE_MS = 3_600_000;

/** The latest end of a term that starts at `startsAt`: MAX_TERM_YEARS later, 29 Feb clamped to 28 Feb. */
export function latestEndOfTerm(startsAt: string): string {
  const start = new Date(startsAt);
  const year = start.getUTCFullYear() + MAX_TERM_YEARS;
  const lastDay = new Date(Date.UTC(year, start.getUTCMonth() + 1, 0)).getUTCDate();
  const end = new Date(start);
  end.setUTCDate(1);
  end.setUTCFullYear(year);
  end.setUTCDate(Math.min(start.getUTCDate(), lastDay));
  return end.toISOString();
}

/** The earliest start a new lease may have when asked for at `now`: START_GRACE_MS before it. */
export function earliestNewStart(now: string): string {
  return new Date(Date.parse(now) - START_GRACE_MS).toISOString();
}
