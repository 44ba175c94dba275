/**
 * Where `fleet generate` and `fleet export` put a document: JSON on stdout, or a YAML/JSON file
 * (with progress) followed by a line for people or `{ file, sites, nodes, gpus }` for scripts.
 * @module
 */
import { resolve } from "node:path";
import type { FleetDocumentInput } from "../../fleet/fleet-document.js";
import type { CommandContext } from "../context.js";
import { writeFleetFile } from "../fleet-file-writer.js";
import { fleetFormatOf } from "../fleet-format.js";
import { formatCount, printJson } from "../output.js";
import { createProgress } from "../progress.js";

export async function outputFleet(ctx: CommandContext, doc: FleetDocumentInput, file: string | undefined) {
  if (file === undefined) {
    printJson(ctx.io.stdout, doc);
    return;
  }
  const format = fleetFormatOf(file);
  const progress = createProgress(ctx.io.stderr);
  try {
    await writeFleetFile(resolve(ctx.io.cwd, file), doc, format, progress);
  } finally {
    progress.stop();
  }
  const nodes = doc.sites.reduce((n, s) => n + s.nodes.length, 0);
  const gpus = doc.sites.reduce((g, s) => g + s.nodes.reduce((x, n) => x + n.gpuCount, 0), 0);
  ctx.emit(
    { file, sites: doc.sites.length, nodes, gpus },
    (s) =>
      `wrote ${s.sites} site${s.sites === 1 ? "" : "s"}, ${formatCount(s.nodes)} nodes, ` +
      `${formatCount(s.gpus)} GPUs to ${s.file}\n`,
  );
}
