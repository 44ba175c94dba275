/**
 * The lease views of the dashboard in a real headless Chromium, against a real server with the
 * Colossus-1 demo: quote and reserve "rent half" from the New lease panel, see it on its lease
 * page, on the site map coloured by tenant and on the timeline; "rent all" for another tenant is
 * refused while it holds the site. Needs `npm run build` first. Screenshots go to /tmp/shots/.
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AllocationMap } from "../src/contract/generated/api.js";
import { launchChromium, operatorApi, requireBuiltDashboard } from "./support/browser.js";
import { countColour, decodePng, parseColour } from "./support/png.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

const SCREEN = { width: 1440, height: 900 };
/** Tall enough that the whole site page fits: nothing sticky overlaps the map in its screenshot. */
const TALL = { width: 1440, height: 2400 };
const MAP = "[data-testid=topology-map]";
const SHOTS = "/tmp/shots";

describe("the lease views of the dashboard in headless Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let rentHalfId = "";

  const api = operatorApi(() => server);

  /** A page signed in through the `#key=` fragment, then sent to `hash`. */
  const signedIn = async (hash: string, viewport = SCREEN): Promise<Page> => {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/#key=${server.operatorKey}`);
    await page.locator("[data-page=fleet]").waitFor();
    await page.goto(`${server.url}/${hash}`);
    return page;
  };

  /** The map's pixels with the mouse away from it. */
  const mapPixels = async (page: Page) => {
    await page.mouse.move(0, 0);
    return decodePng(await page.locator(MAP).screenshot({ animations: "disabled" }));
  };

  /** Opens the New lease panel (it is open already when there are no leases). */
  const newLeasePanel = async (page: Page) => {
    await page.locator("[data-page=leases][data-loaded]").waitFor();
    const panel = page.locator("[data-testid=new-lease]");
    if (!(await panel.isVisible())) await page.locator("[data-testid=new-lease-open]").click();
    await panel.waitFor();
    return panel;
  };

  beforeAll(async () => {
    requireBuiltDashboard();
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer({ demo: true });
    browser = await launchChromium();
    await api("/v1/tenants", { method: "POST", body: JSON.stringify({ name: "frontier-lab" }) }, 201);
  });

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("quotes and reserves rent half from the New lease panel, then shows its lease page", async () => {
    const page = await signedIn("#/leases");
    const panel = await newLeasePanel(page);
    await panel.locator("[data-testid=template-rent-half]").click();
    await panel.locator("[data-testid=lease-tenant]").selectOption("frontier-lab");
    await panel.locator("[data-testid=get-quote]").click();

    const quote = panel.locator("[data-testid=quote]");
    await quote.waitFor();
    await expect(quote.getAttribute("data-fits")).resolves.toBe("true");
    await expect(quote.textContent()).resolves.toMatch(/Fits at colossus-1/);
    await expect(quote.locator("[data-model=H100] [data-block]").count()).resolves.toBeGreaterThan(20);
    await expect(quote.locator("[data-chart=schedule] canvas").count()).resolves.toBeGreaterThan(0);
    await expect(quote.locator("[data-testid=quote-total]").textContent()).resolves.toMatch(
      /\$\d{1,3}(,\d{3})+\.\d\d/,
    );
    await page.screenshot({ path: join(SHOTS, "quote.png"), fullPage: true });

    await quote.locator("[data-testid=reserve]").click();
    const leasePage = page.locator("[data-page=lease][data-loaded]");
    await leasePage.waitFor();
    rentHalfId = decodeURIComponent(/#\/leases\/([^/]+)$/.exec(page.url())?.[1] ?? "");
    expect(rentHalfId).toMatch(/\S/);

    const held = Number(await leasePage.getAttribute("data-held-gpus"));
    expect(held).toBeGreaterThan(100_000);
    expect(held).toBeLessThan(120_000);
    await expect(page.locator("[data-stat=held-gpus] dd").textContent()).resolves.toBe(
      held.toLocaleString("en-US"),
    );
    await expect(page.locator("[data-stat=missing-gpus] dd").textContent()).resolves.toBe("0");
    const blocks = Number(await page.locator("[data-testid=lease-blocks]").getAttribute("data-blocks"));
    expect(blocks).toBeGreaterThan(20);
    await expect(page.locator("[data-chart=blocks] canvas").count()).resolves.toBeGreaterThan(0);
    await expect(leasePage.getAttribute("data-status")).resolves.toBe("active");
    await expect(page.locator("[data-testid=give-notice]").count()).resolves.toBe(1);
    await expect(page.locator("[data-testid=cancel-lease]").count()).resolves.toBe(0); // it has started
    await expect(page.locator("[data-testid=lease-terms]").textContent()).resolves.toContain("$2.10 / GPU-h");
    await expect(page.locator("[data-testid=lease-placements]").textContent()).resolves.toMatch(/H100/);
    // The history reads as sentences, not topics and JSON.
    const events = page.locator("[data-testid=lease-events]");
    await expect(events.locator("[data-topic='lease.reserved']").textContent()).resolves.toMatch(
      /^Reserved at colossus-1 by operator \(\S+\)$/,
    );
    await expect(events.locator("[data-topic='tranche.activated']").textContent()).resolves.toMatch(
      /^Tranche t1 of \d{3},\d{3} H100 started at colossus-1 across \d+ blocks$/,
    );
    await expect(events.textContent()).resolves.not.toMatch(/[{}]|site_/);
    await expect(
      page.locator("[data-testid=lease-versions] [data-kind=create]").textContent(),
    ).resolves.toMatch(/^Created as a draft by operator/);

    const { lease } = await api<{ lease: { name: string; status: string } }>(`/v1/leases/${rentHalfId}`);
    expect(lease).toMatchObject({ name: "rent-half", status: "active" });
    await page.screenshot({ path: join(SHOTS, "lease.png") });
    await page.screenshot({ path: join(SHOTS, "lease-full.png"), fullPage: true });
  });

  it("the site map, coloured by tenant by default, shows the lease's colour on its racks", async () => {
    const map = await api<AllocationMap>("/v1/sites/colossus-1/allocation-map");
    const leaseRacks = map.racks.filter((r) => {
      const mine = r.holders[rentHalfId] ?? 0;
      return mine > 0 && Object.values(r.holders).every((n) => n <= mine);
    }).length;
    expect(leaseRacks).toBeGreaterThan(1000);

    const page = await signedIn("#/sites/colossus-1", TALL);
    await page.locator(`${MAP}[data-colouring=tenant]`).waitFor();
    await expect(page.locator("[data-testid=colour-by]").inputValue()).resolves.toBe("tenant");
    const entry = page.locator(`.legend [data-category="${rentHalfId}"]`);
    await expect(entry.textContent()).resolves.toMatch(/rent-half.*frontier-lab.*13,\d{3} nodes/);
    const colour = parseColour(
      await entry.locator(".swatch").evaluate((swatch) => getComputedStyle(swatch).backgroundColor),
    );
    await page.mouse.move(0, 0);
    await page.locator(`${MAP}[data-rendered-racks]`).waitFor();
    const png = await page.locator(MAP).screenshot({ animations: "disabled" });
    writeFileSync(join(SHOTS, "site-tenant-map.png"), png);
    const cellArea = 100; // a rack cell is 13 × 13 px at this width; 100 leaves room for antialiasing
    expect(countColour(decodePng(png), colour)).toBeGreaterThan(leaseRacks * cellArea);

    // The same view at 1440 × 900, the map card at the top, for a person to look at.
    const view = await signedIn("#/sites/colossus-1");
    await view.locator(`${MAP}[data-colouring=tenant][data-rendered-racks]`).waitFor();
    await view.locator(".map-card").evaluate((card) => {
      window.scrollTo(0, card.getBoundingClientRect().top + window.scrollY - 64);
    });
    // Over a rack of the first block (rent half fills it), without Playwright's own scrolling.
    const box = await view.locator(MAP).boundingBox();
    await view.mouse.move((box?.x ?? 0) + 40, (box?.y ?? 0) + 60);
    await view.locator(".tip", { hasText: "Held by" }).waitFor();
    await view.screenshot({ path: join(SHOTS, "site-tenant.png") });
  });

  it("a hovered block is outlined and stays in sight; its tooltip and drawer say who holds each node", async () => {
    const block = "hall-01/block-001"; // rent half fills the first block
    const held = await api<AllocationMap>(
      `/v1/sites/colossus-1/allocation-map?path=${encodeURIComponent(block)}`,
    );
    const leased = held.nodes.filter((n) => n.holder === rentHalfId).length;
    expect(leased).toBeGreaterThan(0);

    const page = await signedIn("#/sites/colossus-1", TALL);
    const map = page.locator(`${MAP}[data-colouring=tenant][data-rendered-racks]`);
    await map.waitFor();
    const blue = parseColour("#0b66d0");
    const outlineBefore = countColour(await mapPixels(page), blue, 30);

    const box = await page.locator(MAP).boundingBox();
    if (!box) throw new Error("the map has no box");
    await page.mouse.move(box.x + 40, box.y + 60);
    await page.locator(`${MAP}[data-hovered-block="${block}"]`).waitFor();
    const tip = page.locator(".tip", { hasText: "Held by" });
    await tip.waitFor();
    const text = await tip.textContent();
    expect(text).toContain("frontier-lab/rent-half");
    expect(text).toMatch(/Healthy\d+/);
    // The tooltip sits beside the block, not over it.
    const [bx = 0, by = 0, bw = 0, bh = 0] = ((await map.getAttribute("data-hovered-box")) ?? "")
      .split(",")
      .map(Number);
    const tipBox = await tip.evaluate((t) => {
      const r = (t.parentElement ?? t).getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    });
    const apart =
      tipBox.x >= box.x + bx + bw ||
      tipBox.x + tipBox.width <= box.x + bx ||
      tipBox.y >= box.y + by + bh ||
      tipBox.y + tipBox.height <= box.y + by;
    expect(apart, JSON.stringify({ tipBox, block: [box.x + bx, box.y + by, bw, bh] })).toBe(true);
    const png = await page.locator(MAP).screenshot({ animations: "disabled" });
    writeFileSync(join(SHOTS, "site-hover.png"), png);
    // The outline: a 3 px frame around a block of ~120 × 136 px.
    expect(countColour(decodePng(png), blue, 30) - outlineBefore).toBeGreaterThan(800);

    await page.mouse.click(box.x + 40, box.y + 60);
    const drawer = page.locator(`[data-testid=block-drawer][data-block="${block}"]`);
    await drawer.waitFor();
    await expect(drawer.locator("[data-testid=block-holders]").textContent()).resolves.toContain(
      "frontier-lab/rent-half",
    );
    await expect(drawer.locator(`.node-cell[data-holder="${rentHalfId}"]`).count()).resolves.toBe(leased);
    const spares = held.nodes.filter((n) => n.holder === "spare").length;
    await expect(drawer.locator(".node-cell[data-holder=spare]").count()).resolves.toBe(spares);
    const first = held.nodes[0];
    await expect(drawer.locator(`[data-node="${first?.name}"]`).getAttribute("title")).resolves.toMatch(
      / · held by (House|Spare pool|Out of service|frontier-lab\/rent-half)$/,
    );
    await page.screenshot({ path: join(SHOTS, "site-drawer.png") });
  });

  it("the timeline draws a bar for the lease, and the table lists it", async () => {
    const page = await signedIn("#/leases");
    const timeline = page.locator("[data-testid=lease-timeline][data-rendered-leases='1']");
    await timeline.waitFor();
    const row = page.locator(`[data-testid=lease-table] tr[data-lease="${rentHalfId}"]`);
    await expect(row.textContent()).resolves.toMatch(/rent-half.*frontier-lab.*colossus-1.*Active/);
    await page.mouse.move(0, 0);
    const pixels = decodePng(await timeline.screenshot({ animations: "disabled" }));
    // A bar of about a year on a ~1,300 px axis spanning ~2 years, 20 px tall: thousands of green pixels.
    expect(countColour(pixels, parseColour("#2f9e5b"), 12)).toBeGreaterThan(4000);
    await page.screenshot({ path: join(SHOTS, "leases.png") });

    // GPUs under lease now and at the peak, as the server counts them.
    const leased = await api<{ gpusNow: number; peakGpus: number }>("/v1/leased-gpus");
    expect(leased.gpusNow).toBeGreaterThan(100_000);
    await expect(page.locator("[data-stat=leased-now] dd").textContent()).resolves.toBe(
      leased.gpusNow.toLocaleString("en-US"),
    );
    await expect(page.locator("[data-stat=leased-peak] dd").textContent()).resolves.toBe(
      leased.peakGpus.toLocaleString("en-US"),
    );

    // The wheel zooms the time axis in; dragging the rows pans it.
    const zoom = async () => ({
      start: Number(await timeline.getAttribute("data-zoom-start")),
      end: Number(await timeline.getAttribute("data-zoom-end")),
    });
    expect(await zoom()).toEqual({ start: 0, end: 100 });
    const box = await timeline.boundingBox();
    if (!box) throw new Error("the timeline has no box");
    // Inside the plot (it starts under the axis labels) but above the bar, so the drag does not open the lease.
    const middle = { x: box.x + box.width / 2, y: box.y + 60 };
    await page.mouse.move(middle.x, middle.y);
    await page.mouse.wheel(0, -600);
    await expect.poll(async () => (await zoom()).end - (await zoom()).start).toBeLessThan(95);
    const zoomed = await zoom();
    await page.mouse.down();
    await page.mouse.move(middle.x + 200, middle.y, { steps: 8 });
    await page.mouse.up();
    await expect.poll(async () => (await zoom()).start).toBeLessThan(zoomed.start - 1);
    const panned = await zoom();
    expect(panned.end - panned.start).toBeCloseTo(zoomed.end - zoomed.start, 0);
    await page.screenshot({ path: join(SHOTS, "leases-zoomed.png") });
  });

  it("rent all for another tenant is refused while rent half holds the site, with the reason", async () => {
    const page = await signedIn("#/leases");
    const panel = await newLeasePanel(page);
    await panel.locator("[data-testid=new-tenant-name]").fill("second-lab");
    await panel.locator("[data-testid=create-tenant]").click();
    await expect.poll(() => panel.locator("[data-testid=lease-tenant]").inputValue()).toBe("second-lab");
    await panel.locator("[data-testid=template-rent-all]").click();
    await expect(panel.locator("[data-testid=lease-name]").inputValue()).resolves.toBe("rent-all");
    await panel.locator("[data-testid=get-quote]").click();

    const quote = panel.locator("[data-testid=quote]");
    await quote.waitFor();
    await expect(quote.getAttribute("data-fits")).resolves.toBe("false");
    const refusal = await quote.locator("[data-testid=quote-refusal]").textContent();
    expect(refusal).toMatch(/Does not fit at colossus-1 as asked/);
    // The quote says what it changed to fit: a later start, when rent-half ends, next to the one asked.
    const moved = await quote.locator("[data-testid=quote-change-startsAt]").textContent();
    expect(moved).toMatch(/^Fits with the start moved to .+ \(you asked .+\)$/);

    await quote.locator("[data-testid=reserve]").click();
    const error = quote.locator("[data-testid=reserve-error]");
    await expect.poll(() => error.textContent()).toMatch(/^[A-Z_]+: \S/);
    await expect(page.locator("[data-page=leases]").count()).resolves.toBe(1);
    await page.screenshot({ path: join(SHOTS, "rent-all-refused.png") });

    const { leases } = await api<{ leases: Array<{ name: string }> }>("/v1/leases");
    expect(leases.map((l) => l.name)).toEqual(["rent-half"]);
  });

  it("giving notice on the lease page ends it after the notice period, and the timeline marks it", async () => {
    // Named as a person types it: tenant/name, unambiguous whoever else names a lease rent-half.
    const page = await signedIn("#/leases/frontier-lab/rent-half");
    await page.locator("[data-page=lease][data-loaded]").waitFor();
    await page.locator("[data-testid=give-notice]").click();
    const dialog = page.locator("[data-testid=notice-dialog]");
    await dialog.locator("textarea[name=reason]").fill("tenant moves to its own site");
    await dialog.getByRole("button", { name: "Give notice" }).click();
    await page.locator("[data-page=lease][data-status=ending]").waitFor();
    await dialog.waitFor({ state: "detached" });
    await expect(page.locator("[data-testid=cancel-lease]").count()).resolves.toBe(0);
    await expect(page.locator("[data-testid=lease-versions]").textContent()).resolves.toContain(
      "tenant moves to its own site",
    );
    await expect(
      page.locator("[data-testid=lease-versions] [data-kind=notice]").textContent(),
    ).resolves.toMatch(/^Notice given by operator \(\S+\): end moved from .+ to \d{1,2} \w{3} \d{4}/);
    const { lease } = await api<{ lease: { status: string; noticeGivenAt: string | null; endsAt: string } }>(
      `/v1/leases/${rentHalfId}`,
    );
    expect(lease.status).toBe("ending");
    expect(lease.noticeGivenAt).not.toBeNull();
    const days = (Date.parse(lease.endsAt) - Date.parse(lease.noticeGivenAt ?? "")) / 86_400_000;
    expect(Math.round(days)).toBe(90);

    await page.goto(`${server.url}/#/leases`);
    const timeline = page.locator("[data-testid=lease-timeline][data-rendered-leases='1']");
    await timeline.waitFor();
    await page.mouse.move(0, 0);
    const pixels = decodePng(await timeline.screenshot({ animations: "disabled" }));
    expect(countColour(pixels, parseColour("#e3a21a"), 12)).toBeGreaterThan(1000); // the bar turns amber
    await page.screenshot({ path: join(SHOTS, "leases-notice.png") });
  });

  it("offers cancel only before a lease starts: a draft, then the same lease reserved, is cancelled", async () => {
    const startsAt = new Date(Date.UTC(new Date().getUTCFullYear() + 2, 0, 1));
    const request = {
      name: "later-lab",
      tenant: "frontier-lab",
      sites: ["colossus-1"],
      lines: [{ key: "h100", gpuModel: "H100", gpuCount: 8, pricePerGpuHour: "2.10" }],
      startsAt: startsAt.toISOString(),
      endsAt: new Date(Date.UTC(startsAt.getUTCFullYear() + 1, 0, 1)).toISOString(),
    };
    const { lease: draft } = await api<{ lease: { id: string; status: string } }>(
      "/v1/leases",
      { method: "POST", body: JSON.stringify(request) },
      201,
    );
    expect(draft.status).toBe("draft");

    const page = await signedIn(`#/leases/${draft.id}`);
    await page.locator("[data-page=lease][data-status=draft][data-loaded]").waitFor();
    await expect(page.locator("[data-testid=give-notice]").count()).resolves.toBe(0);
    await page.locator("[data-testid=cancel-lease]").click();
    const dialog = page.locator("[data-testid=cancel-dialog]");
    await expect(dialog.textContent()).resolves.toContain(
      "The draft is withdrawn before it holds any capacity",
    );
    await dialog.getByRole("button", { name: "Back" }).click();
    await dialog.waitFor({ state: "detached" });

    const { lease: reserved } = await api<{ lease: { status: string } }>(
      `/v1/leases/${draft.id}/reserve`,
      { method: "POST" },
      200,
    );
    expect(reserved.status).toBe("reserved");
    await page.reload();
    await page.locator("[data-page=lease][data-status=reserved][data-loaded]").waitFor();
    await page.locator("[data-testid=cancel-lease]").click();
    await expect(dialog.textContent()).resolves.toMatch(/The lease will not start: the capacity reserved/);
    await dialog.locator("textarea[name=reason]").fill("contract not signed");
    await dialog.getByRole("button", { name: "Cancel lease" }).click();
    await page.locator("[data-page=lease][data-status=cancelled]").waitFor();
    await dialog.waitFor({ state: "detached" });
    await expect(page.locator("[data-testid=cancel-lease]").count()).resolves.toBe(0);
    await expect(page.locator("[data-testid=give-notice]").count()).resolves.toBe(0);
    const { lease } = await api<{ lease: { status: string } }>(`/v1/leases/${draft.id}`);
    expect(lease.status).toBe("cancelled");
  });

  it("refuses rent half at a site without H100 with the server's reason, instead of quoting nothing", async () => {
    const nodes = Array.from({ length: 16 }, (_, i) => ({
      name: `n${i + 1}`,
      path: `r${Math.floor(i / 8) + 1}`,
      gpuModel: "H200",
      gpuCount: 8,
    }));
    const site = {
      name: "h200-lab",
      pue: 1.2,
      electricityUsdPerMwh: "70",
      powerSources: [{ kind: "grid", installedMw: 5, permittedMw: 5 }],
      topologyLevels: ["rack", "node"],
      nodes,
    };
    await api("/v1/fleet/import", { method: "POST", body: JSON.stringify({ sites: [site] }) });
    const page = await signedIn("#/leases");
    const panel = await newLeasePanel(page);
    await panel.locator("[data-testid=lease-site]").selectOption("h200-lab");
    await panel.locator("[data-testid=template-rent-half]").click();
    await panel.locator("[data-testid=lease-tenant]").selectOption("frontier-lab");
    await panel.locator("[data-testid=get-quote]").click();
    await expect
      .poll(() => panel.locator("[data-testid=new-lease-error]").textContent())
      .toBe("TEMPLATE_NOT_APPLICABLE: rent-half leases H100 GPUs, and h200-lab has none to lease");
    await expect(panel.locator("[data-testid=quote]").count()).resolves.toBe(0);
  });

  it("a lease that follows rent half adds to the peak only where both are in force, not to today's GPUs", async () => {
    const { lease: rentHalf } = await api<{ lease: { endsAt: string; lines: Array<{ gpuCount: number }> } }>(
      `/v1/leases/${rentHalfId}`,
    );
    const held = rentHalf.lines.reduce((n, l) => n + l.gpuCount, 0);
    const endsAt = new Date(Date.parse(rentHalf.endsAt) + 365 * 86_400_000).toISOString();
    await api(
      "/v1/leases?reserve=true",
      {
        method: "POST",
        body: JSON.stringify({
          name: "follow-on",
          tenant: "frontier-lab",
          sites: ["colossus-1"],
          lines: [{ key: "h100", gpuModel: "H100", gpuCount: 8192, pricePerGpuHour: "2.10" }],
          startsAt: rentHalf.endsAt,
          endsAt,
          isolation: "node",
        }),
      },
      201,
    );
    const page = await signedIn("#/leases");
    await page.locator("[data-page=leases][data-loaded]").waitFor();
    // The two never overlap: the old sum (held + 8,192) is neither figure.
    await expect(page.locator("[data-stat=leased-now] dd").textContent()).resolves.toBe(
      held.toLocaleString("en-US"),
    );
    await expect(page.locator("[data-stat=leased-peak] dd").textContent()).resolves.toBe(
      held.toLocaleString("en-US"),
    );
    await page.screenshot({ path: join(SHOTS, "leases-follow-on.png") });
  });
});
