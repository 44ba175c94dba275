import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/app/clock.js";
import type { LeaseRequest } from "../../src/contract/generated/api.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

/**
 * The seed checks on the built-in demo site, with no spares so a failure is downtime: the filing's
 * reading of the rent-all lease (fixed $1.25B a month, a two-month 50% ramp, 90 days' notice) through
 * a month with a rack down six hours and a block down a day, its SLA credit, its early termination
 * and its revenue; then the same site rented per GPU-hour at $3.11 for a full 30-day month.
 */

const clock = new ManualClock("2027-04-01T00:00:00.000Z");
let server: TestServer;

const SLA = {
  availabilityTarget: "99.95",
  creditTiers: [
    { below: "99.95", credit: "5" },
    { below: "99.9", credit: "10" },
    { below: "99", credit: "25" },
  ],
};
/** The tiers above as the server applies them: the most severe one the month fell under. */
const expectedCreditBps = (availabilityBps: number) =>
  availabilityBps < 9_900 ? 2_500 : availabilityBps < 9_990 ? 1_000 : availabilityBps < 9_995 ? 500 : 0;

const cents = (amount: string) => BigInt(amount.replace(".", ""));

async function template(tenant: string, startsAt: string): Promise<LeaseRequest> {
  const { data, response } = await server.api().GET("/v1/sites/{site}/lease-templates/{template}", {
    params: { path: { site: "colossus-1", template: "rent-all" }, query: { tenant, startsAt } },
  });
  expect(response.status).toBe(200);
  return data as LeaseRequest;
}

async function setState(nodes: string[], state: "failed" | "healthy", reason: string) {
  const { response } = await server.api().PATCH("/v1/sites/{site}/nodes", {
    params: { path: { site: "colossus-1" } },
    body: { nodes, state, reason },
  });
  expect(response.status).toBe(200);
}

async function healthyNodes(limit: number) {
  const { data } = await server.api().GET("/v1/sites/{site}/nodes", {
    params: { path: { site: "colossus-1" }, query: { state: "healthy", limit } },
  });
  return data?.nodes ?? [];
}

beforeAll(async () => {
  server = await startTestServer({ demo: true, clock, spares: { nodesPerBlock: 0 } });
  for (const name of ["rival-lab", "frontier-lab"])
    expect((await server.api().POST("/v1/tenants", { body: { name } })).response.status).toBe(201);
}, 120_000);
afterAll(async () => server?.close());

