/**
 * `leasehold nodes list|show|set-state`: filtered, paginated listings, one node with its history,
 * and state changes with a reason.
 * @module
 */
import { Command, Option } from "commander";
import type { FleetNode, NodeDetail, paths } from "../../contract/generated/api.js";
import { NODE_STATES, type NodeState } from "../../fleet/node.js";
import type { CliIo } from "../cli-io.js";
import { contextOf } from "../context.js";
import { formatCount, renderFields, renderTable } from "../output.js";
import { nextPageHint, type PageOptions, pagesFor, withPageOptions } from "../page-options.js";

interface ListOptions extends PageOptions {
  site?: string;
  state?: NodeState;
  path?: string;
  gpuModel?: string;
}

type NodeChange = paths["/v1/sites/{site}/nodes"]["patch"]["responses"][200]["content"]["application/json"];

function renderNodes(nodes: readonly FleetNode[]): string {
  if (nodes.length === 0) return "no nodes match\n";
  return renderTable(
    [
      { header: "SITE", value: (n) => n.siteName },
      { header: "NAME", value: (n) => n.name },
      { header: "PATH", value: (n) => n.path },
      { header: "GPU MODEL", value: (n) => n.gpuModel },
      { header: "GPUS", value: (n) => n.gpuCount },
      { header: "STATE", value: (n) => n.state },
      { header: "SINCE", value: (n) => n.stateChangedAt },
    ],
    nodes,
  );
}

/** A replacement as a sentence: "r0113-n04 left frontier-lab/rent-half; r0113-n08 (a spare in the same rack) replaced it". */
function replacementSentence(r: NodeChange["replacements"][number]): string {
  const left = `${r.node} left ${r.lease}`;
  if (!r.replacement)
    return `${left}; nothing could replace it: the lease is ${formatCount(r.shortfallGpus)} GPUs short`;
  const from = r.source === "spare" ? "a spare" : "a house node";
  const where = r.level === "site" ? "elsewhere on the site" : `in the same ${r.level ?? "site"}`;
  const short = r.shortfallGpus > 0 ? ` (still ${formatCount(r.shortfallGpus)} GPUs short)` : "";
  return `${left}; ${r.replacement}, ${from} ${where}, replaced it${short}`;
}

function renderOutcome(outcome: NodeChange, state: NodeState): string {
  const lines = [
    ...(outcome.unchanged.length
      ? [`Already ${state}, left as they were: ${outcome.unchanged.join(", ")}`]
      : []),
    ...outcome.replacements.map(replacementSentence),
  ];
  return lines.length ? `\n${lines.join("\n")}\n` : "";
}

function renderNode({ node, events }: NodeDetail): string {
  const fields = renderFields([
    ["Node", `${node.name} (${node.id})`],
    ["Site", node.siteName],
    ["Path", node.path],
    ["GPUs", `${formatCount(node.gpuCount)} × ${node.gpuModel}`],
    ["State", `${node.state} since ${node.stateChangedAt}`],
  ]);
  if (events.length === 0) return `${fields}\nNo state changes recorded.\n`;
  const history = renderTable(
    [
      { header: "AT", value: (e) => e.at },
      { header: "FROM", value: (e) => e.fromState },
      { header: "TO", value: (e) => e.toState },
      { header: "ACTOR", value: (e) => e.actor },
      { header: "REASON", value: (e) => e.reason },
    ],
    events,
  );
  return `${fields}\nRecent state changes:\n${history}`;
}

const stateOption = () => new Option("--state <state>", "node state").choices(NODE_STATES);

export function nodesCommand(io: CliIo): Command {
  const nodes = new Command("nodes").description("Nodes: listings, details and health state");

  const list = nodes
    .command("list")
    .description("List nodes, filtered and paginated (the next page's cursor printed at the end)")
    .option("--site <site>", "only this site (name or id)")
    .addOption(stateOption())
    .option("--path <prefix>", "topology prefix, e.g. hall-01/block-003")
    .option("--gpu-model <model>", "only this GPU model, e.g. H100 (any case)");
  withPageOptions(list, "nodes").action(async (options: ListOptions, command: Command) => {
    const ctx = contextOf(command, io);
    const query = {
      site: options.site,
      state: options.state,
      path: options.path,
      gpuModel: options.gpuModel,
    };
    const payload = await pagesFor("nodes", options, (page) =>
      ctx.call((api) => api.GET("/v1/nodes", { params: { query: { ...query, ...page } } })),
    );
    ctx.emit(payload, (p) => renderNodes(p.nodes));
    nextPageHint(ctx, "nodes", payload.nextCursor);
  });

  nodes
    .command("show")
    .description("Show one node and its recent state changes")
    .argument("<site>", "site name or id")
    .argument("<node>", "node name or id")
    .action(async (site: string, node: string, _options, command: Command) => {
      const ctx = contextOf(command, io);
      const payload = await ctx.call((api) =>
        api.GET("/v1/sites/{site}/nodes/{node}", { params: { path: { site, node } } }),
      );
      ctx.emit(payload, renderNode);
    });

  nodes
    .command("set-state")
    .description(
      "Set the state of nodes of a site, with a reason; says which were already in it and what replaced leased nodes",
    )
    .argument("<site>", "site name or id")
    .argument("<nodes...>", "node names or ids")
    .addOption(stateOption().makeOptionMandatory())
    .requiredOption("--reason <text>", "why, e.g. 'XID 79: GPU fell off the bus'")
    .action(
      async (
        site: string,
        refs: string[],
        options: { state: NodeState; reason: string },
        command: Command,
      ) => {
        const ctx = contextOf(command, io);
        // One atomic request: either every node changes or none does.
        const body = { nodes: refs, state: options.state, reason: options.reason };
        const outcome = await ctx.call((api) =>
          api.PATCH("/v1/sites/{site}/nodes", { params: { path: { site } }, body }),
        );
        ctx.emit(outcome, (p) => renderNodes(p.nodes) + renderOutcome(p, options.state));
      },
    );

  return nodes;
}
