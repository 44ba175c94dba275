/**
 * The "New lease" panel: pick a template (rent half, rent all), a site and a tenant (or create
 * one), see the request the server sizes from the site and its quote — whether and where it fits,
 * by block, and its monthly schedule — then reserve it. Errors from the API (a site that cannot
 * supply the scenario among them) are shown with their message.
 * @module
 */

import type {
  Lease,
  LeaseRequest,
  Quote,
  QuotePlacement,
  SiteListing,
  Tenant,
} from "../../../src/contract/generated/api.js";
import { formatMoney, formatMoneyShort, formatRate } from "../../../src/shared/money.js";
import { type ApiClient, ApiError } from "../api-client.js";
import type { MountedChart } from "../charts/echarts-setup.js";
import { scheduleChart } from "../charts/lease-charts.js";
import { el } from "../element.js";
import { formatCount, formatDate } from "../format.js";
import { createTenant, leaseTemplate, listTenants, quoteLease, reserveLease } from "../lease-api.js";
import { LEASE_TEMPLATES, type LeaseTemplate } from "../lease-templates.js";

export interface NewLeasePanelOptions {
  api: ApiClient;
  sites: SiteListing[];
  onReserved(lease: Lease): void;
  onClose(): void;
}

export interface NewLeasePanel {
  element: HTMLElement;
  dispose(): void;
}

function errorText(failure: unknown): string {
  if (failure instanceof ApiError) {
    const issues = failure.issues
      .map((i) => i.message)
      .filter((m) => m && !failure.message.includes(m))
      .slice(0, 3);
    return `${failure.code}: ${failure.message}${issues.length ? ` — ${issues.join("; ")}` : ""}`;
  }
  return failure instanceof Error ? failure.message : String(failure);
}

function priceText(line: LeaseRequest["lines"][number]): string {
  if (line.pricePerGpuHour !== undefined) return `${formatRate(line.pricePerGpuHour)} per GPU-hour`;
  return `${formatMoney(line.monthlyFee ?? "0")} per month`;
}

function requestTerms(request: LeaseRequest): HTMLElement {
  const row = (label: string, ...value: Array<Node | string>) =>
    el("div", { class: "term" }, el("dt", {}, label), el("dd", {}, ...value));
  const ramp = request.rampDiscounts ?? [];
  return el(
    "dl",
    { class: "terms" },
    row(
      "Lines",
      ...request.lines.map((l) =>
        el("div", {}, el("b", {}, `${formatCount(l.gpuCount)} × ${l.gpuModel}`), ` at ${priceText(l)}`),
      ),
    ),
    row("Term", `${formatDate(request.startsAt)} → ${formatDate(request.endsAt)}`),
    row("Notice", `${request.noticePeriodDays ?? 90} days`),
    row(
      "Ramp",
      ramp.length
        ? ramp.map((r) => `${r.percentOff}% off ${formatDate(r.from)} → ${formatDate(r.until)}`).join("; ")
        : "none",
    ),
    row("Isolation", request.isolation ?? "node"),
    row(
      "Placement",
      `${request.placement?.policy ?? "packed"}${
        request.placement?.minIslandGpus
          ? `, islands ≥ ${formatCount(request.placement.minIslandGpus)} GPUs`
          : ""
      }`,
    ),
  );
}

function placementView(placement: QuotePlacement[]): HTMLElement {
  return el(
    "div",
    { class: "where" },
    ...placement.map((p) =>
      el(
        "div",
        { class: "where-model", attrs: { "data-model": p.gpuModel } },
        el(
          "p",
          {},
          el("b", {}, `${p.gpuModel}: ${formatCount(p.gpus)} GPUs`),
          ` in ${formatCount(p.pieces.length)} block${p.pieces.length === 1 ? "" : "s"} · fits at ${p.fitLevel} level · preempts ${formatCount(p.preemptedHouseGpus)} house GPUs`,
        ),
        el(
          "ul",
          { class: "chips" },
          ...[...p.pieces]
            .sort((a, b) => a.block.localeCompare(b.block))
            .map((piece) =>
              el(
                "li",
                {
                  attrs: {
                    title: `${piece.block}: ${formatCount(piece.nodes)} nodes, ${formatCount(piece.gpus)} GPUs`,
                    "data-block": piece.block,
                  },
                },
                piece.block.slice(piece.block.lastIndexOf("/") + 1),
                el("b", {}, formatCount(piece.gpus)),
              ),
            ),
        ),
      ),
    ),
  );
}

