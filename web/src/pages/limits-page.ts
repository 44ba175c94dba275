/**
 * The usage-limits page of one tenant: capacity against projected demand by hour of the day, each
 * plan's limit across the tenant's limit-set versions, and the last change as the before/after
 * table a lab publishes. `#/limits` picks the first tenant; `#/limits/{tenant}` names one.
 * @module
 */
import type { LimitSet, LimitSetWithDiff, Tenant } from "../../../src/contract/generated/api.js";
import type { MountedChart } from "../charts/echarts-setup.js";
import {
  decisionsChart,
  demandChart,
  limitsAcrossVersionsChart,
  type PlanSeries,
} from "../charts/limit-charts.js";
import { dataTable } from "../components/data-table.js";
import { statRow } from "../components/stat-row.js";
import { el } from "../element.js";
import { formatCount, formatDateTime } from "../format.js";
import { listTenants } from "../lease-api.js";
import { currentLimitSet, limitDecisions, recentLimitSets } from "../limits-api.js";
import type { PageContext, PageView } from "../page-view.js";
import { limitsHref } from "../router.js";

const WINDOW_NAMES: Record<string, string> = { minute: "/ minute", five_hours: "/ 5 hours", week: "/ week" };
const DIMENSION_NAMES: Record<string, string> = {
  requests: "Requests",
  input_tokens: "Input tokens",
  output_tokens: "Output tokens",
};

const peakText = (peak: { hoursUtc: number[]; factor: number } | null | undefined) =>
  peak
    ? `${Math.round(peak.factor * 100)}% at ${peak.hoursUtc[0]}–${(peak.hoursUtc.at(-1) ?? 0) + 1}h UTC`
    : "none";

/** Each plan's output-token limit in its shortest window, version by version. */
function headlineSeries(sets: LimitSet[]): PlanSeries[] {
  const plans = [...new Set(sets.flatMap((s) => s.plans.map((p) => p.plan)))];
  const order = ["minute", "five_hours", "week"];
  return plans.map((plan) => ({
    plan,
    values: sets.map((set) => {
      const limits = set.plans.filter((p) => p.plan === plan).flatMap((p) => p.limits);
      const outputs = limits
        .filter((l) => l.dimension === "output_tokens")
        .sort((a, b) => order.indexOf(a.window) - order.indexOf(b.window));
      const first = outputs[0];
      return first ? outputs.filter((l) => l.window === first.window).reduce((n, l) => n + l.limit, 0) : null;
    }),
  }));
}

function tenantPicker(tenants: Tenant[], current: string): HTMLElement {
  const select = el(
    "select",
    {
      attrs: { "aria-label": "Tenant", "data-testid": "limits-tenant" },
      on: {
        change: (event) => {
          window.location.hash = limitsHref((event.target as HTMLSelectElement).value);
        },
      },
    },
    ...tenants.map((t) =>
      el("option", { attrs: { value: t.name, ...(t.name === current ? { selected: "" } : {}) } }, t.name),
    ),
  );
  return el("label", { class: "muted" }, "Tenant ", select);
}

function diffTable(answer: LimitSetWithDiff): HTMLElement {
  const rows = answer.diff.rows;
  const peaks = answer.diff.peaks.filter((p) => p.change !== "unchanged");
  return el(
    "div",
    {},
    dataTable(
      rows,
      [
        { label: "Plan", cell: (r) => r.plan },
        { label: "Model class", cell: (r) => r.modelClass },
        {
          label: "Limit",
          cell: (r) => `${DIMENSION_NAMES[r.dimension] ?? r.dimension} ${WINDOW_NAMES[r.window] ?? r.window}`,
        },
        { label: "Before", numeric: true, cell: (r) => (r.before === null ? "–" : formatCount(r.before)) },
        { label: "After", numeric: true, cell: (r) => (r.after === null ? "–" : formatCount(r.after)) },
        {
          label: "Change",
          cell: (r) =>
            el(
              "span",
              { class: `change change-${r.change}` },
              r.ratio !== null && r.change !== "unchanged" ? `${r.change} ×${r.ratio.toFixed(2)}` : r.change,
            ),
        },
      ],
      {
        testId: "limits-diff",
        compact: true,
        rowAttrs: (r) => ({ "data-change": r.change, "data-plan": r.plan }),
      },
    ),
    peaks.length
      ? el(
          "ul",
          { class: "plain-list", attrs: { "data-testid": "limits-peaks" } },
          ...peaks.map((p) =>
            el(
              "li",
              {},
              `Peak hours, ${p.plan} (${p.modelClass}): ${peakText(p.before)} → ${peakText(p.after)} — ${p.change}`,
            ),
          ),
        )
      : null,
  );
}

