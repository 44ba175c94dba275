/**
 * The owner's economics of a site: the P&L under a scenario (built-in or saved), scenarios side by
 * side, the tornado and the Monte Carlo. Inputs are layered: the defaults (public reference
 * figures and the site's own power facts), then the site's saved overrides, then the scenario's,
 * then the ask's. Revenue comes from the site's leases as stored (their schedules) or from the
 * scenario's lease. Reads only.
 * @module
 */
import { breakevenBasis } from "../economics/breakeven.js";
import { type BreakevenSurface, breakevenSurface } from "../economics/breakeven-surface.js";
import type { EconomicInputs } from "../economics/economic-inputs.js";
import { applyOverrides, defaultInputs, formatInput, inputSpecs } from "../economics/economic-inputs.js";
import type { Horizon } from "../economics/lease-months.js";
import { marginDrivers } from "../economics/margin-drivers.js";
import { type MonteCarloResult, monteCarlo } from "../economics/monte-carlo.js";
import { type ScenarioDefinition, scenarioDefinitionSchema } from "../economics/scenario-definition.js";
import {
  BUILT_IN_SCENARIOS,
  type BuiltInScenario,
  type ScenarioSite,
  shapeLease,
  templateLease,
} from "../economics/scenario-lease.js";
import { type SiteEconomics, siteEconomics } from "../economics/site-economics.js";
import { DEFAULT_RANGES, type DriverRanges, type TornadoBar, tornado } from "../economics/tornado.js";
import type { LeaseTerms } from "../leasing/lease.js";
import { LeaseholdError, validationError } from "../shared/errors.js";
import { parseMicros } from "../shared/money.js";
import { parseBps } from "../shared/percent.js";
import { findScenario, siteInputs } from "../store/economics-repository.js";
import { holdingLeases } from "../store/lease-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Clock } from "./clock.js";
import type { FleetService } from "./fleet-service.js";

/** What the caller asks of a site's economics; everything optional. */
export interface EconomicsAsk {
  scenario?: string | undefined;
  version?: number | undefined;
  inputs?: Record<string, string> | undefined;
  fromMonth?: string | undefined;
  months?: number | undefined;
  /** Breakeven price at this utilisation (percent). */
  breakevenUtilisationPercent?: string | undefined;
  /** Breakeven utilisation at this price (dollars per GPU-hour). */
  breakevenPrice?: string | undefined;
}

export type InputLayer = "default" | "site" | "scenario" | "ask";

export interface InputRow {
  key: string;
  value: string;
  unit: string;
  source: string;
  setBy: InputLayer;
}

export interface ScenarioRef {
  name: string;
  /** Null for a built-in scenario. */
  version: number | null;
  base: BuiltInScenario;
  description: string;
}

export interface EconomicsReport {
  site: { id: string; name: string };
  scenario: ScenarioRef;
  horizon: Horizon;
  inputs: InputRow[];
  economics: SiteEconomics;
}

interface Resolved {
  report: Omit<EconomicsReport, "economics">;
  gpusByModel: Record<string, number>;
  values: EconomicInputs;
  leases: LeaseTerms[];
}

const DEFAULT_MONTHS = 60;
const BUILT_IN_DESCRIPTIONS: Record<BuiltInScenario, string> = {
  actual: "the site's leases as they stand; what no lease holds runs the owner's own work",
  internal: "no lease: the whole site runs the owner's own work, valued at the shadow price",
  "rent-half": "half the site's GPUs leased as H100 at $2.10/GPU-hour for a year",
  "rent-all": "the whole site leased for a monthly fee ($1.25B a month at Colossus scale) to May 2029",
};

export class EconomicsService {
  constructor(
    private readonly db: SqlClient,
    private readonly fleet: FleetService,
    private readonly clock: Clock,
  ) {}

