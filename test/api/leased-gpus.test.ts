import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/app/clock.js";
import type { LeasedGpus } from "../../src/contract/generated/api.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

/** GPUs under lease on the demo site: leases that follow one another do not add up. */

const NOW = "2026-12-01T00:00:00.000Z";
const clock = new ManualClock(NOW);
let server: TestServer;
let lab: { tenantId: string; key: string };
let other: { tenantId: string; key: string };

const call = async <T>(path: string, key?: string, init: RequestInit = {}) => {
  const res = await server.app.request(path, {
    ...init,
    headers: {
      authorization: `Bearer ${key ?? server.operatorKey}`,
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
  });
  return { status: res.status, body: (await res.json()) as T };
};

const lease = (name: string, tenant: string, tranches: Array<[string, number]>, endsAt: string) => ({
  name,
  tenant,
  sites: ["colossus-1"],
  lines: [
    {
      key: "h100",
      gpuModel: "H100",
      gpuCount: tranches.reduce((n, [, g]) => n + g, 0),
      pricePerGpuHour: "2.10",
    },
  ],
  tranches: tranches.map(([startsAt, gpus]) => ({ startsAt, gpus: { h100: gpus } })),
  endsAt,
  isolation: "node",
});

beforeAll(async () => {
  server = await startTestServer({ demo: true, clock });
  lab = await server.tenantKey("frontier-lab");
  other = await server.tenantKey("second-lab");
  const requests = [
    // Now until March, then a larger lease from March: they never overlap.
    lease("first-term", "frontier-lab", [[NOW, 8_192]], "2027-03-01T00:00:00Z"),
    lease("second-term", "frontier-lab", [["2027-03-01T00:00:00Z", 16_384]], "2028-01-01T00:00:00Z"),
    // Another tenant: 2,048 now, 2,048 more in June, overlapping the second term.
    lease(
      "ramp",
      "second-lab",
      [
        [NOW, 2_048],
        ["2027-06-01T00:00:00Z", 2_048],
      ],
      "2027-09-01T00:00:00Z",
    ),
  ];
  for (const request of requests) {
    const res = await call("/v1/leases?reserve=true", undefined, {
      method: "POST",
      body: JSON.stringify(request),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
});
afterAll(async () => server?.close());

describe("GET /v1/leased-gpus", () => {
  it("counts the GPUs in force now and the peak over time, not the sum of every lease", async () => {
    const { status, body } = await call<LeasedGpus>("/v1/leased-gpus");
    expect(status).toBe(200);
    // The sum of the leases would be 28,672; at most 20,480 are ever in force together.
    expect(body).toEqual({
      at: NOW,
      gpusNow: 8_192 + 2_048,
      peakGpus: 16_384 + 4_096,
      peakAt: "2027-06-01T00:00:00.000Z",
    });
  });

  it("a tenant key counts its own leases only", async () => {
    const mine = await call<LeasedGpus>("/v1/leased-gpus", lab.key);
    expect(mine.body).toMatchObject({ gpusNow: 8_192, peakGpus: 16_384, peakAt: "2027-03-01T00:00:00.000Z" });
    const theirs = await call<LeasedGpus>("/v1/leased-gpus", other.key);
    expect(theirs.body).toMatchObject({ gpusNow: 2_048, peakGpus: 4_096 });
  });

  it("moves with the clock: once the first term ends it no longer counts", async () => {
    clock.set("2027-04-01T00:00:00.000Z");
    try {
      const { body } = await call<LeasedGpus>("/v1/leased-gpus");
      expect(body).toMatchObject({ gpusNow: 16_384 + 2_048, peakGpus: 16_384 + 4_096 });
    } finally {
      clock.set(NOW);
    }
  });

  it("refuses an unknown query parameter", async () => {
    const { status, body } = await call<{ error: { code: string } }>("/v1/leased-gpus?site=colossus-1");
    expect(status).toBe(400);
    expect(body.error.code).toBe("UNKNOWN_QUERY_PARAMETER");
  });
});
