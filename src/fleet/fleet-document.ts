/**
 * The fleet file: the shape `fleet import` reads and `fleet export`/`fleet generate` write
 * (YAML or JSON). Validation is all-or-nothing and names the path of every bad value.
 * @module
 */
import { z } from "zod";
import { type FieldIssue, validationError } from "../shared/errors.js";
import { MICROS_PER_UNIT, parseMicros } from "../shared/money.js";
import { plainText } from "../shared/plain-text.js";
import { toFieldIssues } from "../shared/zod-issues.js";
import type { GpuCatalogue, GpuModel } from "./gpu-model.js";
import { NODE_STATES } from "./node.js";
import { isStorage, POWER_SOURCE_KINDS, SITE_KINDS } from "./site.js";
import { pathProblem, SEGMENT_PATTERN, splitPath } from "./topology.js";

/** Hard limits: a file above them is refused before any work. */
export const FLEET_LIMITS = {
  sitesPerFile: 100,
  nodesPerSite: 2_000_000,
  topologyLevels: 8,
  nameLength: 128,
  maxMw: 100_000,
  /** Keeps the price in micros inside PostgreSQL's bigint. */
  maxUsdPerMwh: 1_000_000,
} as const;

const name = z.string().min(1).max(FLEET_LIMITS.nameLength);
const segment = z.string().regex(SEGMENT_PATTERN);
const megawatts = z.number().min(0).max(FLEET_LIMITS.maxMw);

export const gpuModelSchema = z.strictObject({
  name: segment,
  vendor: name,
  memoryGb: z.number().positive().max(10_000),
  powerKwPerGpu: z.number().positive().max(100),
  gpusPerNode: z.number().int().min(1).max(1024),
  nodesPerRack: z.number().int().min(1).max(1024).default(8),
  // B200 serves ~11,000 tokens/s; a thousand times that is a typo, not a GPU.
  servingTokensPerSecondPerGpu: z.number().positive().max(10_000_000).nullable().default(null),
});

export const powerSourceSchema = z.strictObject({
  kind: z.enum(POWER_SOURCE_KINDS),
  installedMw: megawatts,
  permittedMw: megawatts,
  /** Stored energy, batteries only (they are storage: ride-through and peaks, not supply). */
  energyMwh: z
    .number()
    .positive()
    .max(FLEET_LIMITS.maxMw * 100)
    .optional(),
});

export const nodeEntrySchema = z.strictObject({
  name: segment,
  path: z.string().max(1024),
  gpuModel: segment,
  gpuCount: z.number().int().min(1).max(1024),
  state: z.enum(NODE_STATES).default("healthy"),
});

export const siteEntrySchema = z.strictObject({
  name: segment,
  kind: z.enum(SITE_KINDS).default("terrestrial"),
  location: plainText().max(256).default(""),
  pue: z.number().min(1).max(3),
  /** Decimal dollars per MWh, e.g. "67.00". */
  electricityUsdPerMwh: z.string().max(32),
  powerSources: z.array(powerSourceSchema).min(1).max(32),
  topologyLevels: z.array(segment).min(2).max(FLEET_LIMITS.topologyLevels),
  nodes: z.array(nodeEntrySchema).max(FLEET_LIMITS.nodesPerSite),
});

export const fleetDocumentSchema = z.strictObject({
  gpuModels: z.array(gpuModelSchema).max(64).default([]),
  sites: z.array(siteEntrySchema).min(1).max(FLEET_LIMITS.sitesPerFile),
});

export type FleetDocumentInput = z.input<typeof fleetDocumentSchema>;
export type FleetDocument = z.output<typeof fleetDocumentSchema>;
export type SiteEntry = z.output<typeof siteEntrySchema>;

/** A fleet document that passed every check, with money parsed to micros. */
export interface ValidFleetDocument {
  gpuModels: GpuModel[];
  sites: Array<SiteEntry & { electricityPriceMicrosPerMwh: bigint }>;
}

/** Most issues reported for one file; past this the file is clearly of the wrong shape. */
const MAX_ISSUES = 100;