describe("the filing's reading: fixed $1.25B a month, a two-month ramp, 90 days' notice", () => {
  let leaseId = "";
  let leasedGpus = 0;
  let lostGpuHours = 0;

  it("reserves rent-all with SLA tiers on the demo site", async () => {
    const request = { ...(await template("rival-lab", "2027-04-01T00:00:00.000Z")), sla: SLA };
    const { data, response } = await server.api().POST("/v1/leases", {
      params: { query: { reserve: "true" } },
      body: request,
    });
    expect(response.status).toBe(201);
    expect(data?.lease.status).toBe("active");
    leaseId = data?.lease.id ?? "";
    leasedGpus = request.lines.reduce((n, l) => n + l.gpuCount, 0);
    expect(leasedGpus).toBeGreaterThan(200_000);
  }, 120_000);

  it("meters a rack down six hours and a block down a day as downtime with their causes", async () => {
    const nodes = await healthyNodes(1000);
    const byRack = new Map<string, typeof nodes>();
    for (const n of nodes) byRack.set(n.path, [...(byRack.get(n.path) ?? []), n]);
    const [rackPath, rack] = [...byRack.entries()][0] ?? ["", []];
    const block = rackPath.split("/").slice(0, -1).join("/");
    const { data: blockPage } = await server.api().GET("/v1/sites/{site}/nodes", {
      params: { path: { site: "colossus-1" }, query: { state: "healthy", path: "hall-02", limit: 1000 } },
    });
    const otherBlockNodes = (blockPage?.nodes ?? []).filter((n) => !n.path.startsWith(block));
    const blockOf = (path: string) => path.split("/").slice(0, -1).join("/");
    const downBlock = blockOf(otherBlockNodes[0]?.path ?? "");
    const blockNodes = otherBlockNodes.filter((n) => blockOf(n.path) === downBlock);
    expect(rack.length).toBeGreaterThan(0);
    expect(blockNodes.length).toBeGreaterThan(8);

    clock.set("2027-04-10T00:00:00.000Z");
    await setState(
      rack.map((n) => n.name),
      "failed",
      "rack power shelf failed",
    );
    clock.set("2027-04-10T06:00:00.000Z");
    await setState(
      rack.map((n) => n.name),
      "healthy",
      "power shelf replaced",
    );
    clock.set("2027-04-20T00:00:00.000Z");
    await setState(
      blockNodes.map((n) => n.name),
      "failed",
      "block cooling loop down",
    );
    clock.set("2027-04-21T00:00:00.000Z");
    await setState(
      blockNodes.map((n) => n.name),
      "healthy",
      "cooling restored",
    );
    lostGpuHours =
      rack.reduce((n, x) => n + x.gpuCount, 0) * 6 + blockNodes.reduce((n, x) => n + x.gpuCount, 0) * 24;

    clock.set("2027-05-01T00:00:00.000Z");
    const { data: usage, response } = await server.api().GET("/v1/leases/{lease}/usage", {
      params: { path: { lease: leaseId }, query: { month: "2027-04" } },
    });
    expect(response.status).toBe(200);
    const committed = leasedGpus * 720;
    expect(usage?.committedGpuHours).toBe(`${committed}.000`);
    expect(usage?.deliveredGpuHours).toBe(`${committed - lostGpuHours}.000`);
    expect(usage?.availabilityBps).toBe(Math.floor(((committed - lostGpuHours) * 10_000) / committed));
    expect(usage?.downtime.map((d) => [d.from, d.until, d.cause])).toEqual([
      ["2027-04-10T00:00:00.000Z", "2027-04-10T06:00:00.000Z", "rack power shelf failed"],
      ["2027-04-20T00:00:00.000Z", "2027-04-21T00:00:00.000Z", "block cooling loop down"],
    ]);
  }, 120_000);

  it("invoices April: the fee, the ramp's 50% off, and the SLA credit of the tier the month fell under", async () => {
    const { data, response } = await server.api().POST("/v1/leases/{lease}/invoices", {
      params: { path: { lease: leaseId } },
      body: { month: "2027-04" },
    });
    expect(response.status).toBe(201);
    const invoice = data?.invoice;
    const availability = invoice?.availabilityBps ?? 0;
    const creditBps = expectedCreditBps(availability);
    expect(creditBps).toBeGreaterThan(0);
    const fee = 1_250_000_000_00n;
    const afterRamp = fee / 2n;
    const credit = (afterRamp * BigInt(creditBps)) / 10_000n;
    expect(invoice?.lines.map((l) => [l.kind, cents(l.amount)])).toEqual([
      ["monthly_fee", fee],
      ["ramp_discount", -afterRamp],
      ["sla_credit", -credit],
    ]);
    expect(cents(invoice?.total ?? "")).toBe(afterRamp - credit);

    const issued = await server.api().POST("/v1/invoices/{invoice}/issue", {
      params: { path: { invoice: invoice?.id ?? "" } },
    });
    expect(issued.data?.invoice.number).toBe("INV-000001");
  }, 60_000);

  it("prorates the last invoice of an early termination, and recognises straight-line while billing follows the ramp", async () => {
    const notice = await server.api().POST("/v1/leases/{lease}/notice", {
      params: { path: { lease: leaseId } },
      body: { reason: "moving to our own site" },
    });
    expect(notice.data?.lease.endsAt).toBe("2027-07-30T00:00:00.000Z");
    clock.set("2027-07-15T00:00:00.000Z");
    const { data } = await server.api().POST("/v1/leases/{lease}/invoices", {
      params: { path: { lease: leaseId } },
      body: { month: "2027-07" },
    });
    // 29 of July's 31 days, rounded once to the cent.
    expect(data?.invoice.lines.map((l) => [l.kind, l.amount])).toEqual([["monthly_fee", "1169354838.71"]]);

    const { data: revenue } = await server.api().GET("/v1/leases/{lease}/revenue", {
      params: { path: { lease: leaseId } },
    });
    expect(revenue?.method).toBe("straight_line");
    const months = revenue?.months ?? [];
    expect(months.map((m) => [m.month, m.billedFrom])).toEqual([
      ["2027-04", "issued"],
      ["2027-05", "scheduled"],
      ["2027-06", "scheduled"],
      ["2027-07", "scheduled"],
    ]);
    expect(months.map((m) => m.billed).slice(1)).toEqual(["625000000.00", "1250000000.00", "1169354838.71"]);
    // Straight-line by days over the 120-day term: the ramp months recognise more than they bill.
    const contract = 625_000_000_00n + 625_000_000_00n + 1_250_000_000_00n + 1_169_354_838_71n;
    const [april, may, june, july] = months;
    const upTo = (days: bigint) => (2n * contract * days + 120n) / 240n;
    expect(cents(may?.recognised ?? "")).toBe(upTo(61n) - upTo(30n));
    expect(cents(april?.balance ?? "0")).toBeGreaterThan(0n);
    expect(cents(june?.balance ?? "0")).toBeGreaterThan(0n);
    expect(july?.balance).toBe("0.00");
  }, 60_000);
});

describe("the price reading: rent-all per GPU-hour at $3.11", () => {
  it("invoices a full 30-day month with no downtime at about $493M", async () => {
    clock.set("2027-07-30T00:00:00.000Z");
    await server.api().POST("/v1/leases/tick");
    const base = await template("frontier-lab", "2027-09-01T00:00:00.000Z");
    const request: LeaseRequest = {
      ...base,
      name: "rent-all-hourly",
      lines: base.lines.map(({ monthlyFee: _fee, ...l }) => ({ ...l, pricePerGpuHour: "3.11" })),
      rampDiscounts: [],
    };
    const created = await server
      .api()
      .POST("/v1/leases", { params: { query: { reserve: "true" } }, body: request });
    expect(created.response.status).toBe(201);
    clock.set("2027-09-01T00:00:00.000Z");
    await server.api().POST("/v1/leases/tick");
    clock.set("2027-10-01T00:00:00.000Z");
    const { data } = await server.api().POST("/v1/leases/{lease}/invoices", {
      params: { path: { lease: created.data?.lease.id ?? "" } },
      body: { month: "2027-09" },
    });
    const gpus = request.lines.reduce((n, l) => n + l.gpuCount, 0);
    expect(data?.invoice.deliveredGpuHours).toBe(`${gpus * 720}.000`);
    const total = cents(data?.invoice.total ?? "");
    expect(total).toBe(BigInt(gpus) * 720n * 311n);
    // ~$493M: the demo leases about 218,800 of its 221,440 GPUs (the rest start failed).
    expect(total).toBeGreaterThan(485_000_000_00n);
    expect(total).toBeLessThan(500_000_000_00n);
  }, 120_000);
});
