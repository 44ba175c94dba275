/**
 * The breakeven surface: the operating margin over a grid of price per GPU-hour × utilisation,
 * from the same costs breakeven weighs (fixed, power by use, the revenue share). Margins are
 * estimates; a cell at or above zero is at or past breakeven.
 * @module
 */
import { type BreakevenBasis, costsAt, volumeAt } from "./breakeven.js";

export interface BreakevenSurface {
  /** Prices, micros per GPU-hour, ascending. */
  pricesMicros: bigint[];
  /** Utilisations, basis points, ascending. */
  utilisationsBps: number[];
  /** margins[u][p]: the margin estimate at utilisationsBps[u] and pricesMicros[p]; null without revenue. */
  margins: Array<Array<number | null>>;
}

/** The surface over `steps` prices from `minPrice` to `maxPrice` and utilisations 10%..100% by 10. */
export function breakevenSurface(
  b: BreakevenBasis,
  minPriceMicros: bigint,
  maxPriceMicros: bigint,
  steps = 12,
): BreakevenSurface {
  const pricesMicros = Array.from(
    { length: steps },
    (_, i) =>
      minPriceMicros + ((maxPriceMicros - minPriceMicros) * BigInt(i)) / BigInt(Math.max(1, steps - 1)),
  );
  const utilisationsBps = Array.from({ length: 10 }, (_, i) => (i + 1) * 1_000);
  const keep = Number(10_000n - b.otherOpexBps) / 10_000;
  const margins = utilisationsBps.map((u) => {
    const volume = Number(volumeAt(b, u));
    const costs = Number(costsAt(b, u));
    return pricesMicros.map((p) => {
      const revenue = Number(p) * volume;
      return revenue > 0 ? (revenue * keep - costs) / revenue : null;
    });
  });
  return { pricesMicros, utilisationsBps, margins };
}