  /** The site's P&L and what is read off it, under the ask's scenario and inputs. */
  async report(siteRef: string, ask: EconomicsAsk): Promise<EconomicsReport> {
    const r = await this.resolve(siteRef, ask);
    const issues = [];
    const utilisationBps =
      ask.breakevenUtilisationPercent === undefined ? undefined : parseBps(ask.breakevenUtilisationPercent);
    if (ask.breakevenUtilisationPercent !== undefined && !utilisationBps)
      issues.push({
        field: "breakevenUtilisationPercent",
        message: `breakevenUtilisationPercent must be above 0 and at most 100 (got "${ask.breakevenUtilisationPercent}")`,
        bound: "0 < x <= 100",
      });
    const price = ask.breakevenPrice === undefined ? undefined : parseMicros(ask.breakevenPrice);
    if (ask.breakevenPrice !== undefined && (price === undefined || price < 0n))
      issues.push({
        field: "breakevenPrice",
        message: `breakevenPrice must be a non-negative decimal with at most 6 decimals (got "${ask.breakevenPrice}")`,
        bound: ">= 0, 6 decimals",
      });
    if (issues.length > 0) throw validationError(issues);
    const economics = siteEconomics({
      gpusByModel: r.gpusByModel,
      inputs: r.values,
      leases: r.leases,
      horizon: r.report.horizon,
      utilisationBps,
      priceMicrosPerGpuHour: price,
    });
    return { ...r.report, economics };
  }

  /** Several scenarios of one site over the same horizon and ask inputs. */
  async compare(
    siteRef: string,
    scenarios: readonly string[],
    ask: EconomicsAsk,
  ): Promise<EconomicsReport[]> {
    const out: EconomicsReport[] = [];
    for (const scenario of scenarios)
      out.push(await this.report(siteRef, { ...ask, scenario, version: undefined }));
    return out;
  }

  /**
   * The tornado of the margin under the scenario, and the breakeven surface (margin over price ×
   * utilisation, prices from a quarter to twice the cost per GPU-hour).
   */
  async sensitivity(
    siteRef: string,
    ask: EconomicsAsk,
  ): Promise<{
    report: Omit<EconomicsReport, "economics">;
    baseMargin: number | null;
    bars: TornadoBar[];
    ranges: DriverRanges;
    surface: BreakevenSurface;
  }> {
    const r = await this.resolve(siteRef, ask);
    const economics = siteEconomics({
      gpusByModel: r.gpusByModel,
      inputs: r.values,
      leases: r.leases,
      horizon: r.report.horizon,
    });
    const t = tornado(marginDrivers(economics.pnl, r.values), DEFAULT_RANGES);
    const cost = economics.costPerGpuHourMicros ?? 1_000_000n;
    const surface = breakevenSurface(
      breakevenBasis(economics.pnl, r.values.otherOpexBps),
      cost / 4n,
      cost * 2n,
    );
    return { report: r.report, ...t, ranges: DEFAULT_RANGES, surface };
  }

  /** The Monte Carlo of the margin under the scenario: `samples` draws from seed `seed`. */
  async monteCarlo(
    siteRef: string,
    ask: EconomicsAsk,
    run: { samples: number; seed: number },
  ): Promise<{ report: Omit<EconomicsReport, "economics">; result: MonteCarloResult; ranges: DriverRanges }> {
    const r = await this.resolve(siteRef, ask);
    const economics = siteEconomics({
      gpusByModel: r.gpusByModel,
      inputs: r.values,
      leases: r.leases,
      horizon: r.report.horizon,
    });
    const result = monteCarlo(marginDrivers(economics.pnl, r.values), { ...run, ranges: DEFAULT_RANGES });
    return { report: r.report, result, ranges: DEFAULT_RANGES };
  }

