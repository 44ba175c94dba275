/**
 * Progress on stderr for long work (parsing, validating, writing nodes): one cli-progress bar
 * per phase when stderr is a terminal, nothing otherwise (the caller then prints one summary line).
 * @module
 */
import { SingleBar } from "cli-progress";
import type { TextStream } from "./cli-io.js";
import { formatCount } from "./output.js";

export interface Progress {
  /** True when bars are drawn; callers print a summary line when it is false. */
  readonly visible: boolean;
  /** Ends the current phase's bar and starts a new one counting `total` `unit`s. */
  phase(label: string, total: number, unit: string): void;
  /** Sets how many units of the current phase are done. */
  update(done: number): void;
  /** Ends the current bar (completing it when `complete`). */
  stop(complete?: boolean): void;
}

const SILENT: Progress = {
  visible: false,
  phase: () => undefined,
  update: () => undefined,
  stop: () => undefined,
};

/** A progress reporter on `stream`: bars on a terminal, silent elsewhere (pipes, files, tests). */
export function createProgress(stream: TextStream): Progress {
  if (!stream.isTTY) return SILENT;
  let bar: SingleBar | undefined;
  let total = 0;
  const stop = (complete = false) => {
    if (!bar) return;
    if (complete) bar.update(total);
    bar.stop();
    bar = undefined;
  };
  return {
    visible: true,
    phase(label, phaseTotal, unit) {
      stop(true);
      total = Math.max(phaseTotal, 1);
      bar = new SingleBar({
        stream,
        format: `${label.padEnd(12)} [{bar}] {percentage}% | {value}/{total} ${unit}`,
        formatValue: (value, _options, type) =>
          type === "value" || type === "total" ? formatCount(value) : String(value),
        hideCursor: true,
        barsize: 30,
        gracefulExit: true,
      });
      bar.start(total, 0);
    },
    update(done) {
      bar?.update(Math.min(done, total));
    },
    stop,
  };
}