export function newLeasePanel(options: NewLeasePanelOptions): NewLeasePanel {
  const { api } = options;
  let template: LeaseTemplate = LEASE_TEMPLATES[0] as LeaseTemplate;
  let nameEdited = false;
  let charts: MountedChart[] = [];
  let pending: LeaseRequest | null = null;

  const siteSelect = el(
    "select",
    { attrs: { id: "lease-site", "data-testid": "lease-site" } },
    ...options.sites.map((s) =>
      el("option", { attrs: { value: s.name } }, `${s.name} (${formatCount(s.gpus)} GPUs)`),
    ),
  );
  const tenantSelect = el("select", { attrs: { id: "lease-tenant", "data-testid": "lease-tenant" } });
  const newTenant = el("input", {
    attrs: {
      placeholder: "new tenant name",
      "data-testid": "new-tenant-name",
      "aria-label": "New tenant name",
    },
  });
  const nameInput = el("input", {
    attrs: { id: "lease-name", "data-testid": "lease-name", value: template.id, spellcheck: "false" },
  });
  const formError = el("p", {
    class: "form-error",
    attrs: { role: "alert", "data-testid": "new-lease-error" },
  });
  const quoteArea = el("div", { class: "quote-area" });
  const quoteButton = el(
    "button",
    { class: "button primary", attrs: { type: "button", "data-testid": "get-quote" } },
    "Get quote",
  );

  const clearQuote = () => {
    for (const chart of charts) chart.dispose();
    charts = [];
    pending = null;
    quoteArea.replaceChildren();
  };

  const templateCards = LEASE_TEMPLATES.map((t) =>
    el(
      "label",
      { class: "template-card", attrs: { "data-testid": `template-${t.id}` } },
      el("input", {
        attrs: { type: "radio", name: "template", value: t.id, ...(t === template ? { checked: "" } : {}) },
        on: {
          change: () => {
            template = t;
            if (!nameEdited) nameInput.value = t.id;
            clearQuote();
          },
        },
      }),
      el("span", { class: "template-title" }, t.label),
      el("span", { class: "template-summary" }, t.summary),
    ),
  );

  const fillTenants = (tenants: Tenant[], select?: string) => {
    const current = select ?? tenantSelect.value;
    tenantSelect.replaceChildren(
      el(
        "option",
        { attrs: { value: "" } },
        tenants.length ? "Choose a tenant…" : "No tenants yet — create one",
      ),
      ...tenants.map((t) => el("option", { attrs: { value: t.name } }, t.name)),
    );
    tenantSelect.value = tenants.some((t) => t.name === current) ? current : "";
  };
  const loadTenants = async (select?: string) => fillTenants(await listTenants(api), select);

  const createButton = el(
    "button",
    {
      class: "button",
      attrs: { type: "button", "data-testid": "create-tenant" },
      on: {
        click: () => {
          const name = newTenant.value.trim();
          if (!name) {
            formError.textContent = "Type a name for the new tenant.";
            return;
          }
          formError.textContent = "";
          createButton.disabled = true;
          createTenant(api, name)
            .then((t) => loadTenants(t.name))
            .then(() => {
              newTenant.value = "";
              clearQuote();
            })
            .catch((failure: unknown) => {
              formError.textContent = errorText(failure);
            })
            .finally(() => {
              createButton.disabled = false;
            });
        },
      },
    },
    "Create",
  );

  /** The scenario as the server sizes it for the site; a site that cannot supply it is refused. */
  const buildRequest = (): Promise<LeaseRequest> =>
    leaseTemplate(api, siteSelect.value, template.id, {
      tenant: tenantSelect.value,
      name: nameInput.value.trim(),
    });

  const reserveButton = el(
    "button",
    { class: "button primary", attrs: { type: "button", "data-testid": "reserve" } },
    "Reserve",
  );
  const reserveError = el("div", {
    class: "action-error",
    attrs: { role: "alert", "data-testid": "reserve-error" },
  });
  reserveButton.addEventListener("click", () => {
    if (!pending) return;
    reserveButton.disabled = true;
    reserveError.textContent = "";
    reserveLease(api, pending)
      .then((lease) => options.onReserved(lease))
      .catch((failure: unknown) => {
        reserveError.textContent = errorText(failure);
        reserveButton.disabled = false;
      });
  });

  const showQuote = (request: LeaseRequest, quote: Quote) => {
    clearQuote();
    pending = request;
    const site = quote.sites[0];
    const asAsked = site?.fitsAsAsked ?? false;
    const verdict = asAsked
      ? el(
          "div",
          { class: "verdict verdict-ok", attrs: { role: "status" } },
          el("span", { class: "verdict-icon", attrs: { "aria-hidden": "true" } }, "✓"),
          el(
            "div",
            {},
            el(
              "strong",
              {},
              `Fits at ${site?.siteName} from ${formatDate(quote.best?.startsAt ?? request.startsAt)}`,
            ),
            el("div", { class: "verdict-detail" }, "Nothing is held until you reserve."),
          ),
        )
      : el(
          "div",
          { class: "verdict verdict-bad", attrs: { role: "alert", "data-testid": "quote-refusal" } },
          el("span", { class: "verdict-icon", attrs: { "aria-hidden": "true" } }, "!"),
          el(
            "div",
            {},
            el("strong", {}, `Does not fit at ${site?.siteName ?? request.sites[0]} as asked`),
            el("div", { class: "verdict-detail" }, site?.reason ?? "no reason given"),
            ...(site?.changes.length
              ? site.changes.map((c) =>
                  el(
                    "div",
                    { class: "verdict-detail", attrs: { "data-testid": `quote-change-${c.field}` } },
                    `Fits with the ${c.field === "startsAt" ? "start" : "end"} moved to ${formatDate(c.offered)} (you asked ${formatDate(c.asked)})`,
                  ),
                )
              : [el("div", { class: "verdict-detail" }, "No later start fits either.")]),
          ),
        );
    const chartHost = el("div", { class: "chart chart-schedule", attrs: { "data-chart": "schedule" } });
    const months = quote.schedule.length;
    quoteArea.replaceChildren(
      el(
        "div",
        { class: "quote", attrs: { "data-testid": "quote", "data-fits": String(asAsked) } },
        verdict,
        el(
          "div",
          { class: "quote-grid" },
          el(
            "section",
            {},
            el("h3", {}, "Request"),
            requestTerms(request),
            el("h3", { class: "spaced" }, "Where, by block"),
            site?.placement?.length
              ? placementView(site.placement)
              : el("p", { class: "empty" }, "No placement on the fleet as it stands."),
          ),
          el(
            "section",
            {},
            el("h3", {}, "Monthly schedule"),
            chartHost,
            el(
              "div",
              { class: "quote-total", attrs: { "data-testid": "quote-total" } },
              el("span", {}, `Total over ${formatCount(months)} month${months === 1 ? "" : "s"}`),
              el("b", { attrs: { title: formatMoney(quote.total) } }, formatMoney(quote.total)),
              el("span", { class: "muted" }, formatMoneyShort(quote.total)),
            ),
          ),
        ),
        reserveError,
        el(
          "div",
          { class: "quote-actions" },
          el(
            "span",
            { class: "muted" },
            asAsked
              ? `Reserving holds ${formatCount(request.lines.reduce((n, l) => n + l.gpuCount, 0))} GPUs for ${request.tenant} on the calendar.`
              : "As asked, the reservation will be refused.",
          ),
          reserveButton,
        ),
      ),
    );
    reserveError.textContent = "";
    reserveButton.disabled = false;
    charts.push(scheduleChart(chartHost, quote.schedule));
  };

  quoteButton.addEventListener("click", () => {
    formError.textContent = "";
    if (!tenantSelect.value) {
      formError.textContent = "Choose a tenant, or create one, first.";
      return;
    }
    if (!nameInput.value.trim()) {
      formError.textContent = "Give the lease a name.";
      return;
    }
    clearQuote();
    quoteButton.disabled = true;
    quoteArea.replaceChildren(el("p", { class: "loading" }, "Quoting…"));
    buildRequest()
      .then(async (request) => showQuote(request, await quoteLease(api, request)))
      .catch((failure: unknown) => {
        quoteArea.replaceChildren();
        formError.textContent = errorText(failure);
      })
      .finally(() => {
        quoteButton.disabled = false;
      });
  });
  for (const input of [siteSelect, tenantSelect]) input.addEventListener("change", clearQuote);
  nameInput.addEventListener("input", () => {
    nameEdited = true;
    clearQuote();
  });

  const element = el(
    "section",
    { class: "card new-lease", attrs: { "data-testid": "new-lease", "aria-label": "New lease" } },
    el(
      "header",
      { class: "card-header" },
      el(
        "div",
        {},
        el("h2", {}, "New lease"),
        el("p", { class: "muted" }, "Start from a scenario, check the quote, then reserve the capacity."),
      ),
      el(
        "button",
        {
          class: "icon-button",
          attrs: { type: "button", "aria-label": "Close new lease" },
          on: { click: options.onClose },
        },
        "×",
      ),
    ),
    el(
      "div",
      { class: "templates", attrs: { role: "radiogroup", "aria-label": "Scenario" } },
      ...templateCards,
    ),
    el(
      "div",
      { class: "lease-form" },
      el("label", { class: "field" }, "Site", siteSelect),
      el(
        "div",
        { class: "field" },
        el("label", { attrs: { for: "lease-tenant" } }, "Tenant"),
        tenantSelect,
        el("div", { class: "inline-create" }, newTenant, createButton),
      ),
      el("label", { class: "field" }, "Lease name", nameInput),
      el("div", { class: "field field-action" }, quoteButton),
    ),
    formError,
    quoteArea,
  );

  loadTenants().catch((failure: unknown) => {
    formError.textContent = errorText(failure);
  });

  return {
    element,
    dispose() {
      for (const chart of charts) chart.dispose();
    },
  };
}
