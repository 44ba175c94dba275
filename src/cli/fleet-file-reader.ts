/**
 * Reads a fleet file (YAML or JSON by extension) into a plain value, naming the file and the
 * line in the error when it does not parse.
 * @module
 */
import { readFile } from "node:fs/promises";
import { describePosition, parseDocumentText } from "../shared/document-text.js";
import { ApiError } from "./cli-errors.js";
import { fleetFormatOf } from "./fleet-format.js";
import type { Progress } from "./progress.js";

/** The parsed document and its size, for the summary line. */
export interface FleetFileContents {
  raw: unknown;
  bytes: number;
}

export async function readFleetFile(
  path: string,
  shownAs: string,
  progress: Progress,
): Promise<FleetFileContents> {
  const format = fleetFormatOf(path);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const reason = (error as { code?: string }).code === "ENOENT" ? "no such file" : String(error);
    throw new Error(`cannot read fleet file ${shownAs}: ${reason}`);
  }
  const bytes = Buffer.byteLength(text);
  progress.phase(`parsing ${format.toUpperCase()}`, bytes, "bytes");
  // Parsing is synchronous: let the bar draw its first frame before the event loop blocks.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const parsed = parseDocumentText(text, format);
  if (parsed.ok) {
    progress.stop(true);
    return { raw: parsed.value, bytes };
  }
  progress.stop();
  const where = describePosition(parsed);
  const kind = format.toUpperCase();
  throw new ApiError(
    "MALFORMED_JSON",
    `${shownAs} is not valid ${kind}${where ? ` at ${where}` : ""}: ${parsed.message}`,
    {
      issues: [
        {
          field: where ? `${shownAs}:${parsed.line}${parsed.column ? `:${parsed.column}` : ""}` : shownAs,
          message: parsed.message,
          bound: kind,
        },
      ],
    },
  );
}
