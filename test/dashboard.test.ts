/**
 * The dashboard in a real headless Chromium, against a real server with the Colossus-1 demo.
 * Needs `npm run build` first (`npm test` does it): the server serves dist/web.
 * @module
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/test-server.js";

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
/** Tall enough that the whole site page fits: nothing sticky overlaps the map in screenshots. */
const TALL = { width: 1440, height: 2400 };
const MAP = "[data-testid=topology-map]";

interface Pixels {
  width: number;
  height: number;
  /** RGBA, row by row. */
  rgba: Uint8Array;
}

/** Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium's screenshots are). */
function decodePng(png: Buffer): Pixels {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const [depth, colourType, , , interlace] = png.subarray(24, 29);
  if (depth !== 8 || (colourType !== 2 && colourType !== 6) || interlace !== 0) {
    throw new Error(`unsupported PNG: depth ${depth}, colour type ${colourType}, interlace ${interlace}`);
  }
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString("ascii", at + 4, at + 8) === "IDAT") idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const channels = colourType === 6 ? 4 : 3;
  const stride = width * channels;
  const rows = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const byte = raw[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= channels ? (rows[y * stride + x - channels] ?? 0) : 0;
      const up = y > 0 ? (rows[(y - 1) * stride + x] ?? 0) : 0;
      const upLeft = x >= channels && y > 0 ? (rows[(y - 1) * stride + x - channels] ?? 0) : 0;
      const p = left + up - upLeft;
      const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
      const paeth = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      const predictor = [0, left, up, (left + up) >> 1, paeth][filter ?? 0] ?? 0;
      rows[y * stride + x] = (byte + predictor) & 0xff;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = rows[i * channels + c] ?? 0;
    rgba[i * 4 + 3] = channels === 4 ? (rows[i * channels + 3] ?? 255) : 255;
  }
  return { width, height, rgba };
}

/** Pixels within a small distance of `hex` (the state colours of web/src/node-states.ts). */
function countColour(pixels: Pixels, hex: string, tolerance = 24): number {
  const target = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  let count = 0;
  for (let i = 0; i < pixels.rgba.length; i += 4) {
    if (target.every((v, c) => Math.abs((pixels.rgba[i + c] ?? 0) - v) <= tolerance)) count++;
  }
  return count;
}

const GREEN = "#2f9e5b";
const RED = "#d7263d";

describe("the dashboard in headless Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext | undefined;
  const shots = mkdtempSync(join(tmpdir(), "leasehold-dashboard-"));

  const api = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${server.operatorKey}`, "content-type": "application/json" },
    });
    expect(response.status, `${init.method ?? "GET"} ${path}`).toBe(200);
    return (await response.json()) as T;
  };

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
    if (!existsSync("dist/web/assets/app.js"))
      throw new Error("dashboard not built: run npm run build first");
    server = await startTestServer({ demo: true });
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
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
    expect(countColour(pixels, GREEN)).toBeGreaterThan(healthyRacks * cellArea);
    expect(countColour(pixels, RED)).toBeGreaterThan(failedRacks * cellArea);
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
    const redBefore = countColour(await mapPixels(page, "before-fail"), RED);
    const failedStat = page.locator("[data-stat=failed-nodes] dd");
    await expect(failedStat.textContent()).resolves.toBe(String(before.summary.nodesByState.failed));

    await page.locator(MAP).click({ position: { x: 40, y: 60 } });
    await page.locator(`[data-testid=block-drawer] [data-node="${target.name}"]`).click();
    const dialog = page.locator("[data-testid=node-dialog]");
    await dialog.locator("input[value=failed]").check();
    await dialog.locator("textarea[name=reason]").fill("XID 79: GPU fell off the bus");
    await dialog.getByRole("button", { name: "Set state" }).click();

    await page.locator(`[data-node="${target.name}"][data-state=failed]`).waitFor();
    await expect(dialog.count()).resolves.toBe(0);
    await page.waitForFunction(
      (n) => document.querySelector("[data-stat=failed-nodes] dd")?.textContent === n,
      String(before.summary.nodesByState.failed + 1),
    );
    await page.getByRole("button", { name: "Close" }).click();
    const redAfter = countColour(await mapPixels(page, "after-fail"), RED);
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
});
