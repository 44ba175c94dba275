import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InProcessStore } from "./in-process-store.js";
import { type DimensionLimit, LIMIT_DIMENSIONS, LIMIT_WINDOWS, WINDOW_SECONDS } from "./limit-set.js";
import { Limiter, type LimitVerdict } from "./limiter.js";
import { MemoryLimits } from "./memory-limits.js";

/**
 * The reference: one plain object per (subject, dimension, window) holding what is in use, drained
 * at the limit per window that was in force when it was last charged, refunded by expiries at
 * their own time. Written for clarity, not speed; the limiter must agree with it on every answer.
 */
class ReferenceModel {
  private meters = new Map<string, { level: number; rate: number; at: number }>();
  private reservations = new Map<string, { subject: string; tokens: number; expiresAt: number }>();
  private nextId = new Map<string, number>();

  constructor(private readonly ttl: number) {}

  private meter(subject: string, dimension: string, window: string) {
    const key = `${subject}/${dimension}/${window}`;
    let m = this.meters.get(key);
    if (!m) {
      m = { level: 0, rate: 0, at: 0 };
      this.meters.set(key, m);
    }
    return m;
  }

  private drainTo(subject: string, now: number) {
    for (const d of LIMIT_DIMENSIONS)
      for (const w of LIMIT_WINDOWS) {
        const m = this.meter(subject, d, w);
        if (now > m.at) {
          if (m.level > 0) m.level = Math.max(0, m.level - (now - m.at) * m.rate);
          m.at = now;
        }
      }
  }

  private refund(subject: string, tokens: number) {
    for (const w of LIMIT_WINDOWS) {
      const m = this.meter(subject, "output_tokens", w);
      if (m.rate > 0) m.level = Math.max(0, m.level - tokens);
    }
  }

  private expire(subject: string, now: number) {
    this.drainTo(subject, now);
    for (const [id, r] of [...this.reservations]) {
      if (r.subject === subject && r.expiresAt <= now) {
        this.refund(subject, r.tokens);
        this.reservations.delete(id);
      }
    }
  }

  check(subject: string, limits: DimensionLimit[], input: number, output: number, now: number) {
    this.expire(subject, now);
    const cost = { requests: 1, input_tokens: input, output_tokens: output };
    let wait = 0;
    let denied: DimensionLimit | undefined;
    for (const d of LIMIT_DIMENSIONS)
      for (const w of LIMIT_WINDOWS) {
        const l = limits.find((x) => x.dimension === d && x.window === w);
        if (!l) continue;
        const over = this.meter(subject, d, w).level + cost[d] - l.limit;
        if (over > 0) {
          const ms = Math.ceil(over / (l.limit / (WINDOW_SECONDS[w] * 1000)));
          if (ms >= wait) {
            wait = ms;
            denied = l;
          }
        }
      }
    if (denied) return { granted: false as const, dimension: denied.dimension, window: denied.window, wait };
    for (const d of LIMIT_DIMENSIONS)
      for (const w of LIMIT_WINDOWS) {
        const l = limits.find((x) => x.dimension === d && x.window === w);
        const m = this.meter(subject, d, w);
        m.rate = l ? l.limit / (WINDOW_SECONDS[w] * 1000) : 0;
        m.level = l ? m.level + cost[d] : 0;
      }
    if (output === 0) return { granted: true as const, reservationId: null };
    const id = (this.nextId.get(subject) ?? 0) + 1;
    this.nextId.set(subject, id);
    this.reservations.set(`${subject}#${id}`, { subject, tokens: output, expiresAt: now + this.ttl });
    return { granted: true as const, reservationId: id };
  }

  settle(subject: string, id: number, actual: number, now: number) {
    this.expire(subject, now);
    const r = this.reservations.get(`${subject}#${id}`);
    if (!r) return false;
    this.reservations.delete(`${subject}#${id}`);
    this.refund(subject, r.tokens - actual);
    return true;
  }
}

