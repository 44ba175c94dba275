/**
 * Delivered GPU-hours of one lease, hour by hour: the intervals each node was held by the lease
 * (from its allocation events) minus the intervals it was not healthy (from its state events),
 * times its GPUs. One pass over the events, sorted by node and time; never a row per GPU per hour.
 * Amounts are GPU-milliseconds held as doubles: whole numbers far below 2^53 for any month of any
 * site (220,000 GPUs × 744 h × 3.6e6 ms ≈ 5.9e14).
 * @module
 */
import { HourSpreader, type UsagePeriod } from "./usage-period.js";

/** A node entering (`entered`) or leaving the lease at `atMs`. */
export interface HoldingEvent {
  nodeId: string;
  atMs: number;
  entered: boolean;
}

/** A node's health changing at `atMs`. */
export interface StateEvent {
  nodeId: string;
  atMs: number;
  fromState: string;
  toState: string;
  reason: string;
}

export interface MeteredNode {
  gpuModel: string;
  gpuCount: number;
}

/** A stretch of time, ms since the epoch, end exclusive. */
export interface Span {
  fromMs: number;
  untilMs: number;
}

/** The state in which a node delivers. */
export const DELIVERING_STATE = "healthy";

const byNodeThenTime = <T extends { nodeId: string; atMs: number }>(a: T, b: T) =>
  a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : a.atMs - b.atMs;

/** Calls `visit` with each node's events in time order: one sort, then one pass. */
function forEachNode<T extends { nodeId: string; atMs: number }>(
  events: readonly T[],
  visit: (nodeId: string, run: T[]) => void,
): void {
  const sorted = [...events].sort(byNodeThenTime);
  let from = 0;
  for (let i = 1; i <= sorted.length; i++) {
    if (i < sorted.length && sorted[i]?.nodeId === sorted[from]?.nodeId) continue;
    const first = sorted[from];
    if (first) visit(first.nodeId, from + 1 === i ? [first] : sorted.slice(from, i));
    from = i;
  }
}

/** Each node's spans in the lease; a span still open runs to `untilMs`. */
export function holdingSpans(events: readonly HoldingEvent[], untilMs: number): Map<string, Span[]> {
  const spans = new Map<string, Span[]>();
  forEachNode(events, (nodeId, run) => {
    const list: Span[] = [];
    let openedAt: number | null = null;
    for (const e of run) {
      if (e.entered && openedAt === null) openedAt = e.atMs;
      else if (!e.entered && openedAt !== null) {
        if (openedAt < e.atMs) list.push({ fromMs: openedAt, untilMs: e.atMs });
        openedAt = null;
      }
    }
    if (openedAt !== null && openedAt < untilMs) list.push({ fromMs: openedAt, untilMs });
    spans.set(nodeId, list);
  });
  return spans;
}

/** A span a node was out of service, with the state it was in and why. */
export interface DownSpan extends Span {
  state: string;
  cause: string;
}

/**
 * Each node's spans in a state other than healthy, from its state events (a node with none was
 * healthy throughout; before its first event it was in that event's `fromState`).
 */
export function downSpans(events: readonly StateEvent[], untilMs: number): Map<string, DownSpan[]> {
  const down = new Map<string, DownSpan[]>();
  forEachNode(events, (nodeId, run) => {
    const list: DownSpan[] = [];
    const first = run[0];
    let state = first?.fromState ?? DELIVERING_STATE;
    let since = Number.NEGATIVE_INFINITY;
    let cause = "before metering began";
    for (const e of run) {
      if (state !== DELIVERING_STATE && since < e.atMs)
        list.push({ fromMs: since, untilMs: e.atMs, state, cause });
      state = e.toState;
      since = e.atMs;
      cause = e.reason;
    }
    if (state !== DELIVERING_STATE && since < untilMs) list.push({ fromMs: since, untilMs, state, cause });
    down.set(nodeId, list);
  });
  return down;
}

/** `spans` minus `holes`, both sorted and each free of overlaps. */
export function subtractSpans(spans: readonly Span[], holes: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    let from = s.fromMs;
    for (const h of holes) {
      if (h.untilMs <= from || h.fromMs >= s.untilMs) continue;
      if (h.fromMs > from) out.push({ fromMs: from, untilMs: h.fromMs });
      from = Math.max(from, h.untilMs);
      if (from >= s.untilMs) break;
    }
    if (from < s.untilMs) out.push({ fromMs: from, untilMs: s.untilMs });
  }
  return out;
}

/** Delivered GPU-milliseconds per hour of the period, by GPU model. */
export type HourlyGpuMs = Map<string, Float64Array>;

/**
 * Delivered GPU-ms of a lease per hour of `period`, by GPU model: held spans minus down spans,
 * times each node's GPUs. Events after the period's end are ignored; nodes not in `nodes` too.
 */
export function deliveredByHour(input: {
  period: UsagePeriod;
  holding: readonly HoldingEvent[];
  states: readonly StateEvent[];
  nodes: ReadonlyMap<string, MeteredNode>;
  /** History known up to here (now, for the month in progress); the period's end by default. */
  asOfMs?: number;
}): HourlyGpuMs {
  const { period } = input;
  const untilMs = Math.min(
    input.asOfMs ?? Number.POSITIVE_INFINITY,
    period.startMs + period.hours * 3_600_000,
  );
  const held = holdingSpans(
    input.holding.filter((e) => e.atMs < untilMs),
    untilMs,
  );
  const down = downSpans(
    input.states.filter((e) => e.atMs < untilMs),
    untilMs,
  );
  const byModel: HourlyGpuMs = new Map();
  const spreaders = new Map<string, HourSpreader>();
  for (const [nodeId, spans] of held) {
    const node = input.nodes.get(nodeId);
    if (!node) continue;
    let spreader = spreaders.get(node.gpuModel);
    if (!spreader) {
      const buckets = new Float64Array(period.hours);
      byModel.set(node.gpuModel, buckets);
      spreader = new HourSpreader(buckets, period);
      spreaders.set(node.gpuModel, spreader);
    }
    const holes = down.get(nodeId);
    for (const s of holes ? subtractSpans(spans, holes) : spans)
      spreader.add(s.fromMs, s.untilMs, node.gpuCount);
  }
  for (const spreader of spreaders.values()) spreader.finish();
  return byModel;
}

/** The sum of every bucket of every model, GPU-ms. */
export function totalGpuMs(hourly: HourlyGpuMs, gpuModel?: string): number {
  let sum = 0;
  for (const [model, buckets] of hourly) {
    if (gpuModel !== undefined && model !== gpuModel) continue;
    for (const v of buckets) sum += v;
  }
  return sum;
}
