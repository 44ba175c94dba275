/**
 * The site page: summary numbers, power and capacity charts, and the topology map with block drill-down.
 * @module
 */
import type {
  AllocationMap,
  FleetNode,
  NodeState,
  SiteDetail,
  TopologyMap,
} from "../../../src/contract/generated/api.js";
import { type CapacityChart, capacityChart } from "../charts/capacity-chart.js";
import { type MeasuredPowerChart, measuredPowerChart } from "../charts/measured-power-chart.js";
import { nodeHolders } from "../charts/node-holders.js";
import { type PowerChart, powerChart } from "../charts/power-chart.js";
import { NODE_STATE_COLOURING, type RackColouring } from "../charts/rack-colouring.js";
import { TENANT_COLOURING_ID, tenantColouring } from "../charts/tenant-colouring.js";
import { type TopologyMapView, topologyMap } from "../charts/topology-map.js";
import { blockDrawer } from "../components/block-drawer.js";
import { mapLegend } from "../components/map-legend.js";
import { openNodeStateDialog } from "../components/node-state-dialog.js";
import { siteHealthCard } from "../components/site-health-card.js";
import { siteNodeStats, sitePowerStats } from "../components/site-stats.js";
import { statRow } from "../components/stat-row.js";
import { warningList } from "../components/warning-list.js";
import { el } from "../element.js";
import { setNodeState, siteDetail, siteTopology } from "../fleet-api.js";
import { formatCount } from "../format.js";
import { powerHistory, siteHealth } from "../health-api.js";
import { allocationMap } from "../lease-api.js";
import type { PageContext, PageView } from "../page-view.js";
import { fleetHref } from "../router.js";

function mapSubtitle(map: TopologyMap): string {
  const halls = new Set(map.groups.map((g) => g.path.split("/").slice(0, -1).join("/")));
  const racks = map.groups.reduce((sum, g) => sum + g.racks.length, 0);
  return `${formatCount(halls.size)} halls · ${formatCount(map.groups.length)} ${map.groupLevel ?? "group"}s · ${formatCount(racks)} ${map.cellLevel}s — click a ${map.groupLevel ?? "group"} to see its nodes`;
}

