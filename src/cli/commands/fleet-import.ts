/**
 * `leasehold fleet import FILE`: parse and validate locally against the server's GPU catalogue
 * (errors arrive fast, with paths like sites[0].nodes[1042].gpuCount), then upload as JSON and
 * follow the server's NDJSON progress until its result or error line.
 * @module
 */
import { resolve } from "node:path";
import { errorAnswerOf, ndjsonLines } from "../../contract/client.js";
import type { FleetDocument, ImportResult, ImportStreamLine } from "../../contract/generated/api.js";
import { everyPage, LARGEST_PAGE } from "../../contract/pages.js";
import { validateFleetDocument } from "../../fleet/fleet-document.js";
import { catalogueOf } from "../../fleet/gpu-model.js";
import { apiErrorOf } from "../api-client.js";
import { ApiError } from "../cli-errors.js";
import type { CommandContext } from "../context.js";
import { readFleetFile } from "../fleet-file-reader.js";
import { formatCount, renderTable } from "../output.js";
import { createProgress, type Progress } from "../progress.js";

function renderResult(result: ImportResult): string {
  return renderTable(
    [
      { header: "SITE", value: (s) => s.name },
      { header: "NODES", value: (s) => s.nodes },
      { header: "GPUS", value: (s) => s.gpus },
      { header: "REPLACED", value: (s) => (s.replaced ? "yes" : "no") },
      { header: "ID", value: (s) => s.id },
    ],
    result.sites,
  );
}

/** Follows the import stream, moving the bar on progress lines; returns the result line's payload. */
function follow(progress: Progress) {
  let result: ImportResult | undefined;
  let failure: ApiError | undefined;
  const onLine = (value: unknown) => {
    const line = value as ImportStreamLine;
    if (line.type === "progress" && line.phase === "validated")
      progress.phase("writing", line.nodes, "nodes");
    else if (line.type === "progress") progress.update(line.written);
    else if (line.type === "result") result = line.result;
    // An error after the stream started has no status of its own: the answer was 200.
    else if (line.type === "error") failure = apiErrorOf(errorAnswerOf(line.error, 200), undefined);
  };
  const outcome = (): ImportResult => {
    if (failure) throw failure;
    if (!result) {
      throw new ApiError(
        "INTERNAL",
        "the import stream ended without a result: check `leasehold sites list`",
      );
    }
    return result;
  };
  return { onLine, outcome };
}

export async function importFleetFile(ctx: CommandContext, file: string, replace: boolean): Promise<void> {
  const started = performance.now();
  const { gpuModels } = await everyPage("gpuModels", (cursor) =>
    ctx.call((api) => api.GET("/v1/gpu-models", { params: { query: { limit: LARGEST_PAGE, cursor } } })),
  );
  const progress = createProgress(ctx.io.stderr);
  try {
    const { raw } = await readFleetFile(resolve(ctx.io.cwd, file), file, progress);
    progress.phase("validating", 1, "file");
    await new Promise((r) => setTimeout(r, 0));
    validateFleetDocument(raw, catalogueOf(gpuModels));
    progress.phase("uploading", 1, "file");
    const stream = follow(progress);
    const body = await ctx.call((api) =>
      api.POST("/v1/fleet/import", {
        params: { query: { replace: replace ? "true" : "false" } },
        // The file as it was read: checked above with the server's own rules, which it applies again.
        body: raw as FleetDocument,
        headers: { accept: "application/x-ndjson" },
        parseAs: "stream" as const,
      }),
    );
    if (body) for await (const line of ndjsonLines(body)) stream.onLine(line);
    const result = stream.outcome();
    progress.stop(true);
    if (!progress.visible) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const sites = `${result.sites.length} site${result.sites.length === 1 ? "" : "s"}`;
      ctx.io.stderr.write(
        `imported ${sites}, ${formatCount(result.nodes)} nodes, ${formatCount(result.gpus)} GPUs from ${file} in ${seconds}s\n`,
      );
    }
    ctx.emit(result, renderResult);
  } finally {
    progress.stop();
  }
}