const TTL = 90_000;
const limitArb = fc.uniqueArray(
  fc.record({
    dimension: fc.constantFrom(...LIMIT_DIMENSIONS),
    window: fc.constantFrom(...LIMIT_WINDOWS),
    limit: fc.integer({ min: 1, max: 5_000 }),
  }),
  { minLength: 1, maxLength: 5, selector: (l) => `${l.dimension}/${l.window}` },
);
const eventArb = fc.oneof(
  fc.record({
    kind: fc.constant("check" as const),
    subject: fc.constantFrom("alice", "bob"),
    input: fc.integer({ min: 0, max: 2_000 }),
    output: fc.integer({ min: 0, max: 2_000 }),
  }),
  fc.record({
    kind: fc.constant("settle" as const),
    subject: fc.constantFrom("alice", "bob"),
    back: fc.integer({ min: 1, max: 4 }),
    actual: fc.integer({ min: 0, max: 2_500 }),
  }),
  fc.record({
    kind: fc.constant("wait" as const),
    ms: fc.oneof(fc.integer({ min: 1, max: 200_000 }), fc.constantFrom(TTL, 20_000, 60_000)),
  }),
  fc.record({ kind: fc.constant("publish" as const), limits: limitArb }),
);

function reduced(verdict: LimitVerdict) {
  return verdict.granted
    ? { granted: true, reservationId: verdict.reservationId }
    : { granted: false, dimension: verdict.dimension, window: verdict.window, wait: verdict.retryAfterMs };
}

describe("the limiter against a reference model", () => {
  it("gives the reference's answer to every check and settle of a random stream", async () => {
    await fc.assert(
      fc.asyncProperty(limitArb, fc.array(eventArb, { maxLength: 60 }), async (first, events) => {
        const published = new MemoryLimits();
        let limits = first;
        published.publish("t", [{ plan: "p", modelClass: "m", limits }]);
        const limiter = new Limiter(published, new InProcessStore(TTL));
        const model = new ReferenceModel(TTL);
        const grants = new Map<string, number[]>();
        let now = 1_000_000;
        for (const e of events) {
          if (e.kind === "wait") now += e.ms;
          else if (e.kind === "publish") {
            limits = e.limits;
            published.publish("t", [{ plan: "p", modelClass: "m", limits }]);
          } else if (e.kind === "check") {
            const request = { tenantId: "t", subject: e.subject, plan: "p", modelClass: "m" };
            const verdict = await limiter.check(
              { ...request, inputTokens: e.input, maxOutputTokens: e.output },
              now,
            );
            expect(reduced(verdict)).toEqual(model.check(e.subject, limits, e.input, e.output, now));
            if (verdict.granted && verdict.reservationId)
              grants.set(e.subject, [...(grants.get(e.subject) ?? []), verdict.reservationId]);
          } else {
            const ids = grants.get(e.subject) ?? [];
            const id = ids[ids.length - e.back] ?? 1;
            const outcome = await limiter.settle("t", e.subject, "m", id, e.actual, now);
            expect(outcome.settled).toBe(model.settle(e.subject, id, e.actual, now));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never grants more requests than the limit plus what the elapsed time replenished", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 300 }),
        async (limit, gaps) => {
          const published = new MemoryLimits();
          published.publish("t", [
            { plan: "p", modelClass: "m", limits: [{ dimension: "requests", window: "minute", limit }] },
          ]);
          const limiter = new Limiter(published, new InProcessStore(TTL));
          let now = 0;
          let granted = 0;
          for (const gap of gaps) {
            now += gap;
            const verdict = await limiter.check(
              { tenantId: "t", subject: "s", plan: "p", modelClass: "m", inputTokens: 0, maxOutputTokens: 0 },
              now,
            );
            if (verdict.granted) granted++;
          }
          expect(granted).toBeLessThanOrEqual(limit + (now * limit) / 60_000 + 1e-9);
        },
      ),
    );
  });
});
