/**
 * The line a portfolio is measured against, e.g. a rival's 30 GW by 2030: the pace from where the
 * portfolio stands at the timeline's start to the target MW by its date, flat after it.
 * @module
 */

export interface PortfolioTarget {
  powerMw: number;
  /** When the target is to be reached (ISO 8601 UTC). */
  at: string;
  /** What the target is, for people: "a rival's 30 GW by 2030". */
  label: string;
}

/** The default target: a rival's 30 GW by the end of 2030. */
export const DEFAULT_TARGET: PortfolioTarget = {
  powerMw: 30_000,
  at: "2030-12-31T00:00:00.000Z",
  label: "a rival's 30 GW by 2030",
};

/** The target line's MW at `atMs`, starting from `start.startMw` at `start.startMs`. */
export function targetLine(
  target: PortfolioTarget,
  start: { startMs: number; startMw: number },
  atMs: number,
): number {
  const targetMs = Date.parse(target.at);
  if (atMs >= targetMs || targetMs <= start.startMs) return target.powerMw;
  if (atMs <= start.startMs) return start.startMw;
  const share = (atMs - start.startMs) / (targetMs - start.startMs);
  return start.startMw + (target.powerMw - start.startMw) * share;
}