/** A document as far as it parsed: entries that failed the schema are holes (their issues are reported). */
interface PartialDocument {
  gpuModels: Array<GpuModel | undefined>;
  sites: Array<(Omit<SiteEntry, "nodes"> & { nodes: Array<NodeEntry | undefined> }) | undefined>;
}

type NodeEntry = z.output<typeof nodeEntrySchema>;

const documentShape = z.strictObject({
  gpuModels: z.array(z.unknown()).max(64).default([]),
  sites: z.array(z.unknown()).min(1).max(FLEET_LIMITS.sitesPerFile),
});
const siteShape = siteEntrySchema.extend({ nodes: z.array(z.unknown()).max(FLEET_LIMITS.nodesPerSite) });

/**
 * Parses entry by entry, so one bad node does not hide the rest of the file: every schema issue,
 * and the entries that passed for the cross-field rules to check.
 */
function parsePiecewise(raw: unknown, add: (issue: FieldIssue) => void): PartialDocument | undefined {
  const top = documentShape.safeParse(raw, { reportInput: true });
  if (!top.success) {
    for (const issue of toFieldIssues(top.error)) add(issue);
    return undefined;
  }
  const gpuModels = top.data.gpuModels.map((entry, i) => {
    const model = gpuModelSchema.safeParse(entry, { reportInput: true });
    if (model.success) return model.data;
    for (const issue of toFieldIssues(model.error, ["gpuModels", i], entry)) add(issue);
    return undefined;
  });
  const sites = top.data.sites.map((entry, s) => {
    const site = siteShape.safeParse(entry, { reportInput: true });
    if (!site.success) {
      for (const issue of toFieldIssues(site.error, ["sites", s], entry)) add(issue);
      return undefined;
    }
    const nodes = site.data.nodes.map((nodeEntry, n) => {
      const node = nodeEntrySchema.safeParse(nodeEntry, { reportInput: true });
      if (node.success) return node.data;
      for (const issue of toFieldIssues(node.error, ["sites", s, "nodes", n], nodeEntry)) add(issue);
      return undefined;
    });
    return { ...site.data, nodes };
  });
  return { gpuModels, sites };
}

/**
 * Validates a parsed fleet file against the schema and the cross-field rules (known GPU model,
 * gpuCount within the model's node size, path depth matching the site's levels, unique names).
 * Throws VALIDATION_FAILED listing every issue of the file in one pass (schema and cross-field,
 * up to 100); never returns a half-valid document.
 */
export function validateFleetDocument(raw: unknown, known: GpuCatalogue): ValidFleetDocument {
  const issues: FieldIssue[] = [];
  const add = (issue: FieldIssue) => {
    if (issues.length < MAX_ISSUES) issues.push(issue);
  };
  const parsed = fleetDocumentSchema.safeParse(raw, { reportInput: true });
  // The common case parses whole; a file with schema errors is parsed again entry by entry.
  const doc: PartialDocument | undefined = parsed.success ? parsed.data : parsePiecewise(raw, add);
  if (!doc) throw validationError(issues);

  const catalogue = new Map(known);
  doc.gpuModels.forEach((m, i) => {
    if (!m) return;
    const stored = known.get(m.name);
    if (catalogue.has(m.name) && !stored) {
      add({ field: `gpuModels[${i}].name`, message: `duplicate GPU model ${m.name}`, bound: "unique" });
    } else if (stored && !sameModel(stored, m)) {
      // Redefining a stored model would silently change the power and capacity of every site using it.
      add({
        field: `gpuModels[${i}].name`,
        message: `GPU model ${m.name} already exists with different figures; give this model another name`,
        bound: "new name, or figures identical to the stored model",
      });
    }
    catalogue.set(m.name, m);
  });

  const siteNames = new Set<string>();
  const sites = doc.sites.map((site, s) => {
    if (!site) return undefined;
    const at = `sites[${s}]`;
    if (siteNames.has(site.name))
      add({ field: `${at}.name`, message: `duplicate site name ${site.name}`, bound: "unique" });
    siteNames.add(site.name);
    const price = parseMicros(site.electricityUsdPerMwh);
    if (price === undefined || price < 0n) {
      add({
        field: `${at}.electricityUsdPerMwh`,
        message: `${at}.electricityUsdPerMwh must be a non-negative decimal with at most 6 fractional digits (got "${site.electricityUsdPerMwh}")`,
        bound: ">= 0, 6 decimals",
      });
    } else if (price > BigInt(FLEET_LIMITS.maxUsdPerMwh) * MICROS_PER_UNIT) {
      add({
        field: `${at}.electricityUsdPerMwh`,
        message: `${at}.electricityUsdPerMwh must be <= ${FLEET_LIMITS.maxUsdPerMwh} (got "${site.electricityUsdPerMwh}")`,
        bound: `<= ${FLEET_LIMITS.maxUsdPerMwh}`,
      });
    }
    site.powerSources.forEach((source, p) => {
      const field = `${at}.powerSources[${p}].energyMwh`;
      if (isStorage(source.kind) && source.energyMwh === undefined)
        add({
          field,
          message: `${field} is required for a ${source.kind}: how much energy it stores`,
          bound: "> 0 MWh",
        });
      if (!isStorage(source.kind) && source.energyMwh !== undefined)
        add({
          field,
          message: `${field} applies to batteries only, not to ${source.kind}`,
          bound: "battery only",
        });
    });
    if (new Set(site.topologyLevels).size !== site.topologyLevels.length) {
      add({ field: `${at}.topologyLevels`, message: "topology level names must be unique", bound: "unique" });
    }
    checkNodes(site, at, catalogue, add);
    return { ...site, electricityPriceMicrosPerMwh: price ?? 0n };
  });

  if (issues.length > 0 || !parsed.success) throw validationError(issues);
  return {
    gpuModels: parsed.data.gpuModels,
    sites: parsed.data.sites.map((site, s) => ({
      ...site,
      electricityPriceMicrosPerMwh: sites[s]?.electricityPriceMicrosPerMwh ?? 0n,
    })),
  };
}

