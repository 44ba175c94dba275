/**
 * The portfolio page in a real headless Chromium: the reference portfolio's stacked GW by provider
 * against the target, and the unit-economics inputs redrawn by the server as you type, saved only
 * on "Save inputs". Needs `npm run build` first. Screenshots go to /tmp/shots/.
 * @module
 */
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, requireBuiltDashboard } from "./support/browser.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

const SHOTS = "/tmp/shots";
const CSV = [
  "name,provider,chip,powerMw,onlineAt,rampMonths,termMonths,committedSpend",
  "earlier-capacity,Earlier capacity,H100,1000,2025-01-01,0,,",
  "aws-trainium,AWS,Trainium2,5000,2026-01-01,36,,",
  "google-broadcom-tpu,Google + Broadcom,TPU,3500,2027-01-01,24,,",
  "google-cloud,Google Cloud,TPU,5000,2027-07-01,30,,",
  "spacexai-colossus-1,SpaceXAI,H100,300,2026-05-01,2,36,45000000000.00",
].join("\n");

describe("the portfolio page in headless Chromium", () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    requireBuiltDashboard();
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer();
    const lab = await server.tenantKey("frontier-lab");
    const res = await server.app.request("/v1/tenants/frontier-lab/portfolio/import", {
      method: "POST",
      headers: { authorization: `Bearer ${lab.key}`, "content-type": "application/json" },
      body: JSON.stringify({ csv: CSV }),
    });
    expect(res.status).toBe(200);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = async (width: number): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width, height: 1400 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/#key=${server.operatorKey}`);
    await page.locator("[data-page=fleet]").waitFor();
    await page.goto(`${server.url}/#/portfolio/frontier-lab`);
    await page.locator("[data-page=portfolio][data-loaded]").waitFor();
    return page;
  };

  it("shows 14.8 GW committed against the 30 GW target, with the chart drawn", async () => {
    const page = await open(1440);
    expect(await page.locator("[data-stat=committed] dd").textContent()).toBe("14.8 GW");
    expect(await page.locator("[data-stat=target] dd").textContent()).toBe("30 GW");
    expect(await page.locator("[data-testid=portfolio-chart] canvas").count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/portfolio-1440.png`, fullPage: true });
  }, 60_000);

  it("redraws the unit economics as an input changes, and saves only on Save inputs", async () => {
    const page = await open(390);
    const revenue = page.locator("[data-testid=unit-result] [data-stat=revenue] dd");
    const before = await revenue.textContent();
    await page.locator("[data-input=pricePerMillionTokens]").fill("20.00");
    await expect.poll(() => revenue.textContent(), { timeout: 5_000 }).not.toBe(before);
    expect(await page.locator("[data-testid=unit-status]").textContent()).toContain("Not saved");
    await page.locator("[data-input=utilisationPercent]").fill("150");
    await expect
      .poll(() => page.locator("[data-input=utilisationPercent]").getAttribute("aria-invalid"), {
        timeout: 5_000,
      })
      .toBe("true");
    await page.locator("[data-input=utilisationPercent]").fill("50");
    await page.locator("[data-testid=save-inputs]").click();
    await expect
      .poll(() => page.locator("[data-testid=unit-status]").textContent(), { timeout: 5_000 })
      .toBe("Saved inputs.");
    await page.screenshot({ path: `${SHOTS}/portfolio-390.png`, fullPage: true });
    const saved = await server.app.request("/v1/tenants/frontier-lab/unit-economics", {
      headers: { authorization: `Bearer ${server.operatorKey}` },
    });
    expect(
      ((await saved.json()) as { inputs: { pricePerMillionTokens: string } }).inputs.pricePerMillionTokens,
    ).toBe("20.00");
  }, 60_000);
});
