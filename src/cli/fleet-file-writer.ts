/**
 * Writes a fleet document as YAML or JSON. YAML is emitted in batches of nodes, so a 200,000-GPU
 * fleet shows real progress and never holds a second full copy of itself as YAML nodes.
 * @module
 */

import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { stringify } from "yaml";
import type { FleetDocumentInput } from "../fleet/fleet-document.js";
import type { FleetFormat } from "./fleet-format.js";
import type { Progress } from "./progress.js";

const NODES_PER_BATCH = 2_000;

/** A piece of the file and how many nodes it completes. */
interface Chunk {
  text: string;
  nodes: number;
}

const indent = (text: string, first: string, rest: string) =>
  text
    .replace(/\n$/, "")
    .split("\n")
    .map((line, i) => (i === 0 ? first : rest) + line)
    .join("\n");

/** The document as YAML, in chunks whose concatenation parses back to `doc`. */
export function* yamlChunks(doc: FleetDocumentInput): Generator<Chunk> {
  const { sites, ...rest } = doc;
  if (Object.keys(rest).length > 0) yield { text: stringify(rest), nodes: 0 };
  if (sites.length === 0) {
    yield { text: "sites: []\n", nodes: 0 };
    return;
  }
  yield { text: "sites:\n", nodes: 0 };
  for (const site of sites) {
    const { nodes, ...head } = site;
    yield { text: `${indent(stringify(head), "  - ", "    ")}\n`, nodes: 0 };
    if (nodes.length === 0) {
      yield { text: "    nodes: []\n", nodes: 0 };
      continue;
    }
    yield { text: "    nodes:\n", nodes: 0 };
    for (let i = 0; i < nodes.length; i += NODES_PER_BATCH) {
      const batch = nodes.slice(i, i + NODES_PER_BATCH);
      yield { text: `${indent(stringify(batch), "      ", "      ")}\n`, nodes: batch.length };
    }
  }
}

/** The document as pretty JSON (2 spaces), the same text the API and `-o json` print. */
function* jsonChunks(doc: FleetDocumentInput): Generator<Chunk> {
  const nodes = doc.sites.reduce((n, s) => n + s.nodes.length, 0);
  yield { text: `${JSON.stringify(doc, null, 2)}\n`, nodes };
}

/** Writes `doc` to `path`, reporting nodes written to `progress`. */
export async function writeFleetFile(
  path: string,
  doc: FleetDocumentInput,
  format: FleetFormat,
  progress: Progress,
): Promise<void> {
  const total = doc.sites.reduce((n, s) => n + s.nodes.length, 0);
  progress.phase(format === "yaml" ? "writing YAML" : "writing JSON", total, "nodes");
  const out = createWriteStream(path);
  const failed = once(out, "error").then(([error]) => {
    throw error;
  });
  failed.catch(() => undefined);
  let done = 0;
  for (const chunk of format === "yaml" ? yamlChunks(doc) : jsonChunks(doc)) {
    if (!out.write(chunk.text)) await Promise.race([once(out, "drain"), failed]);
    done += chunk.nodes;
    progress.update(done);
    // Let the bar redraw between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  out.end();
  await Promise.race([once(out, "finish"), failed]);
  progress.stop(true);
}
