import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contractSchedule } from "../leasing/contract-value.js";
import type { LeaseTerms } from "../leasing/lease.js";
import { monthCharges } from "./month-charges.js";

const DAY = 86_400_000;
const BASE = Date.UTC(2027, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString();

const lease = fc
  .record({
    startDay: fc.integer({ min: 0, max: 400 }),
    days: fc.integer({ min: 1, max: 900 }),
    hourOffset: fc.integer({ min: 0, max: 23 }),
    extraTranches: fc.array(fc.tuple(fc.integer({ min: 0, max: 900 }), fc.integer({ min: 1, max: 64 })), {
      maxLength: 3,
    }),
    perHour: fc.boolean(),
    price: fc.bigInt({ min: 0n, max: 10n ** 12n }),
    discounts: fc.array(
      fc.tuple(
        fc.integer({ min: -30, max: 900 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 10_000 }),
      ),
      { maxLength: 2 },
    ),
    minimum: fc.option(fc.bigInt({ min: 0n, max: 10n ** 12n }), { nil: null }),
  })
  .map((r): LeaseTerms => {
    const start = BASE + r.startDay * DAY + r.hourOffset * 3_600_000;
    const extra = r.extraTranches.map(([d, gpus], i) => ({
      key: `t${i + 2}`,
      startsAt: iso(start + (d % r.days) * DAY),
      gpusByLine: { a: gpus * 8 },
    }));
    return {
      tenantId: "t",
      siteIds: [],
      lines: [
        {
          key: "a",
          gpuModel: "H100",
          gpuCount: 8,
          price: r.perHour
            ? { kind: "per_gpu_hour", microsPerGpuHour: r.price }
            : { kind: "monthly_fee", microsPerMonth: r.price * 1000n },
        },
      ],
      tranches: [{ key: "t1", startsAt: iso(start), gpusByLine: { a: 8 } }, ...extra],
      endsAt: iso(start + r.days * DAY),
      noticePeriodDays: 0,
      rampDiscounts: r.discounts.map(([d, len, bps]) => ({
        from: iso(start + d * DAY),
        until: iso(start + (d + len) * DAY),
        discountBps: bps,
      })),
      commitment: r.minimum === null ? null : { minimumMicrosPerMonth: r.minimum },
      sla: null,
      isolation: "site",
      placement: { policy: "packed" },
    };
  });

describe("month charges", () => {
  it("equal the contract schedule, month by month, to the micro", () => {
    fc.assert(
      fc.property(lease, (terms) => {
        const fast = monthCharges(terms).map((c) => ({
          month: new Date(Date.UTC(Math.floor(c.monthIndex / 12), c.monthIndex % 12, 1))
            .toISOString()
            .slice(0, 7),
          micros: c.micros,
          gpuHours: c.gpuHours,
        }));
        expect(fast).toEqual(contractSchedule(terms));
      }),
      { numRuns: 300 },
    );
  });
});