export function sitePage(ctx: PageContext, siteName: string): PageView {
  const title = el("h1", {}, siteName);
  const subtitle = el("p", { class: "muted" }, "Loading…");
  const summaryArea = el("div", { class: "summary-area" });
  const powerHost = el("div", { class: "chart chart-large", attrs: { "data-chart": "power" } });
  const capacityHost = el("div", { class: "chart chart-large", attrs: { "data-chart": "capacity" } });
  const mapHost = el("div", { class: "topology-map", attrs: { "data-testid": "topology-map" } });
  const mapSub = el("p", { class: "muted" });
  const healthArea = el("div", { attrs: { "data-testid": "live-health" } });
  const measuredHost = el("div", { class: "chart chart-large", attrs: { "data-chart": "measured-power" } });
  let measured: MeasuredPowerChart | undefined;
  let colouring: RackColouring = NODE_STATE_COLOURING;
  let colourings: RackColouring[] = [NODE_STATE_COLOURING];
  /** The colouring the user picked; until then, by tenant when the site has leases. */
  let picked: string | null = null;
  let map: TopologyMapView | undefined;
  let power: PowerChart | undefined;
  let capacity: CapacityChart | undefined;
  let topology: TopologyMap | undefined;
  let disposed = false;

  const racksOf = (t: TopologyMap) => t.groups.flatMap((g) => g.racks);
  const legend = mapLegend((id) => {
    picked = id;
    colouring = colourings.find((c) => c.id === id) ?? NODE_STATE_COLOURING;
    map?.setColouring(colouring);
    void drawer.refresh();
    if (topology) legend.update(colouring, racksOf(topology), colourings);
    mapHost.dataset.colouring = colouring.id;
  });

  const changeState = async (node: FleetNode, state: NodeState, reason: string) => {
    await setNodeState(ctx.api, siteName, node.id, state, reason);
    await Promise.all([refresh(), drawer.refresh()]);
  };
  const drawer = blockDrawer({
    api: ctx.api,
    site: siteName,
    colourByHolder: () => colouring.id === TENANT_COLOURING_ID,
    onNodeClick: (node) => openNodeStateDialog(node, (state, reason) => changeState(node, state, reason)),
    onClose: () => map?.selectBlock(null),
    onError: (error) => ctx.fail(error),
  });

  const element = el(
    "div",
    { class: "site-page", attrs: { "data-page": "site" } },
    el("nav", { class: "crumbs" }, el("a", { attrs: { href: fleetHref() } }, "Fleet"), " / ", siteName),
    el("div", { class: "page-title" }, title, subtitle),
    summaryArea,
    el(
      "div",
      { class: "chart-pair" },
      el("section", { class: "card" }, el("h3", {}, "Power by source"), powerHost),
      el("section", { class: "card" }, el("h3", {}, "Capacity by GPU model"), capacityHost),
    ),
    el(
      "div",
      { class: "chart-pair" },
      el("section", { class: "card" }, el("h3", {}, "Live health"), healthArea),
      el("section", { class: "card" }, el("h3", {}, "Measured vs permitted power, by hour"), measuredHost),
    ),
    el(
      "section",
      { class: "card map-card" },
      el("header", { class: "card-header" }, el("div", {}, el("h2", {}, "Topology"), mapSub), legend.element),
      mapHost,
    ),
    drawer.element,
  );

  const showSummary = ({ site, summary }: SiteDetail) => {
    title.textContent = site.name;
    subtitle.textContent = `${site.location} · ${site.kind} · ${site.topologyLevels.join(" → ")}`;
    summaryArea.replaceChildren(
      statRow(siteNodeStats(summary)),
      statRow(sitePowerStats(site, summary)),
      warningList(summary.warnings) ?? "",
    );
    power?.update(summary.power);
    capacity?.update(summary.capacityByModel);
    power ??= powerChart(powerHost, summary.power, { large: true });
    capacity ??= capacityChart(capacityHost, summary.capacityByModel);
  };
  const showTopology = (next: TopologyMap, holders: AllocationMap | null) => {
    topology = next;
    mapSub.textContent = mapSubtitle(next);
    colourings = holders ? [NODE_STATE_COLOURING, tenantColouring(holders)] : [NODE_STATE_COLOURING];
    const wanted = picked ?? (holders && holders.leases.length > 0 ? TENANT_COLOURING_ID : null);
    colouring = colourings.find((c) => c.id === wanted) ?? NODE_STATE_COLOURING;
    mapHost.dataset.colouring = colouring.id;
    legend.update(colouring, racksOf(next), colourings);
    const holdersView = holders ? nodeHolders(holders) : undefined;
    if (map) map.update(next, colouring, holdersView);
    else
      map = topologyMap(mapHost, next, {
        colouring,
        holders: holdersView,
        onBlockClick: (path) => {
          map?.selectBlock(path);
          void drawer.open(path);
        },
      });
  };
  const refresh = async () => {
    const [detail, next, holders] = await Promise.all([
      siteDetail(ctx.api, siteName),
      siteTopology(ctx.api, siteName),
      // Without the allocation map (an older server) the map still colours by node state.
      allocationMap(ctx.api, siteName).catch(() => null),
    ]);
    if (disposed) return;
    showSummary(detail);
    showTopology(next, holders);
    // Without agents (or an older server) the health card says so and the rest still shows.
    const [health, history] = await Promise.all([
      siteHealth(ctx.api, siteName).catch(() => null),
      powerHistory(ctx.api, siteName).catch(() => null),
    ]);
    if (disposed) return;
    healthArea.replaceChildren(
      health ? siteHealthCard(health) : el("p", { class: "muted" }, "No health data."),
    );
    if (history) {
      measured?.update(history);
      measured ??= measuredPowerChart(measuredHost, history);
    }
    element.dataset.version = String(Number(element.dataset.version ?? "0") + 1);
  };

  refresh().catch((error: unknown) => {
    if (!disposed) ctx.fail(error);
  });

  return {
    element,
    dispose() {
      disposed = true;
      for (const chart of [map, power, capacity, measured]) chart?.dispose();
    },
  };
}
