/**
 * One site on the fleet page: headline numbers, warnings, power and capacity charts.
 * @module
 */
import type { SiteDetail } from "../../../src/contract/generated/api.js";
import { capacityChart } from "../charts/capacity-chart.js";
import type { MountedChart } from "../charts/echarts-setup.js";
import { powerChart } from "../charts/power-chart.js";
import { el } from "../element.js";
import { siteHref } from "../router.js";
import { siteHeadline } from "./site-stats.js";
import { statRow } from "./stat-row.js";
import { warningList } from "./warning-list.js";

export interface SiteCard {
  element: HTMLElement;
  /** Draws the charts; call once the card is in the document so the chart boxes have a size. */
  drawCharts(): MountedChart[];
}

export function siteCard({ site, summary }: SiteDetail): SiteCard {
  const powerHost = el("div", { class: "chart chart-card", attrs: { "data-chart": "power" } });
  const capacityHost = el("div", { class: "chart chart-card", attrs: { "data-chart": "capacity" } });
  const element = el(
    "article",
    { class: "card site-card", attrs: { "data-site": site.name } },
    el(
      "header",
      { class: "card-header" },
      el(
        "div",
        {},
        el("h2", {}, el("a", { attrs: { href: siteHref(site.name) } }, site.name)),
        el("div", { class: "muted" }, `${site.location} · ${site.kind} · ${site.topologyLevels.join(" → ")}`),
      ),
      el("a", { class: "button", attrs: { href: siteHref(site.name) } }, "Open site map →"),
    ),
    statRow(siteHeadline(summary)),
    warningList(summary.warnings),
    el(
      "div",
      { class: "chart-pair" },
      el("section", {}, el("h3", {}, "Power by source"), powerHost),
      el("section", {}, el("h3", {}, "Capacity by GPU model"), capacityHost),
    ),
  );
  return {
    element,
    drawCharts: () => [
      powerChart(powerHost, summary.power),
      capacityChart(capacityHost, summary.capacityByModel),
    ],
  };
}
