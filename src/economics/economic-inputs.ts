/**
 * The inputs of a site's P&L: each with a default, a unit and a note saying where the default comes
 * from, overridable per site or per scenario with `key=value` pairs (`itCapexPerGpu.H100=45000`).
 * Money is integer micros; shares are basis points; power is whole watts, PUE thousandths, so every
 * money line the model computes from them is exact.
 * @module
 */
import type { FieldIssue } from "../shared/errors.js";
import { formatMicros, parseMicros } from "../shared/money.js";
import { formatBps, parseBps } from "../shared/percent.js";

export interface EconomicInputs {
  /** IT capex (GPU, host, network share) per GPU, micros, by GPU model. */
  itCapexMicrosPerGpu: Record<string, bigint>;
  /** IT power per GPU all-in, whole watts, by GPU model. */
  powerWattsPerGpu: Record<string, number>;
  /** Facility (shell, power, cooling) capex per MW of facility power, micros. */
  facilityCapexMicrosPerMw: bigint;
  /** Facility size in kW; null derives it from the GPUs' draw × PUE. */
  facilityKw: number | null;
  itLifeYears: number;
  facilityLifeYears: number;
  /** Facility draw / IT draw, thousandths (1,150 = 1.15). */
  pueMilli: number;
  electricityMicrosPerMwh: bigint;
  /** What an idle GPU draws, as basis points of its full draw. */
  idlePowerBps: number;
  /** Operating costs other than power, as basis points of revenue. */
  otherOpexBps: number;
  otherOpexFixedMicrosPerYear: bigint;
  /** The discount rate for NPV, basis points a year. */
  financingRateBps: number;
  taxRateBps: number;
  /** What a GPU-hour of the owner's own work is worth (the shadow price), micros. */
  shadowPriceMicrosPerGpuHour: bigint;
  /** Share of the GPUs no lease holds that the owner's own work uses, basis points. */
  internalUtilisationBps: number;
  /** The company's annualised net loss the lease is held against, micros. */
  annualNetLossMicros: bigint;
}

type Kind = "money" | "percent" | "years" | "kw" | "mw" | "pue";

export interface InputSpec {
  key: string;
  kind: Kind;
  unit: string;
  source: string;
}

/** A site's own figures, which the defaults start from. */
export interface SiteFacts {
  pue: number;
  electricityPriceMicrosPerMwh: bigint;
  /** IT power per GPU in kW, by model (the GPU catalogue). */
  powerKwPerGpu: Record<string, number>;
}

const DEFAULT_IT_CAPEX_MICROS = 50_000_000_000n;

/** The defaults for a site: PRODUCT.md's public reference figures, and the site's own power facts. */
export function defaultInputs(site: SiteFacts): EconomicInputs {
  const models = Object.keys(site.powerKwPerGpu);
  return {
    itCapexMicrosPerGpu: Object.fromEntries(models.map((m) => [m, DEFAULT_IT_CAPEX_MICROS])),
    powerWattsPerGpu: Object.fromEntries(
      models.map((m) => [m, Math.round((site.powerKwPerGpu[m] ?? 0) * 1000)]),
    ),
    facilityCapexMicrosPerMw: 10_700_000_000_000n,
    facilityKw: null,
    itLifeYears: 6,
    facilityLifeYears: 10,
    pueMilli: Math.round(site.pue * 1000),
    electricityMicrosPerMwh: site.electricityPriceMicrosPerMwh,
    idlePowerBps: 3_000,
    otherOpexBps: 3_500,
    otherOpexFixedMicrosPerYear: 0n,
    financingRateBps: 800,
    taxRateBps: 2_100,
    shadowPriceMicrosPerGpuHour: 2_100_000n,
    internalUtilisationBps: 9_000,
    annualNetLossMicros: 6_000_000_000_000_000n,
  };
}

