/**
 * The fleet page (default route): fleet totals and one card per site.
 * @module
 */
import type { SiteDetail } from "../../../src/contract/generated/api.js";
import type { MountedChart } from "../charts/echarts-setup.js";
import { siteCard } from "../components/site-card.js";
import { statRow } from "../components/stat-row.js";
import { el } from "../element.js";
import { listSites, siteDetail } from "../fleet-api.js";
import { formatCount, formatMw } from "../format.js";
import type { PageContext, PageView } from "../page-view.js";

function fleetTotals(details: SiteDetail[]): HTMLElement {
  const sum = (pick: (d: SiteDetail) => number) => details.reduce((total, d) => total + pick(d), 0);
  const warnings = sum((d) => d.summary.warnings.length);
  return statRow([
    { key: "sites", label: "Sites", value: formatCount(details.length) },
    { key: "fleet-gpus", label: "GPUs", value: formatCount(sum((d) => d.summary.gpus)) },
    { key: "fleet-nodes", label: "Nodes", value: formatCount(sum((d) => d.summary.nodes)) },
    {
      key: "fleet-drawn",
      label: "Drawn",
      value: formatMw(sum((d) => d.summary.power.drawnMw)),
      detail: `of ${formatMw(sum((d) => d.summary.power.permittedMw))} permitted`,
    },
    {
      key: "fleet-warnings",
      label: "Power warnings",
      value: formatCount(warnings),
      tone: warnings > 0 ? "bad" : "good",
    },
  ]);
}

export function fleetPage(ctx: PageContext): PageView {
  const body = el("div", { class: "loading" }, "Loading sites…");
  const element = el(
    "div",
    { class: "fleet-page", attrs: { "data-page": "fleet" } },
    el(
      "div",
      { class: "page-title" },
      el("h1", {}, "Fleet"),
      el("p", { class: "muted" }, "Every site, its power and its GPUs"),
    ),
    body,
  );
  const charts: MountedChart[] = [];
  let disposed = false;

  void (async () => {
    const sites = await listSites(ctx.api);
    const details = await Promise.all(sites.map((s) => siteDetail(ctx.api, s.id)));
    if (disposed) return;
    if (details.length === 0) {
      body.replaceWith(
        el("p", { class: "empty" }, "No sites yet. Import a fleet file or start the server with the demo."),
      );
      return;
    }
    const cards = details.map(siteCard);
    const grid = el("div", { class: "site-grid" }, ...cards.map((c) => c.element));
    body.replaceWith(el("div", {}, fleetTotals(details), grid));
    for (const card of cards) charts.push(...card.drawCharts());
    element.dataset.loaded = "true";
  })().catch((error: unknown) => {
    if (!disposed) ctx.fail(error);
  });

  return {
    element,
    dispose() {
      disposed = true;
      for (const chart of charts) chart.dispose();
    },
  };
}
