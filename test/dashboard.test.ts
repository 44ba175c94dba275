/**
 * The dashboard in a real headless Chromium, against a real server with the Colossus-1 demo.
 * Needs `npm run build` first (`npm test` does it): the server serves dist/web.
 * @module
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, operatorApi, requireBuiltDashboard } from "./support/browser.js";
import { countColour, decodePng, type Pixels, parseColour } from "./support/png.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

/** Tall enough that the whole site page fits: nothing sticky overlaps the map in screenshots. */
const TALL = { width: 1440, height: 2400 };
const MAP = "[data-testid=topology-map]";

/** The state colours of web/src/node-states.ts, and how far from them a screenshot's pixels may be. */
const GREEN = parseColour("#2f9e5b");
const RED = parseColour("#d7263d");
const STATE_TOLERANCE = 24;

describe("the dashboard in headless Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext | undefined;
  const shots = mkdtempSync(join(tmpdir(), "leasehold-dashboard-"));

  const api = operatorApi(() => server);

  const openPage = async (viewport = { width: 1440, height: 900 }): Promise<Page> => {
    context = await browser.newContext({ viewport });
    return context.newPage();
  };

  /** A page signed in through the `#key=` fragment, then sent to `hash`. */
  const signedIn = async (hash: string, viewport?: { width: number; height: number }): Promise<Page> => {
    const page = await openPage(viewport);
    await page.goto(`${server.url}/#key=${server.operatorKey}`);
    await page.locator("[data-page=fleet]").waitFor();
    if (hash !== "#/") await page.goto(`${server.url}/${hash}`);
    return page;
  };

  const mapPixels = async (page: Page, name: string): Promise<Pixels> => {
    await page.mouse.move(0, 0);
    await page.locator(`${MAP}[data-rendered-racks]`).waitFor();
    const png = await page.locator(MAP).screenshot({ animations: "disabled" });
    writeFileSync(join(shots, `${name}.png`), png);
    return decodePng(png);
  };

  beforeAll(async () => {
    requireBuiltDashboard();
    server = await startTestServer({ demo: true });
    browser = await launchChromium();
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("the fleet page shows colossus-1 with 221,440 GPUs and the turbine over-permit warning", async () => {
    const page = await signedIn("#/");
    expect(page.url()).not.toContain(server.operatorKey);
    expect(await page.evaluate(() => localStorage.getItem("leasehold.apiKey"))).toBe(server.operatorKey);

    const card = page.locator("[data-site=colossus-1]");
    await card.waitFor();
    await expect(card.locator("[data-stat=gpus] dd").textContent()).resolves.toBe("221,440");
    await expect(card.locator("[data-stat=nodes] dd").textContent()).resolves.toBe("30,272");
    await expect(card.locator("[data-warning=INSTALLED_OVER_PERMIT]").textContent()).resolves.toContain(
      "Gas turbine installed 174.0 MW beyond its permit",
    );
    await expect(card.textContent()).resolves.toContain("Memphis, Tennessee, US");
    await expect(card.locator("[data-chart=power] canvas").count()).resolves.toBeGreaterThan(0);
    await expect(card.locator("[data-chart=capacity] canvas").count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, "fleet.png"), fullPage: true });
  });

  it("the site map draws every rack: many green cells and the failed racks in red", async () => {
    type Tally = Record<"healthy" | "degraded" | "failed" | "maintenance", number>;
    const topology = await api<{ groups: Array<{ racks: Array<{ nodesByState: Tally }> }> }>(
      "/v1/sites/colossus-1/topology",
    );
    const racks = topology.groups.flatMap((g) => g.racks);
    const failedRacks = racks.filter((r) => r.nodesByState.failed > 0).length;
    const healthyRacks = racks.filter(
      (r) => r.nodesByState.healthy === Object.values(r.nodesByState).reduce((a, b) => a + b),
    ).length;
    expect(failedRacks).toBeGreaterThan(0);

    const page = await signedIn("#/sites/colossus-1", TALL);
    await expect(
      page.locator(`${MAP}[data-rendered-racks]`).getAttribute("data-rendered-racks"),
    ).resolves.toBe(String(racks.length));
    const pixels = await mapPixels(page, "site-map");
    const cellArea = 100; // at 1440 px wide a rack cell is 13 × 13 px; 100 px leaves room for antialiasing
    expect(countColour(pixels, GREEN, STATE_TOLERANCE)).toBeGreaterThan(healthyRacks * cellArea);
    expect(countColour(pixels, RED, STATE_TOLERANCE)).toBeGreaterThan(failedRacks * cellArea);
    await page.screenshot({ path: join(shots, "site.png"), fullPage: true });
  });

  it("clicking a block shows its nodes", async () => {
    const expected = await api<{ nodes: Array<{ name: string; state: string }> }>(
      "/v1/sites/colossus-1/nodes?path=hall-01/block-001&limit=1000",
    );
    const page = await signedIn("#/sites/colossus-1", TALL);
    await page.locator(`${MAP}[data-rendered-racks]`).waitFor();
    await page.locator(MAP).click({ position: { x: 40, y: 60 } }); // inside the first block, hall-01/block-001
    const drawer = page.locator("[data-testid=block-drawer][data-block]");
    await drawer.waitFor();
    await expect(drawer.getAttribute("data-block")).resolves.toBe("hall-01/block-001");
    await expect(drawer.locator(".node-cell").count()).resolves.toBe(expected.nodes.length);
    const healthy = expected.nodes.filter((n) => n.state === "healthy").length;
    await expect(drawer.locator(".node-cell[data-state=healthy]").count()).resolves.toBe(healthy);
    await page.screenshot({ path: join(shots, "block.png") });
  });

  it("setting a node to failed in the UI turns it red and changes the counts", async () => {
    type Detail = { summary: { nodesByState: { failed: number } } };
    const before = await api<Detail>("/v1/sites/colossus-1");
    const { nodes } = await api<{ nodes: Array<{ name: string; path: string; state: string }> }>(
      "/v1/sites/colossus-1/nodes?path=hall-01/block-001&limit=1000",
    );
    const unhealthyRacks = new Set(nodes.filter((n) => n.state !== "healthy").map((n) => n.path));
    const target = nodes.find((n) => !unhealthyRacks.has(n.path));
    if (!target) throw new Error("expected a rack with only healthy nodes in hall-01/block-001");

    const page = await signedIn("#/sites/colossus-1", TALL);
    const redBefore = countColour(await mapPixels(page, "before-fail"), RED, STATE_TOLERANCE);
    const failedStat = page.locator("[data-stat=failed-nodes] dd");
    await expect(failedStat.textContent()).resolves.toBe(String(before.summary.nodesByState.failed));

    await page.locator(MAP).click({ position: { x: 40, y: 60 } });
    await page.locator(`[data-testid=block-drawer] [data-node="${target.name}"]`).click();
    const dialog = page.locator("[data-testid=node-dialog]");
    await dialog.locator("input[value=failed]").check();
    await dialog.locator("textarea[name=reason]").fill("XID 79: GPU fell off the bus");
    await dialog.getByRole("button", { name: "Set state" }).click();

    await page.locator(`[data-node="${target.name}"][data-state=failed]`).waitFor();
    // The dialog closes once the page and the drawer have both refreshed.
    await dialog.waitFor({ state: "detached" });
    await page.waitForFunction(
      (n) => document.querySelector("[data-stat=failed-nodes] dd")?.textContent === n,
      String(before.summary.nodesByState.failed + 1),
    );
    await page.getByRole("button", { name: "Close" }).click();
    const redAfter = countColour(await mapPixels(page, "after-fail"), RED, STATE_TOLERANCE);
    expect(redAfter - redBefore).toBeGreaterThan(100); // one more 13 × 13 px rack cell is red

    const after = await api<Detail>("/v1/sites/colossus-1");
    expect(after.summary.nodesByState.failed).toBe(before.summary.nodesByState.failed + 1);
    const { node } = await api<{ node: { state: string } }>(`/v1/sites/colossus-1/nodes/${target.name}`);
    expect(node.state).toBe("failed");
  });

  it("without a key the sign-in form appears, and a wrong key shows an error", async () => {
    const page = await openPage();
    await page.goto(`${server.url}/`);
    const form = page.locator("[data-testid=sign-in]");
    await form.waitFor();
    await expect(form.textContent()).resolves.toContain(".leasehold/operator.key");

    await page.locator("[data-testid=api-key]").fill("lh_op_not-a-real-key");
    await form.getByRole("button", { name: "Sign in" }).click();
    await page.locator("[data-testid=sign-in-error]", { hasText: "not accepted" }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem("leasehold.apiKey"))).toBeNull();
    await page.screenshot({ path: join(shots, "sign-in-error.png") });

    await page.locator("[data-testid=api-key]").fill(server.operatorKey);
    await form.getByRole("button", { name: "Sign in" }).click();
    await page.locator("[data-site=colossus-1]").waitFor();
    await page.locator("[data-testid=sign-out]").click();
    await form.waitFor();
    expect(await page.evaluate(() => localStorage.getItem("leasehold.apiKey"))).toBeNull();
  });

  it("a tenant key gets a page saying what it works with, and a way to sign out, not an error", async () => {
    const { key } = await server.tenantKey("dashboard-tenant");
    const page = await openPage();
    await page.goto(`${server.url}/#key=${key}`);
    const notice = page.locator("[data-page=tenant-key] [data-testid=tenant-key]");
    await notice.waitFor();
    const text = await notice.textContent();
    expect(text).toContain("This dashboard is for the site owner's operators");
    expect(text).toContain("dashboard-tenant-key");
    await expect(notice.locator("a[href='/docs']").count()).resolves.toBe(1);
    await expect(page.locator(".error-panel").count()).resolves.toBe(0);
    await page.screenshot({ path: join(shots, "tenant-key.png") });

    // Going to another page keeps the notice rather than loading operator views.
    await page.goto(`${server.url}/#/sites/colossus-1`);
    await page.reload();
    await notice.waitFor();
    await expect(page.locator("[data-page=site], .error-panel").count()).resolves.toBe(0);

    await notice.locator("[data-testid=sign-out]").click();
    const form = page.locator("[data-testid=sign-in]");
    await form.waitFor();
    expect(await page.evaluate(() => localStorage.getItem("leasehold.apiKey"))).toBeNull();

    // The sign-in form takes the same key to the same page.
    await page.locator("[data-testid=api-key]").fill(key);
    await form.getByRole("button", { name: "Sign in" }).click();
    await notice.waitFor();
  });
});
