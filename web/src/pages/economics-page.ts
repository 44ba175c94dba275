/**
 * The owner's economics of a site: headline figures, the P&L waterfall, scenarios side by side,
 * the breakeven surface, the tornado and the Monte Carlo distribution. Every input is editable;
 * each change asks the API again (the numbers are the server's) and redraws as you type, the
 * latest answer winning.
 * @module
 */
import { payload } from "../../../src/contract/client.js";
import type { EconomicsReport, SiteListing } from "../../../src/contract/generated/api.js";
import { formatMoneyShort, formatRate } from "../../../src/shared/money.js";
import { type MountedChart, mountChart } from "../charts/echarts-setup.js";
import {
  compareOption,
  distributionOption,
  scenarioLine,
  surfaceOption,
  tornadoOption,
  waterfallOption,
} from "../charts/economics-charts.js";
import { statRow } from "../components/stat-row.js";
import { el } from "../element.js";
import { listSites } from "../fleet-api.js";
import type { PageContext, PageView } from "../page-view.js";
import { economicsHref } from "../router.js";

const SCENARIOS = ["actual", "internal", "rent-half", "rent-all"] as const;
const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(1)}%`);

interface Ask {
  scenario: string;
  inputs: Record<string, string>;
}

export function economicsPage(ctx: PageContext, siteRef: string | undefined): PageView {
  const body = el("div", { class: "loading" }, "Loading the site's economics…");
  const element = el(
    "section",
    { class: "economics-page", attrs: { "data-testid": "economics-page" } },
    body,
  );
  const charts: MountedChart[] = [];
  let disposed = false;
  let sequence = 0;

  const chartBox = (title: string, key: string) => {
    const host = el("div", { class: "chart economics-chart", attrs: { "data-chart": key } });
    const card = el("div", { class: "card economics-card" }, el("h2", {}, title), host);
    return { card, host };
  };

  async function load(): Promise<void> {
    const sites: SiteListing[] = await listSites(ctx.api);
    const site = siteRef ?? sites[0]?.name;
    if (!site) {
      body.replaceChildren("No site yet: import one to see its economics.");
      return;
    }
    const first = await payload(
      ctx.api.POST("/v1/sites/{site}/economics", { params: { path: { site } }, body: {} }),
    );
    if (disposed) return;
    const defaults = new Map(first.inputs.map((i) => [i.key, i.value]));
    const ask: Ask = { scenario: "actual", inputs: {} };

    const siteSelect = el(
      "select",
      {
        attrs: { "aria-label": "Site", "data-testid": "economics-site" },
        on: { change: () => (window.location.hash = economicsHref(siteSelect.value)) },
      },
      ...sites.map((s) =>
        el("option", { attrs: { value: s.name, ...(s.name === site ? { selected: "" } : {}) } }, s.name),
      ),
    );
    const scenarioSelect = el(
      "select",
      {
        attrs: { "aria-label": "Scenario", "data-testid": "economics-scenario" },
        on: {
          change: () => {
            ask.scenario = scenarioSelect.value;
            void redraw();
          },
        },
      },
      ...SCENARIOS.map((s) => el("option", { attrs: { value: s } }, s)),
    );
    const status = el("p", {
      class: "economics-status",
      attrs: { role: "status", "data-testid": "economics-status" },
    });
    const inputs = el(
      "form",
      {
        class: "economics-inputs",
        attrs: { "data-testid": "economics-inputs" },
        on: { submit: (e) => e.preventDefault() },
      },
      ...first.inputs.map((i) => {
        const field = el("input", {
          attrs: { name: i.key, value: i.value, inputmode: "decimal", "data-input": i.key, title: i.source },
          on: {
            input: () => {
              if (field.value.trim() === defaults.get(i.key)) delete ask.inputs[i.key];
              else ask.inputs[i.key] = field.value.trim();
              void redraw();
            },
          },
        });
        return el(
          "label",
          { class: "economics-input" },
          el("span", {}, i.key),
          field,
          el("small", {}, i.unit),
        );
      }),
    );
    const headline = el("div", { class: "economics-headline" });
    const description = el("p", { class: "economics-description" });
    const boxes = {
      waterfall: chartBox("P&L over the horizon", "waterfall"),
      compare: chartBox("Scenarios side by side", "compare"),
      surface: chartBox("Breakeven surface: margin over price × utilisation (estimate)", "surface"),
      tornado: chartBox("Sensitivity of the margin (tornado, estimate)", "tornado"),
      distribution: chartBox("Monte Carlo: the margin's distribution (estimate)", "distribution"),
    };
    body.className = "economics-body";
    body.replaceChildren(
      el("div", { class: "page-head" }, el("h1", {}, "Economics"), siteSelect, scenarioSelect),
      description,
      headline,
      status,
      el(
        "div",
        { class: "economics-layout" },
        el("aside", { class: "card economics-side" }, el("h2", {}, "Inputs"), inputs),
        el("div", { class: "economics-charts" }, ...Object.values(boxes).map((b) => b.card)),
      ),
    );
    const mounted = Object.fromEntries(
      Object.entries(boxes).map(([k, b]) => {
        const chart = mountChart(b.host);
        charts.push(chart);
        return [k, chart];
      }),
    ) as Record<keyof typeof boxes, MountedChart>;

    const drawReport = (r: EconomicsReport) => {
      const s = r.summary;
      description.textContent = scenarioLine(r);
      headline.replaceChildren(
        statRow([
          { key: "revenue", label: "Revenue", value: formatMoneyShort(r.total.revenue) },
          {
            key: "operating-income",
            label: "Operating income",
            value: formatMoneyShort(r.total.operatingIncome),
            tone: r.total.operatingIncome.startsWith("-") ? "bad" : "good",
          },
          { key: "margin", label: "Margin (est.)", value: pct(s.operatingMarginEstimate) },
          {
            key: "cost",
            label: "Cost per GPU-hour",
            value: s.costPerGpuHour ? formatRate(s.costPerGpuHour) : "n/a",
            detail: `${s.costBeforeOtherOpexPerGpuHour ? formatRate(s.costBeforeOtherOpexPerGpuHour) : "n/a"} before other opex`,
          },
          {
            key: "breakeven",
            label: "Breakeven price",
            value: s.breakeven.price ? formatRate(s.breakeven.price) : "n/a",
            detail: `at ${s.breakeven.atUtilisationPercent}% use`,
          },
          {
            key: "company",
            label: "Company view",
            value: s.company.reachesBreakeven ? "Breakeven" : "Short",
            detail: `${formatMoneyShort(s.company.annualLeaseRevenue)}/yr vs ${formatMoneyShort(s.company.annualNetLoss)} loss`,
            tone: s.company.reachesBreakeven ? "good" : "warn",
          },
        ]),
      );
      mounted.waterfall.chart.setOption(waterfallOption(r.total), true);
    };

    /** Asks the API for everything the page shows; a newer ask replaces an older one's answer. */
    async function redraw(): Promise<void> {
      const mine = ++sequence;
      const started = performance.now();
      const base = { scenario: ask.scenario, inputs: ask.inputs };
      const path = { params: { path: { site: site ?? "" } } };
      try {
        const [report, compare, sensitivity, montecarlo] = await Promise.all([
          payload(ctx.api.POST("/v1/sites/{site}/economics", { ...path, body: base })),
          payload(
            ctx.api.POST("/v1/sites/{site}/economics/compare", { ...path, body: { inputs: ask.inputs } }),
          ),
          payload(ctx.api.POST("/v1/sites/{site}/economics/sensitivity", { ...path, body: base })),
          payload(
            ctx.api.POST("/v1/sites/{site}/economics/montecarlo", {
              ...path,
              body: { ...base, samples: 10_000 },
            }),
          ),
        ]);
        if (disposed || mine !== sequence) return;
        drawReport(report);
        mounted.compare.chart.setOption(compareOption(compare.scenarios), true);
        mounted.surface.chart.setOption(surfaceOption(sensitivity.surface), true);
        mounted.tornado.chart.setOption(
          tornadoOption(sensitivity.bars, sensitivity.baseMarginEstimate),
          true,
        );
        mounted.distribution.chart.setOption(distributionOption(montecarlo.histogram), true);
        const ms = performance.now() - started;
        status.textContent = `P(breakeven) ${pct(montecarlo.breakevenProbabilityEstimate)} over ${montecarlo.samples.toLocaleString("en-US")} samples · redrawn in ${ms.toFixed(0)} ms`;
        status.dataset.redrawMs = ms.toFixed(1);
        status.dataset.sequence = String(mine);
        status.classList.remove("economics-error");
      } catch (error) {
        if (disposed || mine !== sequence) return;
        const issues = (error as { issues?: Array<{ message: string }> }).issues ?? [];
        status.textContent =
          issues.length > 0 ? issues.map((i) => i.message).join("; ") : String((error as Error).message);
        status.classList.add("economics-error");
        status.dataset.sequence = String(mine);
      }
    }
    await redraw();
  }

  load().catch((error) => {
    if (!disposed) ctx.fail(error);
  });
  return {
    element,
    dispose() {
      disposed = true;
      for (const c of charts) c.dispose();
    },
  };
}
