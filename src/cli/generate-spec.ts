/**
 * Turns `fleet generate` flags into a GenerateSpec: the Colossus preset, or a site built from
 * --gpus, --mix and layout flags with sensible defaults (10 MW grid permit, PUE 1.2, $80/MWh).
 * @module
 */
import { COLOSSUS_PRESET } from "../fleet/colossus-preset.js";
import type { GeneratedGroup, GenerateSpec } from "../fleet/generate-fleet.js";
import type { GpuCatalogue } from "../fleet/gpu-model.js";
import type { NodeState } from "../fleet/node.js";
import { SEGMENT_PATTERN } from "../fleet/topology.js";
import { UsageError } from "./cli-errors.js";

export interface GenerateFlags {
  preset?: string;
  siteName?: string;
  gpus?: number;
  mix?: string;
  racksPerBlock?: number;
  blocksPerHall?: number;
  unhealthy?: string;
  seed?: number;
}

export const GENERATE_DEFAULTS = {
  siteName: "generated-1",
  gpus: 1024,
  mix: "H100=1",
  racksPerBlock: 16,
  blocksPerHall: 8,
  seed: 1,
  gridMw: 10,
  pue: 1.2,
  electricityUsdPerMwh: "80.00",
} as const;

/** How far the --mix fractions may sum from 1 (rounding in hand-written mixes such as thirds). */
const MIX_TOLERANCE = 0.01;

type UnhealthyState = Exclude<NodeState, "healthy">;
const UNHEALTHY_STATES: readonly UnhealthyState[] = ["failed", "degraded", "maintenance"];
/** How a single --unhealthy fraction splits across states: 1:2:3, as in the Colossus preset. */
const UNHEALTHY_SPLIT: Record<UnhealthyState, number> = {
  failed: 1 / 6,
  degraded: 2 / 6,
  maintenance: 3 / 6,
};

/** Parses `NAME=FRACTION,…` into pairs; each fraction must lie in [0, 1]. */
function fractions(flag: string, text: string): Array<[string, number]> {
  const seen = new Set<string>();
  return text.split(",").map((part) => {
    const [name, value, ...extra] = part.split("=").map((s) => s.trim());
    const fraction = Number(value);
    if (!name || value === undefined || value === "" || extra.length || !Number.isFinite(fraction)) {
      throw new UsageError(`${flag} must look like NAME=FRACTION,… (got "${part}")`);
    }
    if (fraction < 0 || fraction > 1) {
      throw new UsageError(`${flag} fraction for ${name} must be between 0 and 1 (got ${value})`);
    }
    if (seen.has(name)) throw new UsageError(`${flag} names ${name} twice`);
    seen.add(name);
    return [name, fraction];
  });
}

/** Parses --mix: known models, positive fractions summing to 1 (±0.01). */
export function parseMix(text: string, catalogue: GpuCatalogue): Array<[string, number]> {
  const mix = fractions("--mix", text);
  for (const [model, fraction] of mix) {
    if (!catalogue.has(model)) {
      throw new UsageError(
        `--mix names unknown GPU model ${model} (known: ${[...catalogue.keys()].join("|")})`,
      );
    }
    if (fraction === 0) throw new UsageError(`--mix fraction for ${model} must be above 0 (got 0)`);
  }
  const sum = mix.reduce((s, [, f]) => s + f, 0);
  if (Math.abs(sum - 1) > MIX_TOLERANCE) {
    throw new UsageError(`--mix fractions must sum to 1 (±${MIX_TOLERANCE}) (got ${Number(sum.toFixed(6))})`);
  }
  return mix;
}

/** Parses --unhealthy: one fraction split 1:2:3 over failed/degraded/maintenance, or `STATE=FRACTION,…`. */
export function parseUnhealthy(text: string): GenerateSpec["unhealthy"] {
  const single = Number(text);
  let out: GenerateSpec["unhealthy"];
  if (text.trim() !== "" && Number.isFinite(single)) {
    if (single < 0 || single > 1) throw new UsageError(`--unhealthy must be between 0 and 1 (got ${text})`);
    out = Object.fromEntries(UNHEALTHY_STATES.map((s) => [s, single * UNHEALTHY_SPLIT[s]]));
  } else {
    out = {};
    for (const [state, fraction] of fractions("--unhealthy", text)) {
      if (!UNHEALTHY_STATES.includes(state as UnhealthyState)) {
        throw new UsageError(`--unhealthy state must be one of ${UNHEALTHY_STATES.join("|")} (got ${state})`);
      }
      out[state as UnhealthyState] = fraction;
    }
  }
  const sum = Object.values(out).reduce((s, f) => s + f, 0);
  if (sum > 1) throw new UsageError(`--unhealthy fractions must sum to at most 1 (got ${sum})`);
  return out;
}

function siteNameOf(flags: GenerateFlags, fallback: string): string {
  const name = flags.siteName ?? fallback;
  if (!SEGMENT_PATTERN.test(name)) {
    throw new UsageError(`--site-name must be 1-64 letters, digits, ".", "_" or "-" (got "${name}")`);
  }
  return name;
}

/** The spec for the flags; every problem is a UsageError naming the flag and its bound. */
export function generateSpecOf(flags: GenerateFlags, catalogue: GpuCatalogue): GenerateSpec {
  if (flags.preset !== undefined) {
    if (flags.preset !== "colossus")
      throw new UsageError(`--preset must be colossus (got "${flags.preset}")`);
    const layout = (["gpus", "mix", "racksPerBlock", "blocksPerHall"] as const).filter(
      (k) => flags[k] !== undefined,
    );
    if (layout.length) {
      const names = layout.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
      throw new UsageError(`--preset colossus fixes the layout; drop ${names.join(", ")}`);
    }
    return {
      ...COLOSSUS_PRESET,
      siteName: siteNameOf(flags, COLOSSUS_PRESET.siteName),
      unhealthy: flags.unhealthy === undefined ? COLOSSUS_PRESET.unhealthy : parseUnhealthy(flags.unhealthy),
      seed: flags.seed ?? COLOSSUS_PRESET.seed,
    };
  }
  const gpus = flags.gpus ?? GENERATE_DEFAULTS.gpus;
  const groups: GeneratedGroup[] = parseMix(flags.mix ?? GENERATE_DEFAULTS.mix, catalogue).map(
    ([gpuModel, fraction]) => {
      const gpuCount = Math.round(gpus * fraction);
      if (gpuCount < 1) {
        throw new UsageError(
          `--mix gives ${gpuModel} no GPUs out of --gpus ${gpus}; raise --gpus or drop ${gpuModel}`,
        );
      }
      return {
        gpuModel,
        gpuCount,
        racksPerBlock: flags.racksPerBlock ?? GENERATE_DEFAULTS.racksPerBlock,
        blocksPerHall: flags.blocksPerHall ?? GENERATE_DEFAULTS.blocksPerHall,
      };
    },
  );
  const { gridMw, pue, electricityUsdPerMwh } = GENERATE_DEFAULTS;
  return {
    siteName: siteNameOf(flags, GENERATE_DEFAULTS.siteName),
    kind: "terrestrial",
    location: "",
    pue,
    electricityUsdPerMwh,
    powerSources: [{ kind: "grid", installedMw: gridMw, permittedMw: gridMw }],
    groups,
    unhealthy: flags.unhealthy === undefined ? {} : parseUnhealthy(flags.unhealthy),
    seed: flags.seed ?? GENERATE_DEFAULTS.seed,
  };
}
