/**
 * How much of a deal is live at a moment: nothing before its online date, then a linear ramp by
 * month, all of it until its term ends. A ramp of N months delivers 1/N from the first month start
 * on or after the online date, 2/N a month later, and all of it from the N-th; a ramp of 0
 * delivers everything at the online date.
 * @module
 */
import type { DealTerms } from "./deal.js";

/** Months since year 0 of the UTC month holding `ms`. */
export function monthIndex(ms: number): number {
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** The start of month `index` (as `monthIndex` counts) in epoch ms. */
export function monthStartMs(index: number): number {
  return Date.UTC(Math.floor(index / 12), index % 12, 1);
}

/** `YYYY-MM` of month `index`. */
export function monthLabel(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** The index of the first month that starts at or after `ms`. */
export function firstMonthFrom(ms: number): number {
  const index = monthIndex(ms);
  return monthStartMs(index) === ms ? index : index + 1;
}

/** `ms` plus `months` calendar months (the day clamped to the target month's length). */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const target = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
  const t = new Date(target);
  const lastDay = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  return Date.UTC(
    t.getUTCFullYear(),
    t.getUTCMonth(),
    Math.min(d.getUTCDate(), lastDay),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

/** When the deal's capacity leaves (epoch ms), or Infinity when it is open-ended. */
export function dealEndMs(deal: Pick<DealTerms, "onlineAt" | "termMonths">): number {
  return deal.termMonths === null
    ? Number.POSITIVE_INFINITY
    : addMonths(Date.parse(deal.onlineAt), deal.termMonths);
}

/** The share (0..1) of a deal's full capacity that is live at `atMs`. */
export function liveShare(
  deal: Pick<DealTerms, "onlineAt" | "rampMonths" | "termMonths">,
  atMs: number,
): number {
  const online = Date.parse(deal.onlineAt);
  if (atMs < online || atMs >= dealEndMs(deal)) return 0;
  if (deal.rampMonths === 0) return 1;
  const started = monthIndex(atMs) - firstMonthFrom(online) + 1;
  if (started <= 0) return 0;
  return Math.min(1, started / deal.rampMonths);
}
