/**
 * A lease's delivery and billing on its dashboard page, in a real headless Chromium: availability
 * against the SLA target, delivered vs committed GPU-hours, downtime with its cause, and the
 * issued invoice, at desktop and phone widths. Needs `npm run build` first. Screenshots go to /tmp/shots/.
 * @module
 */
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/app/clock.js";
import { launchChromium, requireBuiltDashboard } from "./support/browser.js";
import { importSmallSite } from "./support/small-site.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

const SHOTS = "/tmp/shots";
const clock = new ManualClock("2027-01-01T00:00:00.000Z");
let server: TestServer;
let browser: Browser;

async function fail(node: string, from: string, until: string, reason: string) {
  clock.set(from);
  const api = server.api();
  const path = { params: { path: { site: "memphis", node } } };
  expect(
    (await api.PATCH("/v1/sites/{site}/nodes/{node}", { ...path, body: { state: "failed", reason } }))
      .response.status,
  ).toBe(200);
  clock.set(until);
  expect(
    (
      await api.PATCH("/v1/sites/{site}/nodes/{node}", {
        ...path,
        body: { state: "healthy", reason: "fixed" },
      })
    ).response.status,
  ).toBe(200);
}

beforeAll(async () => {
  requireBuiltDashboard();
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ clock, spares: { nodesPerBlock: 0 } });
  expect((await importSmallSite(server, "memphis", ["n1", "n2", "n3", "n4"], 10)).status).toBe(200);
  await server.tenantKey("lab-a");
  const created = await server.api().POST("/v1/leases", {
    params: { query: { reserve: "true" } },
    body: {
      name: "training",
      tenant: "lab-a",
      sites: ["memphis"],
      lines: [{ key: "h100", gpuModel: "H100", gpuCount: 32, pricePerGpuHour: "2.00" }],
      startsAt: "2027-01-01T00:00:00.000Z",
      endsAt: "2027-12-01T00:00:00.000Z",
      sla: { availabilityTarget: "99.5", creditTiers: [{ below: "99.5", credit: "10" }] },
    },
  });
  expect(created.response.status).toBe(201);
  await fail("n1", "2027-01-10T00:00:00.000Z", "2027-01-11T00:00:00.000Z", "XID 79 on GPU 3");
  clock.set("2027-02-01T00:00:00.000Z");
  const draft = await server.api().POST("/v1/leases/{lease}/invoices", {
    params: { path: { lease: "training" } },
    body: { month: "2027-01" },
  });
  await server
    .api()
    .POST("/v1/invoices/{invoice}/issue", { params: { path: { invoice: draft.data?.invoice.id ?? "" } } });
  await fail("n2", "2027-02-03T00:00:00.000Z", "2027-02-03T12:00:00.000Z", "rack PDU tripped");
  clock.set("2027-02-05T00:00:00.000Z");
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("a lease's delivery and billing on its page", () => {
  for (const viewport of [
    { width: 1440, height: 1800 },
    { width: 390, height: 2400 },
  ]) {
    it(`shows availability, the usage chart, downtime and invoices at ${viewport.width} px`, async () => {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(`${server.url}/#key=${server.operatorKey}`);
      await page.locator("[data-page=fleet]").waitFor();
      await page.goto(`${server.url}/#/leases/training`);
      const billing = page.locator("[data-testid=lease-billing]");
      await billing.waitFor();
      // 12 h of one 8-GPU node short out of 32 GPUs × 96 h so far in February.
      const availability = billing.locator("[data-stat=availability]");
      expect(await availability.locator("dd").textContent()).toBe(
        `${(Math.floor(((32 * 96 - 8 * 12) * 10_000) / (32 * 96)) / 100).toFixed(2)}%`,
      );
      expect(await availability.textContent()).toContain("SLA target 99.50%");
      expect(await billing.locator("[data-testid=downtime]").textContent()).toContain("rack PDU tripped");
      const invoices = billing.locator("[data-testid=invoices]");
      expect(await invoices.textContent()).toContain("INV-000001");
      expect(await invoices.textContent()).toContain("2027-01");
      const canvas = billing.locator("[data-testid=usage-chart] canvas");
      await canvas.first().waitFor();
      expect((await canvas.first().boundingBox())?.width ?? 0).toBeGreaterThan(viewport.width / 2);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await billing.screenshot({ path: `${SHOTS}/lease-billing-${viewport.width}.png` });
      await context.close();
    });
  }
});
