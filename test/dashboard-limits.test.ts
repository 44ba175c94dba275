/**
 * The usage-limits page in a real headless Chromium: a tenant whose capacity grew between two
 * published sets; the page shows demand by hour against capacity, each plan's limit across
 * versions and the before/after table, at desktop and phone widths. Needs `npm run build`
 * first. Screenshots go to /tmp/shots/.
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PLANS } from "../src/limits/demo-plans.js";
import { launchChromium, requireBuiltDashboard } from "./support/browser.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

const SHOTS = "/tmp/shots";

describe("the usage-limits page in headless Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const signedIn = async (hash: string, viewport: { width: number; height: number }): Promise<Page> => {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/#key=${server.operatorKey}`);
    await page.locator("[data-page=fleet]").waitFor();
    await page.goto(`${server.url}/${hash}`);
    return page;
  };

  beforeAll(async () => {
    requireBuiltDashboard();
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer();
    const lab = await server.tenantKey("frontier-lab");
    await server.tenantKey("quiet-lab");
    const by = { role: "tenant" as const, keyId: "k", keyName: "k", tenantId: lab.tenantId };
    const profile = (gpus: number) => ({ otherGpus: [{ gpuModel: "H100", gpus }] });
    await server.limitPlans.saveProfile(by, "frontier-lab", profile(270_000));
    for (const { name, ...plan } of DEMO_PLANS)
      await server.limitPlans.savePlan(by, "frontier-lab", name, plan);
    await server.limitSets.plan(by, "frontier-lab", { publish: true });
    await server.limitPlans.saveProfile(by, "frontier-lab", profile(490_000));
    await server.limitSets.plan(by, "frontier-lab", { publish: true });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  for (const viewport of [
    { width: 1440, height: 1400 },
    { width: 390, height: 2400 },
  ]) {
    it(`shows demand against capacity, limits across versions and the last change at ${viewport.width} px`, async () => {
      const page = await signedIn("#/limits/frontier-lab", viewport);
      await page.locator("[data-page=limits][data-loaded]").waitFor();
      expect(await page.locator("[data-nav=limits]").getAttribute("aria-current")).toBe("page");
      expect(await page.locator("[data-stat=version] dd").textContent()).toBe("v2");
      expect(await page.locator("[data-stat=peak-reductions] dd").textContent()).toBe("None");
      // Both charts drew on a canvas of the card's width.
      for (const chart of ["demand", "versions"]) {
        const box = await page.locator(`[data-chart=${chart}] canvas`).first().boundingBox();
        expect(box?.width).toBeGreaterThan(viewport.width * 0.4);
      }
      const raised = page.locator("[data-testid=limits-diff] tr[data-plan=pro][data-change=raised]");
      expect(await raised.count()).toBe(3);
      expect(
        await page.locator("[data-testid=limits-diff] tr[data-change=unchanged]").count(),
      ).toBeGreaterThanOrEqual(9);
      expect(await page.locator("[data-testid=limits-peaks]").textContent()).toContain("removed");
      // Nothing spills sideways on a phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      writeFileSync(join(SHOTS, `limits-${viewport.width}.png`), await page.screenshot({ fullPage: true }));
    });
  }

  it("switches tenant from the picker, and says when a tenant has no limits in force", async () => {
    const page = await signedIn("#/limits", { width: 1440, height: 900 });
    await page.locator("[data-page=limits][data-loaded]").waitFor();
    await page.locator("[data-testid=limits-tenant]").selectOption("quiet-lab");
    await page.locator("[data-page=limits][data-loaded]").waitFor();
    await page.getByText("quiet-lab has no limits in force").waitFor();
    expect(page.url()).toContain("#/limits/quiet-lab");
  });
});
