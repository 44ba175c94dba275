/**
 * Small helpers shared by the benchmarks: timing with warm-up, medians and percentiles, the
 * machine description, and a markdown table printer.
 * @module
 */
import { cpus, totalmem } from "node:os";

export interface Timing {
  medianMs: number;
  p99Ms: number;
  minMs: number;
  runs: number;
}

export function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { medianMs: at(0.5), p99Ms: at(0.99), minMs: sorted[0] ?? Number.NaN, runs: sorted.length };
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times measured. */
export async function time(runs: number, fn: () => Promise<unknown> | unknown, warmup = 1): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

export function machine(): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  return `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export const ms = (x: number) => `${x < 10 ? x.toFixed(2) : x.toFixed(0)} ms`;

/**
 * A row maker for latency tables: where (`at`), what, median, p99 and worst of `samples`, the
 * target, and the median and p99 as multiples of `base` (the same run's floor).
 */
export function latencyRows(at: string, base: number[]) {
  const floor = summarize(base);
  return (what: string, samples: number[], target: string): string[] => {
    const t = summarize(samples);
    return [
      at,
      what,
      ms(t.medianMs),
      ms(t.p99Ms),
      ms(Math.max(...samples)),
      target,
      `${(t.medianMs / floor.medianMs).toFixed(2)}× / ${(t.p99Ms / floor.p99Ms).toFixed(2)}×`,
    ];
  };
}

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