export function limitsPage(ctx: PageContext, tenantRef?: string): PageView {
  const body = el("div", { class: "loading" }, "Loading limits…");
  const subtitle = el("p", { class: "muted" }, "Plan limits computed from live leased capacity");
  const pickerSlot = el("div", {});
  const charts: MountedChart[] = [];
  let disposed = false;
  const element = el(
    "div",
    { class: "limits-page", attrs: { "data-page": "limits" } },
    el(
      "div",
      { class: "page-title title-row" },
      el("div", {}, el("h1", {}, "Usage limits"), subtitle),
      pickerSlot,
    ),
    body,
  );

  void (async () => {
    const tenants = await listTenants(ctx.api);
    const tenant = tenants.find((t) => t.name === tenantRef || t.id === tenantRef) ?? tenants[0];
    if (disposed) return;
    if (!tenant) {
      body.replaceWith(
        el("p", { class: "empty" }, "No tenants yet: limits are computed for a tenant's plans."),
      );
      element.dataset.loaded = "true";
      return;
    }
    pickerSlot.replaceChildren(tenantPicker(tenants, tenant.name));
    const [current, sets, decisions] = await Promise.all([
      currentLimitSet(ctx.api, tenant.id),
      recentLimitSets(ctx.api, tenant.id),
      limitDecisions(ctx.api, tenant.id),
    ]);
    if (disposed) return;
    if (!current) {
      body.replaceWith(
        el(
          "section",
          { class: "card" },
          el("h2", {}, `${tenant.name} has no limits in force`),
          el(
            "p",
            { class: "muted" },
            "Save its plans and compute a set: `leasehold limits plans -f plans.yaml`, then `leasehold limits plan --publish`.",
          ),
        ),
      );
      element.dataset.loaded = "true";
      return;
    }
    const { set } = current;
    const p = set.planning;
    const liveGpus = Object.values(p.gpusByModel).reduce((a, b) => a + b, 0);
    const peak = Math.max(0, ...p.demandByHour);
    const demandHost = el("div", { class: "chart chart-card", attrs: { "data-chart": "demand" } });
    const versionsHost = el("div", { class: "chart chart-card", attrs: { "data-chart": "versions" } });
    const decisionsHost = el("div", { class: "chart chart-card", attrs: { "data-chart": "decisions" } });
    const granted = decisions.minutes.reduce((n, m) => n + m.granted, 0);
    const denied = decisions.minutes.reduce(
      (n, m) => n + Object.values(m.denied).reduce((a, b) => a + b, 0),
      0,
    );
    subtitle.textContent = `${tenant.name} · version ${set.version} in force since ${formatDateTime(set.publishedAt)}`;
    body.replaceWith(
      el(
        "div",
        {},
        statRow([
          {
            key: "version",
            label: "Version in force",
            value: `v${set.version}`,
            detail: set.trigger.kind.replace("_", " "),
          },
          {
            key: "live-gpus",
            label: "Live GPUs",
            value: formatCount(liveGpus),
            detail: Object.entries(p.gpusByModel)
              .map(([m, n]) => `${formatCount(n)} ${m}`)
              .join(" · "),
          },
          {
            key: "peak-demand",
            label: "Projected peak",
            value: `${(peak * 100).toFixed(1)}%`,
            detail: `of capacity; target ${Math.round(p.targetUtilisation * 100)}% (estimate)`,
            tone: peak > p.targetUtilisation + 1e-9 ? "bad" : "good",
          },
          {
            key: "peak-reductions",
            label: "Peak-hour reductions",
            value: p.peakReductions ? "Applied" : "None",
            tone: p.peakReductions ? "warn" : "good",
          },
        ]),
        el(
          "div",
          { class: "chart-pair" },
          el(
            "section",
            { class: "card" },
            el("h2", {}, "Capacity against projected demand, by hour (UTC)"),
            demandHost,
          ),
          el(
            "section",
            { class: "card" },
            el("h2", {}, "Each plan's output-token limit across versions"),
            versionsHost,
          ),
        ),
        el(
          "section",
          { class: "card" },
          el(
            "h2",
            {},
            set.planning.basedOnVersion > 0
              ? `Last change: v${set.planning.basedOnVersion} → v${set.version}`
              : `First set: v${set.version}`,
          ),
          diffTable(current),
        ),
        el(
          "section",
          { class: "card" },
          el("h2", {}, "Checks in the last hour, granted and denied"),
          el(
            "p",
            { class: "muted", attrs: { "data-testid": "limits-decisions-total" } },
            `${formatCount(granted)} granted, ${formatCount(denied)} denied (this server's counts)`,
          ),
          decisionsHost,
        ),
        ...p.warnings.map((w) => el("p", { class: "warning" }, w)),
      ),
    );
    charts.push(demandChart(demandHost, p.demandByHour, p.targetUtilisation));
    charts.push(
      limitsAcrossVersionsChart(
        versionsHost,
        sets.map((s) => s.version),
        headlineSeries(sets),
      ),
    );
    charts.push(decisionsChart(decisionsHost, decisions.minutes));
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
