import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/app/clock.js";
import type { components } from "../../src/contract/generated/api.js";
import { runCli } from "../support/cli-harness.js";
import { importSmallSite } from "../support/small-site.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

type Invoice = components["schemas"]["InvoiceDocument"];

describe("leasehold invoices", () => {
  const clock = new ManualClock("2027-01-01T00:00:00.000Z");
  const dir = mkdtempSync(join(tmpdir(), "leasehold-invoices-"));
  let server: TestServer;
  const cli = (...argv: string[]) => runCli(argv, { url: server.url, key: server.operatorKey, cwd: dir });
  const json = async <T>(...argv: string[]): Promise<T> => {
    const { code, stdout, stderr } = await cli("-o", "json", ...argv);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    return JSON.parse(stdout) as T;
  };

  beforeAll(async () => {
    server = await startTestServer({ clock, spares: { nodesPerBlock: 0 } });
    expect((await importSmallSite(server, "memphis", ["n1", "n2"], 10)).status).toBe(200);
    await server.tenantKey("lab-a");
    const created = await server.api().POST("/v1/leases", {
      params: { query: { reserve: "true" } },
      body: {
        name: "training",
        tenant: "lab-a",
        sites: ["memphis"],
        lines: [{ key: "h100", gpuModel: "H100", gpuCount: 8, pricePerGpuHour: "2.50" }],
        startsAt: "2027-01-01T00:00:00.000Z",
        endsAt: "2027-06-01T00:00:00.000Z",
      },
    });
    expect(created.response.status).toBe(201);
    clock.set("2027-02-01T00:00:00.000Z");
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("prepares, issues, lists and shows a month's invoice", async () => {
    const { invoice } = await json<{ invoice: Invoice }>(
      "invoices",
      "prepare",
      "training",
      "--month",
      "2027-01",
    );
    expect(invoice.total).toBe(`${8 * 744 * 2.5}.00`);
    const issued = await json<{ invoice: Invoice }>("invoices", "issue", invoice.id);
    expect(issued.invoice.number).toBe("INV-000001");
    const list = await json<{ invoices: Invoice[] }>("invoices", "list", "--lease", "training");
    expect(list.invoices.map((i) => i.number)).toEqual(["INV-000001"]);
    const shown = await cli("invoices", "show", "INV-000001");
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("H100 delivered GPU-hours");
    expect(shown.stdout).toContain("TOTAL $14,880.00");
  });

  it("renders the invoice as a printable page and a PDF printed by Chromium", async () => {
    const { code, stderr } = await cli("invoices", "render", "INV-000001");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(readFileSync(join(dir, "INV-000001.html"), "utf8")).toContain("Invoice INV-000001");
    const pdf = readFileSync(join(dir, "INV-000001.pdf"));
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.length).toBeGreaterThan(1000);
  }, 60_000);

  it("says why a month cannot be issued yet", async () => {
    const { invoice } = await json<{ invoice: Invoice }>("invoices", "prepare", "training");
    const { code, stderr } = await cli("invoices", "issue", invoice.id);
    expect(code).toBe(1);
    expect(stderr).toContain("INVOICE_PERIOD_OPEN");
  });
});
