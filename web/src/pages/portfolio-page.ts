/**
 * A tenant's portfolio (operators act for the tenant they pick): committed and live GW, the share
 * delivered by the target's date, the stacked GW over time by provider against the target, and the
 * tenant's unit economics with its inputs editable, redrawn as you type (the server computes every
 * figure; typing only asks it again, saving nothing until "Save inputs").
 * @module
 */
import { payload } from "../../../src/contract/client.js";
import type { PortfolioSummary, Tenant, UnitEconomics } from "../../../src/contract/generated/api.js";
import { formatMoneyShort } from "../../../src/shared/money.js";
import { ApiError } from "../api-client.js";
import { type MountedChart, mountChart } from "../charts/echarts-setup.js";
import { portfolioChartOption } from "../charts/portfolio-chart.js";
import { statRow } from "../components/stat-row.js";
import { el } from "../element.js";
import { formatCount } from "../format.js";
import type { PageContext, PageView } from "../page-view.js";
import { portfolioHref } from "../router.js";

const gw = (mw: number) => `${(mw / 1000).toLocaleString("en-US", { maximumFractionDigits: 2 })} GW`;
const pct = (share: number) => `${(share * 100).toLocaleString("en-US", { maximumFractionDigits: 1 })}%`;

function summaryStats(s: PortfolioSummary): HTMLElement {
  return statRow([
    {
      key: "committed",
      label: "Committed",
      value: gw(s.committedPowerMw),
      detail: `${formatCount(s.committedGpus)} GPUs (estimate)`,
    },
    { key: "live", label: "Live now", value: gw(s.livePowerMw), detail: `${formatCount(s.liveGpus)} GPUs` },
    {
      key: "delivered",
      label: `Delivered by ${s.by.slice(0, 10)}`,
      value: pct(s.deliveredShare),
      detail: gw(s.deliveredPowerMw),
    },
    { key: "target", label: "Target", value: gw(s.target.powerMw), detail: s.target.label },
    {
      key: "gap",
      label: "Gap at target date",
      value: gw(s.target.gapPowerMw),
      tone: s.target.gapPowerMw > 0 ? "warn" : "good",
    },
  ]);
}

const INPUTS = [
  { name: "utilisationPercent", label: "Utilisation (%)" },
  { name: "servedModelThroughputPercent", label: "Served model throughput (% of Llama-2-70B)" },
  { name: "pricePerMillionTokens", label: "Blended price per million tokens ($)" },
  { name: "annualComputeSpend", label: "Annual compute spend ($; empty: from leases and deals)" },
] as const;

function unitResult(u: UnitEconomics): HTMLElement {
  return el(
    "div",
    { attrs: { "data-testid": "unit-result" } },
    statRow([
      {
        key: "gpus",
        label: "GPUs",
        value: formatCount(u.gpus.total),
        detail: `${formatCount(u.gpus.fromLeases)} leased here, ${formatCount(u.gpus.fromDeals)} in deals`,
      },
      {
        key: "revenue",
        label: "Annual revenue (estimate)",
        value: formatMoneyShort(u.annualRevenueEstimate),
      },
      {
        key: "spend",
        label: "Annual compute spend",
        value: formatMoneyShort(u.spend.annualComputeSpend),
        detail: u.spend.from,
      },
      {
        key: "ratio",
        label: "Revenue per $ of compute",
        value: u.revenueToSpendEstimate === null ? "–" : `${u.revenueToSpendEstimate}×`,
        tone: u.revenueToSpendEstimate !== null && u.revenueToSpendEstimate < 1 ? "bad" : "good",
      },
    ]),
    el(
      "p",
      { class: "muted" },
      u.capacity
        .map(
          (r) =>
            `${r.chip}: ${formatCount(r.gpus)} GPUs × ${formatCount(r.tokensPerSecondPerGpu)} tokens/s (${r.source})`,
        )
        .join(" · ") || "No GPUs live at this date.",
    ),
  );
}

