/**
 * The README's tour pages at a desktop's 1440 px and a phone's 390 px: nothing wider than the
 * screen (no sideways scrolling), no headline number cut off, every chart drawn.
 * @module
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, operatorApi, requireBuiltDashboard } from "./support/browser.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

const PAGES = [
  ["fleet", "#/", "[data-page=fleet]"],
  ["site", "#/sites/colossus-1", "[data-page=site]"],
  ["leases", "#/leases", "[data-page=leases]"],
  ["lease", "#/leases/rent-half", "[data-page=lease]"],
] as const;

describe("the dashboard at 1440 and 390 px", () => {
  let server: TestServer;
  let browser: Browser;
  const shots = mkdtempSync(join(tmpdir(), "leasehold-responsive-"));
  const api = operatorApi(() => server);

  beforeAll(async () => {
    requireBuiltDashboard();
    server = await startTestServer({ demo: true });
    browser = await launchChromium();
    await api("/v1/tenants", { method: "POST", body: JSON.stringify({ name: "frontier-lab" }) }, 201);
    await api(
      "/v1/leases?reserve=true",
      {
        method: "POST",
        body: JSON.stringify({
          name: "rent-half",
          tenant: "frontier-lab",
          sites: ["colossus-1"],
          lines: [{ key: "h100", gpuModel: "H100", gpuCount: 16384, pricePerGpuHour: "2.10" }],
          startsAt: new Date().toISOString(),
          endsAt: "2028-01-01T00:00:00Z",
          isolation: "block",
        }),
      },
      201,
    );
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const width of [1440, 390]) {
    it(`fits every tour page in ${width} px`, { timeout: 120_000 }, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${server.url}/#key=${server.operatorKey}`);
      await page.locator("[data-page=fleet]").waitFor();
      const problems: string[] = [];
      for (const [name, hash, ready] of PAGES) {
        await page.goto(`${server.url}/${hash}`);
        await page.locator(ready).waitFor();
        await page
          .locator(".loading")
          .first()
          .waitFor({ state: "detached" })
          .catch(() => undefined);
        await page.waitForTimeout(400);
        writeFileSync(join(shots, `${name}-${width}.png`), await page.screenshot({ fullPage: true }));
        const found = await page.evaluate((viewport) => {
          const out: string[] = [];
          const doc = document.documentElement;
          if (doc.scrollWidth > viewport) out.push(`page is ${doc.scrollWidth} px wide`);
          for (const dd of document.querySelectorAll<HTMLElement>(".stat dd"))
            if (dd.scrollWidth > dd.clientWidth + 1) out.push(`stat "${dd.textContent}" is cut off`);
          for (const card of document.querySelectorAll<HTMLElement>(".card"))
            if (card.getBoundingClientRect().right > viewport + 1) out.push(`a card ends past the screen`);
          for (const chart of document.querySelectorAll<HTMLElement>(".chart"))
            if (chart.clientWidth > 0 && !chart.querySelector("canvas, svg"))
              out.push("a chart is not drawn");
          return out;
        }, width);
        problems.push(...found.map((p) => `${name}: ${p}`));
      }
      await context.close();
      expect(problems).toEqual([]);
    });
  }
});