function sameModel(a: GpuModel, b: GpuModel): boolean {
  return (
    a.vendor === b.vendor &&
    a.memoryGb === b.memoryGb &&
    a.powerKwPerGpu === b.powerKwPerGpu &&
    a.gpusPerNode === b.gpusPerNode &&
    a.nodesPerRack === b.nodesPerRack &&
    a.servingTokensPerSecondPerGpu === b.servingTokensPerSecondPerGpu
  );
}

function checkNodes(
  site: Pick<SiteEntry, "name" | "topologyLevels"> & { nodes: ReadonlyArray<NodeEntry | undefined> },
  at: string,
  catalogue: GpuCatalogue,
  add: (i: FieldIssue) => void,
): void {
  const names = new Set<string>();
  let lastPath: string | undefined;
  let lastPathOk = true;
  site.nodes.forEach((node, n) => {
    if (!node) return;
    const nat = `${at}.nodes[${n}]`;
    if (names.has(node.name))
      add({
        field: `${nat}.name`,
        message: `duplicate node name ${node.name} in site ${site.name}`,
        bound: "unique in site",
      });
    names.add(node.name);
    // Consecutive nodes usually share a path; check each distinct path once.
    if (node.path !== lastPath) {
      lastPath = node.path;
      const problem = pathProblem(node.path, site.topologyLevels);
      lastPathOk = problem === undefined;
      if (problem)
        add({
          field: `${nat}.path`,
          message: `${nat}.path ${problem}`,
          bound:
            splitPath(node.path).length === site.topologyLevels.length - 1
              ? `segments match ${SEGMENT_PATTERN.source}`
              : `${site.topologyLevels.length - 1} segments`,
        });
    } else if (!lastPathOk) {
      add({ field: `${nat}.path`, message: `${nat}.path is invalid (same as the node before)` });
    }
    const model = catalogue.get(node.gpuModel);
    if (!model) {
      add({
        field: `${nat}.gpuModel`,
        message: `unknown GPU model ${node.gpuModel}`,
        bound: `one of ${[...catalogue.keys()].join("|")}`,
      });
    } else if (node.gpuCount > model.gpusPerNode) {
      add({
        field: `${nat}.gpuCount`,
        message: `${nat}.gpuCount must be <= ${model.gpusPerNode} for ${model.name} (got ${node.gpuCount})`,
        bound: `<= ${model.gpusPerNode}`,
      });
    }
  });
}