export function portfolioPage(ctx: PageContext, tenantRef?: string): PageView {
  const body = el("div", { class: "loading" }, "Loading the portfolio…");
  const picker = el("select", { attrs: { "aria-label": "Tenant", "data-testid": "tenant-picker" } });
  const element = el(
    "div",
    { class: "portfolio-page", attrs: { "data-page": "portfolio" } },
    el(
      "div",
      { class: "page-title" },
      el("h1", {}, "Portfolio"),
      el(
        "p",
        { class: "muted" },
        "A tenant's capacity across providers, against its target, and what it can earn",
      ),
      picker,
    ),
    body,
  );
  const charts: MountedChart[] = [];
  let disposed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  void (async () => {
    const tenants: Tenant[] = (
      await payload(ctx.api.GET("/v1/tenants", { params: { query: { limit: 1000 } } }))
    ).tenants;
    if (disposed) return;
    if (tenants.length === 0) {
      body.replaceWith(
        el("p", { class: "empty" }, "No tenants yet: create one with `leasehold tenants create NAME`."),
      );
      return;
    }
    const chosen = tenants.find((t) => t.name === tenantRef || t.id === tenantRef) ?? tenants[0];
    if (!chosen) return;
    for (const t of tenants)
      picker.append(
        el("option", { attrs: { value: t.name, ...(t.id === chosen.id ? { selected: "" } : {}) } }, t.name),
      );
    picker.addEventListener("change", () => {
      window.location.hash = portfolioHref(picker.value);
    });
    const path = { params: { path: { tenant: chosen.id } } };
    const [summary, timeline, unit] = await Promise.all([
      payload(ctx.api.GET("/v1/tenants/{tenant}/portfolio", path)),
      payload(ctx.api.GET("/v1/tenants/{tenant}/portfolio/timeline", path)),
      payload(ctx.api.GET("/v1/tenants/{tenant}/unit-economics", path)),
    ]);
    if (disposed) return;
    const chartHost = el("div", {
      class: "chart portfolio-chart",
      attrs: { "data-testid": "portfolio-chart", style: "height: 360px" },
    });
    let result = unitResult(unit);
    const status = el(
      "p",
      { class: "muted", attrs: { "data-testid": "unit-status", "aria-live": "polite" } },
      "Saved inputs.",
    );
    const fields = INPUTS.map((input) =>
      el("input", {
        attrs: {
          name: input.name,
          value: unit.inputs[input.name] ?? "",
          inputmode: "decimal",
          "data-input": input.name,
        },
      }),
    );
    const changes = () =>
      Object.fromEntries(
        fields.map((f) => [
          f.name,
          f.name === "annualComputeSpend" && f.value.trim() === "" ? null : f.value.trim(),
        ]),
      );
    // Only the latest request's answer is drawn: a slower earlier one never overwrites it.
    let latest = 0;
    const redraw = async (save: boolean) => {
      const mine = ++latest;
      try {
        const answer = save
          ? await payload(ctx.api.PUT("/v1/tenants/{tenant}/unit-economics", { ...path, body: changes() }))
          : await payload(
              ctx.api.POST("/v1/tenants/{tenant}/unit-economics/preview", { ...path, body: changes() }),
            );
        if (disposed || mine !== latest) return;
        const next = unitResult(answer);
        result.replaceWith(next);
        result = next;
        status.textContent = save ? "Saved inputs." : "Not saved: Save inputs keeps them.";
        for (const f of fields) f.removeAttribute("aria-invalid");
      } catch (error) {
        if (mine !== latest) return;
        if (!(error instanceof ApiError) || error.status !== 400) return ctx.fail(error);
        status.textContent = error.message;
        for (const f of fields) {
          if (error.issues.some((i) => i.field === f.name)) f.setAttribute("aria-invalid", "true");
          else f.removeAttribute("aria-invalid");
        }
      }
    };
    for (const f of fields)
      f.addEventListener("input", () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => void redraw(false), 60);
      });
    const form = el(
      "form",
      {
        class: "unit-inputs",
        attrs: {
          style:
            "display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 12px; align-items: end; margin: 12px 0",
        },
        on: {
          submit: (event) => {
            event.preventDefault();
            if (timer) clearTimeout(timer);
            void redraw(true);
          },
        },
      },
      ...INPUTS.map((input, i) =>
        el(
          "label",
          { attrs: { style: "display: flex; flex-direction: column; gap: 4px" } },
          input.label,
          fields[i],
        ),
      ),
      el("button", { attrs: { type: "submit", "data-testid": "save-inputs" } }, "Save inputs"),
    );
    body.replaceWith(
      el(
        "div",
        {},
        summaryStats(summary),
        el("section", { class: "card" }, el("h2", {}, "Live GW by provider against the target"), chartHost),
        el(
          "section",
          { class: "card", attrs: { "data-testid": "unit-economics" } },
          el("h2", {}, "Unit economics"),
          el(
            "p",
            { class: "muted" },
            `GPUs live at ${unit.at.slice(0, 10)}; revenue and margins are estimates.`,
          ),
          form,
          status,
          result,
        ),
      ),
    );
    const chart = mountChart(chartHost);
    chart.chart.setOption(portfolioChartOption(timeline));
    charts.push(chart);
    element.dataset.loaded = "true";
  })().catch((error: unknown) => {
    if (!disposed) ctx.fail(error);
  });

  return {
    element,
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      for (const chart of charts) chart.dispose();
    },
  };
}
