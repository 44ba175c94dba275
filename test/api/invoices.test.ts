import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/app/clock.js";
import type { ErrorBody } from "../../src/contract/generated/api.js";
import { importSmallSite } from "../support/small-site.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

/**
 * A lease's invoices end to end on a four-node site: a month drafted while open and issued once
 * closed, numbered without gaps, immutable; a late change to the closed month answered by a credit
 * note; the printable page; revenue; and another tenant seeing none of it.
 */

const clock = new ManualClock("2027-01-01T00:00:00.000Z");
let server: TestServer;
let a: { tenantId: string; key: string };
let b: { tenantId: string; key: string };
let leaseId = "";

const GPUS = 16;
const JANUARY_HOURS = 744;

async function setState(nodes: string[], state: "failed" | "healthy", reason: string) {
  const { response } = await server.api().PATCH("/v1/sites/{site}/nodes", {
    params: { path: { site: "memphis" } },
    body: { nodes, state, reason },
  });
  expect(response.status).toBe(200);
}

const prepare = (month: string, key?: string) =>
  server
    .api(key)
    .POST("/v1/leases/{lease}/invoices", { params: { path: { lease: leaseId } }, body: { month } });
const issue = (invoice: string, key?: string) =>
  server.api(key).POST("/v1/invoices/{invoice}/issue", { params: { path: { invoice } } });
const code = (error: unknown) => (error as ErrorBody | undefined)?.error.code;

beforeAll(async () => {
  server = await startTestServer({ clock, spares: { nodesPerBlock: 0 } });
  expect((await importSmallSite(server, "memphis", ["n1", "n2", "n3", "n4"], 10)).status).toBe(200);
  a = await server.tenantKey("lab-a");
  b = await server.tenantKey("lab-b");
  const { data, response } = await server.api().POST("/v1/leases", {
    params: { query: { reserve: "true" } },
    body: {
      name: "training",
      tenant: "lab-a",
      sites: ["memphis"],
      lines: [{ key: "h100", gpuModel: "H100", gpuCount: GPUS, pricePerGpuHour: "2.00" }],
      startsAt: "2027-01-01T00:00:00.000Z",
      endsAt: "2027-12-01T00:00:00.000Z",
      sla: { availabilityTarget: "99.9", creditTiers: [{ below: "99.9", credit: "10" }] },
    },
  });
  expect(response.status).toBe(201);
  leaseId = data?.lease.id ?? "";
});
afterAll(async () => server?.close());