const FIXED_SPECS: readonly InputSpec[] = [
  {
    key: "facilityCapexPerMw",
    kind: "money",
    unit: "USD/MW",
    source: "~$10.7M per MW (public 2025–2026 builds)",
  },
  { key: "facilityMw", kind: "mw", unit: "MW", source: "the GPUs' IT draw × PUE, unless set" },
  { key: "itLifeYears", kind: "years", unit: "years", source: "4–6 years in practice; CoreWeave uses 6" },
  {
    key: "facilityLifeYears",
    kind: "years",
    unit: "years",
    source: "10 years (estimate for shell, power and cooling)",
  },
  { key: "pue", kind: "pue", unit: "ratio", source: "the site's PUE" },
  {
    key: "electricityPerMwh",
    kind: "money",
    unit: "USD/MWh",
    source: "the site's price (US industrial ~$85, Tennessee ~$67)",
  },
  {
    key: "idlePowerPercent",
    kind: "percent",
    unit: "% of full draw",
    source: "30% (estimate for an idle HGX node)",
  },
  {
    key: "otherOpexPercent",
    kind: "percent",
    unit: "% of revenue",
    source: "~35% of revenue (CoreWeave adj. EBITDA ~61%)",
  },
  {
    key: "otherOpexFixedPerYear",
    kind: "money",
    unit: "USD/year",
    source: "0 (staff, insurance, land: set your own)",
  },
  {
    key: "financingRatePercent",
    kind: "percent",
    unit: "%/year",
    source: "8% (estimate of a neocloud's cost of debt)",
  },
  {
    key: "taxRatePercent",
    kind: "percent",
    unit: "% of operating income",
    source: "21% (US federal corporate rate)",
  },
  {
    key: "shadowPricePerGpuHour",
    kind: "money",
    unit: "USD/GPU-hour",
    source: "$2.10: an H100 1-year contract ($1.70–2.65)",
  },
  {
    key: "internalUtilisationPercent",
    kind: "percent",
    unit: "% of unleased GPUs",
    source: "90% (estimate for the owner's own training)",
  },
  {
    key: "annualNetLoss",
    kind: "money",
    unit: "USD/year",
    source: "~$6B annualised net loss (the owner, as reported)",
  },
];

/** Every input key for `models`, with its unit and source. */
export function inputSpecs(models: readonly string[]): InputSpec[] {
  return [
    ...models.map((m) => ({
      key: `itCapexPerGpu.${m}`,
      kind: "money" as const,
      unit: "USD/GPU",
      source: "~$50k per H100-class GPU, all-in (public 2025–2026)",
    })),
    ...models.map((m) => ({
      key: `powerKwPerGpu.${m}`,
      kind: "kw" as const,
      unit: "kW/GPU (IT)",
      source: "the GPU catalogue's all-in draw (H100 ~1.3–1.5 kW with PUE)",
    })),
    ...FIXED_SPECS,
  ];
}

const YEARS = /^\d{1,2}$/;
const DECIMAL = /^\d{1,6}(?:\.\d{1,3})?$/;

/** An input's value as it is written on the wire and on the command line. */
export function formatInput(inputs: EconomicInputs, key: string): string {
  const [head, model = ""] = key.split(".");
  switch (head) {
    case "itCapexPerGpu":
      return formatMicros(inputs.itCapexMicrosPerGpu[model] ?? 0n);
    case "powerKwPerGpu":
      return ((inputs.powerWattsPerGpu[model] ?? 0) / 1000).toFixed(3);
    case "facilityCapexPerMw":
      return formatMicros(inputs.facilityCapexMicrosPerMw);
    case "facilityMw":
      return inputs.facilityKw === null ? "auto" : (inputs.facilityKw / 1000).toFixed(3);
    case "itLifeYears":
      return String(inputs.itLifeYears);
    case "facilityLifeYears":
      return String(inputs.facilityLifeYears);
    case "pue":
      return (inputs.pueMilli / 1000).toFixed(3);
    case "electricityPerMwh":
      return formatMicros(inputs.electricityMicrosPerMwh);
    case "idlePowerPercent":
      return formatBps(inputs.idlePowerBps);
    case "otherOpexPercent":
      return formatBps(inputs.otherOpexBps);
    case "otherOpexFixedPerYear":
      return formatMicros(inputs.otherOpexFixedMicrosPerYear);
    case "financingRatePercent":
      return formatBps(inputs.financingRateBps);
    case "taxRatePercent":
      return formatBps(inputs.taxRateBps);
    case "shadowPricePerGpuHour":
      return formatMicros(inputs.shadowPriceMicrosPerGpuHour);
    case "internalUtilisationPercent":
      return formatBps(inputs.internalUtilisationBps);
    default:
      return formatMicros(inputs.annualNetLossMicros);
  }
}

