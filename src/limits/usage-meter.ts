/**
 * One subject's usage on one model class, and the check and settle arithmetic over it. Every slot
 * (dimension × window) is a meter that fills with what is granted and drains continuously at its
 * limit per window (a token bucket seen from the other side, as GCRA does): a check is granted only
 * when every limited slot has room for its cost, and then charges all of them at once. Pure: the
 * caller passes the time; the in-process store and the Redis script both follow these rules.
 * @module
 */
import { SLOT_COUNT, type SlotLimits } from "./compiled-limits.js";

/** The output-token slots (minute, five hours, week): where reservations are charged and refunded. */
const OUTPUT_FIRST_SLOT = 6;

/** A grant's reserved output tokens, until settled or expired. */
interface Reservation {
  id: number;
  tokens: number;
  expiresAtMs: number;
}

export interface SubjectUsage {
  /** Units in use per slot at `atMs`. */
  levels: Float64Array;
  /** The drain rate of each slot since `atMs` (the limits in force at the last grant), units per ms. */
  rates: Float64Array;
  atMs: number;
  /** Outstanding reservations, oldest first (expiry order, as every one lives equally long). */
  reservations: Reservation[];
  nextReservation: number;
  /** The limits of the last grant: while they stay in force, `rates` already hold theirs. */
  lastLimits: SlotLimits | null;
}

export function newUsage(nowMs: number): SubjectUsage {
  return {
    levels: new Float64Array(SLOT_COUNT),
    rates: new Float64Array(SLOT_COUNT),
    atMs: nowMs,
    reservations: [],
    nextReservation: 1,
    lastLimits: null,
  };
}

/** What a check asks for: one request, its input tokens, and the most output tokens it may produce. */
export interface CheckCost {
  inputTokens: number;
  maxOutputTokens: number;
}

export interface MeterDecision {
  granted: boolean;
  /** When denied, the slot that would take longest to make room; -1 when granted. */
  deniedSlot: number;
  /** When denied, ms until every slot has room for this cost; 0 when granted. */
  retryAfterMs: number;
  /** When denied: the cost is above a limit itself, so no wait grants it. */
  exceedsLimit: boolean;
  /** The reservation of the output tokens, 0 when nothing was reserved (denied, or no output tokens). */
  reservationId: number;
}

/** Drains every slot to `nowMs` at the rate it has had since the last update. */
function drain(usage: SubjectUsage, nowMs: number): void {
  const elapsed = nowMs - usage.atMs;
  if (elapsed <= 0) return;
  const { levels, rates } = usage;
  for (let s = 0; s < SLOT_COUNT; s++) {
    const level = levels[s] as number;
    if (level > 0) {
      const next = level - elapsed * (rates[s] as number);
      levels[s] = Math.max(next, 0);
    }
  }
  usage.atMs = nowMs;
}

/** Takes `tokens` off the output slots (never below empty), or adds them when negative. */
function refundOutput(usage: SubjectUsage, tokens: number): void {
  const { levels, rates } = usage;
  for (let s = OUTPUT_FIRST_SLOT; s < SLOT_COUNT; s++) {
    if ((rates[s] as number) === 0) continue;
    const next = (levels[s] as number) - tokens;
    levels[s] = Math.max(next, 0);
  }
}

/** Refunds every reservation that expired by `nowMs` (the usage drained to `nowMs` first). */
function expireDue(usage: SubjectUsage): void {
  const queue = usage.reservations;
  let due = 0;
  while (due < queue.length && (queue[due] as Reservation).expiresAtMs <= usage.atMs) {
    refundOutput(usage, (queue[due] as Reservation).tokens);
    due++;
  }
  if (due > 0) queue.splice(0, due);
}

/**
 * Grants `cost` if every limited slot has room for it and charges them all, reserving the output
 * tokens for `reservationTtlMs`; otherwise changes no level and says which slot denied and when to
 * retry. The answer is written into `out` (a caller's reusable object on hot paths) and returned.
 */