describe("a month's invoice", () => {
  it("counts a failed node replaced from the house as delivered, and drafts the month while it is open", async () => {
    clock.set("2027-01-10T00:00:00.000Z");
    await setState(["n1"], "failed", "XID 79");
    clock.set("2027-01-15T00:00:00.000Z");
    const { data, response } = await prepare("2027-01");
    expect(response.status).toBe(201);
    expect(data?.invoice).toMatchObject({
      status: "draft",
      number: null,
      deliveredGpuHours: `${GPUS * 14 * 24}.000`,
    });
    const early = await issue(data?.invoice.id ?? "");
    expect(early.response.status).toBe(409);
    expect(code(early.error)).toBe("INVOICE_PERIOD_OPEN");
  });

  it("issues the closed month as INV-000001 at price × delivered GPU-hours, and never again", async () => {
    clock.set("2027-02-01T00:00:00.000Z");
    const { data } = await prepare("2027-01");
    expect(data?.invoice.lines.map((l) => [l.kind, l.quantity, l.unitPrice, l.amount])).toEqual([
      ["gpu_hours", `${GPUS * JANUARY_HOURS}.000`, "2.000000", `${GPUS * JANUARY_HOURS * 2}.00`],
    ]);
    const issued = await issue(data?.invoice.id ?? "");
    expect(issued.data?.invoice).toMatchObject({
      number: "INV-000001",
      status: "issued",
      allowedActions: ["recompute"],
    });
    const again = await issue("INV-000001");
    expect(code(again.error)).toBe("INVOICE_ISSUED");
    const unchanged = await prepare("2027-01");
    expect(code(unchanged.error)).toBe("NOTHING_TO_INVOICE");
    await expect(
      server.db.query("UPDATE invoices SET total_micros = 0 WHERE number = 'INV-000001'"),
    ).rejects.toThrow(/issued and cannot change/);
  });

  it("answers a late change to the issued month with a credit note, leaving the invoice as issued", async () => {
    // History written late: every node out for twelve hours on 20 January.
    clock.set("2027-01-20T00:00:00.000Z");
    await setState(["n1", "n2", "n3", "n4"], "failed", "site power event");
    clock.set("2027-01-20T12:00:00.000Z");
    await setState(["n1", "n2", "n3", "n4"], "healthy", "power restored");
    clock.set("2027-02-02T00:00:00.000Z");
    const { data, response } = await prepare("2027-01");
    expect(response.status).toBe(201);
    const note = data?.invoice;
    const lostCents = BigInt(GPUS * 12 * 200);
    const charges = BigInt(GPUS * JANUARY_HOURS * 200) - lostCents;
    expect(note?.kind).toBe("credit_note");
    expect(note?.corrects).toBeTruthy();
    expect(note?.lines.map((l) => [l.kind, l.amount])).toEqual([
      ["gpu_hours", `-${Number(lostCents) / 100}.00`],
      ["sla_credit", `-${(Number(charges / 10n) / 100).toFixed(2)}`],
    ]);
    const issued = await issue(note?.id ?? "");
    expect(issued.data?.invoice.number).toBe("CN-000001");
    const invoice = await server
      .api()
      .GET("/v1/invoices/{invoice}", { params: { path: { invoice: "INV-000001" } } });
    expect(invoice.data?.invoice.total).toBe(`${GPUS * JANUARY_HOURS * 2}.00`);
  });

  it("numbers drafts issued at the same moment without a gap or a repeat", async () => {
    clock.set("2027-06-01T00:00:00.000Z");
    const ids: string[] = [];
    for (const month of ["2027-02", "2027-03", "2027-04", "2027-05"])
      ids.push((await prepare(month)).data?.invoice.id ?? "");
    const issued = await Promise.all(ids.map((id) => issue(id)));
    expect(issued.map((r) => r.data?.invoice.number).sort()).toEqual([
      "INV-000002",
      "INV-000003",
      "INV-000004",
      "INV-000005",
    ]);
  });

  it("serves the printable page with the number, the lines and the total", async () => {
    const res = await server.app.request("/v1/invoices/INV-000001/document", {
      headers: { authorization: `Bearer ${a.key}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("Invoice INV-000001");
    expect(html).toContain("$23,808.00");
    expect(html).not.toContain("<script");
  });

  it("shows billed and recognised revenue: issued months as issued, a usage lease recognising what it bills", async () => {
    const { data } = await server
      .api(a.key)
      .GET("/v1/leases/{lease}/revenue", { params: { path: { lease: leaseId } } });
    expect(data?.method).toBe("as_billed");
    const january = data?.months[0];
    expect(january).toMatchObject({ month: "2027-01", billedFrom: "issued", balance: "0.00" });
    expect(january?.billed).toBe(january?.recognised);
  });
});

describe("tenant keys", () => {
  it("read their own usage, invoices and revenue, and may not prepare or issue", async () => {
    const list = await server.api(a.key).GET("/v1/invoices", { params: { query: {} } });
    expect(list.data?.invoices.length).toBe(6);
    expect(list.data?.invoices.every((i) => i.allowedActions.length === 0)).toBe(true);
    const usage = await server.api(a.key).GET("/v1/leases/{lease}/usage", {
      params: { path: { lease: "training" }, query: { month: "2027-01" } },
    });
    expect(usage.data?.downtime.map((d) => d.cause)).toEqual(["site power event"]);
    expect((await prepare("2027-05", a.key)).response.status).toBe(403);
    expect((await issue("INV-000001", a.key)).response.status).toBe(403);
  });

  it("see nothing of another tenant's", async () => {
    const list = await server.api(b.key).GET("/v1/invoices", { params: { query: {} } });
    expect(list.data?.invoices).toEqual([]);
    const paths = [
      "/v1/invoices/INV-000001",
      "/v1/invoices/INV-000001/document",
      `/v1/leases/${leaseId}/usage?month=2027-01`,
      `/v1/leases/${leaseId}/revenue`,
      `/v1/invoices?lease=${leaseId}`,
    ];
    for (const path of paths) {
      const res = await server.app.request(path, { headers: { authorization: `Bearer ${b.key}` } });
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain("23,808");
    }
  });
});
