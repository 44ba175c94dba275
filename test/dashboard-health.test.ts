/**
 * The site page's live health and measured power in a real headless Chromium: agents report for a
 * small site, one node raises a fatal XID, and the page shows the failure by cause and the
 * measured draw against the permit, at 1440 px and 390 px. Screenshots go to /tmp/shots/.
 * @module
 */
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IssuedAgentKeys } from "../src/contract/generated/api.js";
import { launchChromium, requireBuiltDashboard } from "./support/browser.js";
import { importSmallSite } from "./support/small-site.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

const SHOTS = "/tmp/shots";

describe("the site page's live health in headless Chromium", () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    requireBuiltDashboard();
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer();
    const nodes = Array.from({ length: 8 }, (_, i) => ({ name: `n${i}`, path: `r${Math.floor(i / 4)}` }));
    expect((await importSmallSite(server, "lab", nodes)).status).toBe(200);
    const res = await server.app.request("/v1/sites/lab/agent-keys", {
      method: "POST",
      headers: { authorization: `Bearer ${server.operatorKey}`, "content-type": "application/json" },
      body: "{}",
    });
    const { keys } = (await res.json()) as IssuedAgentKeys;
    for (const [i, k] of keys.entries()) {
      const gpus = Array.from({ length: 8 }, (_, g) => ({
        uuid: `GPU-${i}-${g}`,
        utilizationPct: 95,
        powerW: 690,
        temperatureC: 70,
        memoryUsedMib: 70_000,
        memoryTotalMib: 81_559,
        eccUncorrectedNew: 0,
        xid: i === 5 && g === 2 ? 79 : null,
      }));
      const beat = {
        agentId: `agent-${i}`,
        sequence: 1,
        readAt: new Date().toISOString(),
        intervalS: 3600,
        gpus,
        gpusLost: 0,
      };
      const sent = await server.app.request("/v1/agent/heartbeats", {
        method: "POST",
        headers: { authorization: `Bearer ${k.key}`, "content-type": "application/json" },
        body: JSON.stringify({ site: "lab", node: k.node, heartbeats: [beat] }),
      });
      expect(sent.status).toBe(200);
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each([
    [1440, 1800],
    [390, 2600],
  ])("shows failed nodes by cause and measured power at %i px", async (width, height) => {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    await page.goto(`${server.url}/#key=${server.operatorKey}`);
    await page.locator("[data-page=fleet]").waitFor();
    await page.goto(`${server.url}/#/sites/lab`);
    const health = page.locator("[data-testid=site-health]");
    await health.waitFor();
    expect(await health.locator("[data-stat=reporting] dd").textContent()).toBe("8");
    expect(await health.locator("[data-cause=fatal-xid]").textContent()).toMatch(/Fatal XID\s*1/);
    expect(await health.locator("[data-testid=failed-nodes] td").first().textContent()).toBe("n5");
    await page.locator("[data-chart=measured-power] canvas").first().waitFor();
    await page.screenshot({ path: `${SHOTS}/site-health-${width}.png`, fullPage: true });
    // Nothing overflows the narrow screen sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });
});