export function checkUsage(
  usage: SubjectUsage,
  limits: SlotLimits,
  cost: CheckCost,
  nowMs: number,
  reservationTtlMs: number,
  out: MeterDecision = {
    granted: false,
    deniedSlot: -1,
    retryAfterMs: 0,
    exceedsLimit: false,
    reservationId: 0,
  },
): MeterDecision {
  drain(usage, nowMs);
  if (usage.reservations.length > 0) expireDue(usage);
  const { levels, rates } = usage;
  const { slots, limit, ratePerMs } = limits;
  const input = cost.inputTokens;
  const output = cost.maxOutputTokens;
  let deniedSlot = -1;
  let retryAfterMs = 0;
  let exceedsLimit = false;
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i] as number;
    const c = s < 3 ? 1 : s < OUTPUT_FIRST_SLOT ? input : output;
    const cap = limit[s] as number;
    const over = (levels[s] as number) + c - cap;
    if (over > 0) {
      const wait = Math.ceil(over / (ratePerMs[s] as number));
      if (c > cap) exceedsLimit = true;
      if (wait >= retryAfterMs) {
        retryAfterMs = wait;
        deniedSlot = s;
      }
    }
  }
  out.deniedSlot = deniedSlot;
  out.retryAfterMs = retryAfterMs;
  out.exceedsLimit = exceedsLimit;
  out.reservationId = 0;
  if (deniedSlot >= 0) {
    out.granted = false;
    return out;
  }
  out.granted = true;
  if (usage.lastLimits === limits) {
    // The same limits as the last grant: rates are theirs, unlimited slots are empty already.
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i] as number;
      levels[s] = (levels[s] as number) + (s < 3 ? 1 : s < OUTPUT_FIRST_SLOT ? input : output);
    }
  } else {
    for (let s = 0; s < SLOT_COUNT; s++) {
      const rate = ratePerMs[s] as number;
      rates[s] = rate;
      levels[s] =
        rate === 0 ? 0 : (levels[s] as number) + (s < 3 ? 1 : s < OUTPUT_FIRST_SLOT ? input : output);
    }
    usage.lastLimits = limits;
  }
  if (output > 0) {
    const id = usage.nextReservation++;
    usage.reservations.push({ id, tokens: output, expiresAtMs: nowMs + reservationTtlMs });
    out.reservationId = id;
  }
  return out;
}

/** What a settle did: refunded (positive) or charged beyond the reservation (negative), in tokens. */
export type SettleOutcome = { settled: true; refundedTokens: number } | { settled: false };

/**
 * Settles a reservation with the output tokens actually produced: the rest is refunded, any excess
 * charged. An unknown, already settled or expired reservation settles nothing (an expired one was
 * refunded in full when it expired).
 */
export function settleUsage(
  usage: SubjectUsage,
  reservationId: number,
  outputTokens: number,
  nowMs: number,
): SettleOutcome {
  drain(usage, nowMs);
  expireDue(usage);
  const queue = usage.reservations;
  const index = queue.findIndex((r) => r.id === reservationId);
  if (index < 0) return { settled: false };
  const reservation = queue[index] as Reservation;
  queue.splice(index, 1);
  const refundedTokens = reservation.tokens - outputTokens;
  refundOutput(usage, refundedTokens);
  return { settled: true, refundedTokens };
}

/** One slot as the headers show it: the limit, what is left now, and when it is full again. */
export interface SlotStatus {
  slot: number;
  limit: number;
  remaining: number;
  /** When the slot will have drained to empty (fully replenished), ms since the epoch. */
  resetAtMs: number;
}

/** The limited slots' status at `nowMs` after a decision (reads, changes nothing). */
export function slotStatuses(usage: SubjectUsage, limits: SlotLimits, nowMs: number): SlotStatus[] {
  const out: SlotStatus[] = [];
  const elapsed = Math.max(0, nowMs - usage.atMs);
  for (const s of limits.slots) {
    const rate = usage.rates[s] as number;
    const level = Math.max(0, (usage.levels[s] as number) - elapsed * rate);
    const cap = limits.limit[s] as number;
    const drainRate = (limits.ratePerMs[s] as number) || rate;
    out.push({
      slot: s,
      limit: cap,
      remaining: Math.max(0, Math.floor(cap - level)),
      resetAtMs: nowMs + (level > 0 ? Math.ceil(level / drainRate) : 0),
    });
  }
  return out;
}