  private async resolve(siteRef: string, ask: EconomicsAsk): Promise<Resolved> {
    const { site, summary } = await this.fleet.summary(siteRef);
    const catalogue = new Map((await this.fleet.gpuModels()).map((m) => [m.name, m]));
    const gpusByModel = Object.fromEntries(summary.capacityByModel.map((m) => [m.gpuModel, m.gpus]));
    const models = Object.keys(gpusByModel);
    const defaults = defaultInputs({
      pue: site.pue,
      electricityPriceMicrosPerMwh: site.electricityPriceMicrosPerMwh,
      powerKwPerGpu: Object.fromEntries(models.map((m) => [m, catalogue.get(m)?.powerKwPerGpu ?? 0])),
    });
    const scenario = await this.scenario(ask.scenario ?? "actual", ask.version);
    const stored = await siteInputs(this.db, site.id);
    const layers: Array<[InputLayer, Record<string, string>]> = [
      ["site", stored.inputs],
      ["scenario", scenario.definition.inputs],
      ["ask", ask.inputs ?? {}],
    ];
    const setBy = new Map<string, InputLayer>();
    let values = defaults;
    for (const [layer, overrides] of layers) {
      const applied = applyOverrides(values, overrides, layer === "ask" ? "inputs" : `${layer}.inputs`);
      // A saved layer written for models the site no longer has is skipped, not an error of this ask.
      const wanted = applied.issues.filter((i) => layer === "ask" || !i.message.startsWith("unknown input"));
      if (wanted.length > 0) throw validationError(wanted);
      values = applied.inputs;
      for (const key of Object.keys(overrides)) setBy.set(key, layer);
    }
    const horizon = this.horizon(ask);
    const startsAt = `${horizon.fromMonth}-01T00:00:00.000Z`;
    const scenarioSite: ScenarioSite = {
      name: site.name,
      gpusByModel,
      gpusPerNode: new Map(models.map((m) => [m, catalogue.get(m)?.gpusPerNode ?? 1])),
    };
    const leases = await this.leases(site.id, scenario.definition, scenarioSite, startsAt);
    return {
      report: {
        site: { id: site.id, name: site.name },
        scenario: {
          name: scenario.name,
          version: scenario.version,
          base: scenario.definition.base,
          description: scenario.definition.description,
        },
        horizon,
        inputs: inputSpecs(models).map((s) => ({
          key: s.key,
          value: formatInput(values, s.key),
          unit: s.unit,
          source: s.source,
          setBy: setBy.get(s.key) ?? "default",
        })),
      },
      gpusByModel,
      values,
      leases,
    };
  }

  private horizon(ask: EconomicsAsk): Horizon {
    const fromMonth = ask.fromMonth ?? this.clock.now().slice(0, 7);
    return { fromMonth, months: ask.months ?? DEFAULT_MONTHS };
  }

  /** A built-in scenario, or a saved one at `version` (its latest by default). */
  private async scenario(
    name: string,
    version: number | undefined,
  ): Promise<{ name: string; version: number | null; definition: ScenarioDefinition }> {
    if ((BUILT_IN_SCENARIOS as readonly string[]).includes(name) && version === undefined) {
      const base = name as BuiltInScenario;
      return {
        name,
        version: null,
        definition: scenarioDefinitionSchema.parse({ base, description: BUILT_IN_DESCRIPTIONS[base] }),
      };
    }
    const stored = await findScenario(this.db, name, version);
    if (!stored)
      throw new LeaseholdError(
        "SCENARIO_NOT_FOUND",
        `no scenario ${name}${version === undefined ? "" : ` at version ${version}`}: the built-in ones are ${BUILT_IN_SCENARIOS.join(", ")}`,
      );
    return { name, version: stored.version, definition: scenarioDefinitionSchema.parse(stored.definition) };
  }

  private async leases(
    siteId: string,
    definition: ScenarioDefinition,
    site: ScenarioSite,
    startsAt: string,
  ): Promise<LeaseTerms[]> {
    if (definition.lease) return [shapeLease(definition.lease, site, startsAt)];
    switch (definition.base) {
      case "actual":
        return holdingLeases(this.db, siteId);
      case "internal":
        return [];
      default: {
        const result = templateLease(definition.base, site, startsAt);
        if (!result.ok) throw new LeaseholdError("TEMPLATE_NOT_APPLICABLE", result.reason);
        return [result.terms];
      }
    }
  }
}