function boundOf(kind: Kind): string {
  switch (kind) {
    case "money":
      return "a non-negative decimal with at most 6 decimals";
    case "percent":
      return "0..100 with at most 2 decimals";
    case "years":
      return "1..40 whole years";
    case "kw":
      return "0.001..100 kW with at most 3 decimals";
    case "mw":
      return "auto, or 0.001..100000 MW with at most 3 decimals";
    default:
      return "1.000..3.000";
  }
}

/** Sets one input; false when the value breaks the input's bound. */
function setInput(inputs: EconomicInputs, spec: InputSpec, text: string): boolean {
  const [head, model = ""] = spec.key.split(".");
  const value = text.trim();
  if (spec.kind === "money") {
    const micros = parseMicros(value);
    if (micros === undefined || micros < 0n) return false;
    if (head === "itCapexPerGpu") inputs.itCapexMicrosPerGpu[model] = micros;
    else if (head === "facilityCapexPerMw") inputs.facilityCapexMicrosPerMw = micros;
    else if (head === "electricityPerMwh") inputs.electricityMicrosPerMwh = micros;
    else if (head === "otherOpexFixedPerYear") inputs.otherOpexFixedMicrosPerYear = micros;
    else if (head === "shadowPricePerGpuHour") inputs.shadowPriceMicrosPerGpuHour = micros;
    else inputs.annualNetLossMicros = micros;
    return true;
  }
  if (spec.kind === "percent") {
    const bps = parseBps(value);
    if (bps === undefined) return false;
    if (head === "idlePowerPercent") inputs.idlePowerBps = bps;
    else if (head === "otherOpexPercent") inputs.otherOpexBps = bps;
    else if (head === "financingRatePercent") inputs.financingRateBps = bps;
    else if (head === "taxRatePercent") inputs.taxRateBps = bps;
    else inputs.internalUtilisationBps = bps;
    return true;
  }
  if (spec.kind === "years") {
    const years = YEARS.test(value) ? Number(value) : 0;
    if (years < 1 || years > 40) return false;
    if (head === "itLifeYears") inputs.itLifeYears = years;
    else inputs.facilityLifeYears = years;
    return true;
  }
  if (spec.kind === "mw" && value === "auto") {
    inputs.facilityKw = null;
    return true;
  }
  const milli = DECIMAL.test(value) ? Math.round(Number(value) * 1000) : 0;
  if (spec.kind === "kw") {
    if (milli < 1 || milli > 100_000) return false;
    inputs.powerWattsPerGpu[model] = milli;
  } else if (spec.kind === "mw") {
    if (milli < 1 || milli > 100_000_000) return false;
    inputs.facilityKw = milli;
  } else {
    if (milli < 1000 || milli > 3000) return false;
    inputs.pueMilli = milli;
  }
  return true;
}

/**
 * `base` with `overrides` applied (`key → value` as written on the wire), or the issues: one per
 * unknown key or value out of bounds, naming the field (`inputs.<key>`) and the bound.
 */
export function applyOverrides(
  base: EconomicInputs,
  overrides: Readonly<Record<string, string>>,
  field = "inputs",
): { inputs: EconomicInputs; issues: FieldIssue[] } {
  const inputs: EconomicInputs = {
    ...base,
    itCapexMicrosPerGpu: { ...base.itCapexMicrosPerGpu },
    powerWattsPerGpu: { ...base.powerWattsPerGpu },
  };
  const specs = new Map(inputSpecs(Object.keys(base.powerWattsPerGpu)).map((s) => [s.key, s]));
  const issues: FieldIssue[] = [];
  for (const [key, value] of Object.entries(overrides)) {
    const spec = specs.get(key);
    if (!spec) {
      issues.push({
        field: `${field}.${key}`,
        message: `unknown input ${key}`,
        bound: `one of ${[...specs.keys()].join("|")}`,
      });
      continue;
    }
    if (!setInput(inputs, spec, value))
      issues.push({
        field: `${field}.${key}`,
        message: `${key} must be ${boundOf(spec.kind)} (got "${value}")`,
        bound: boundOf(spec.kind),
      });
  }
  return { inputs, issues };
}
