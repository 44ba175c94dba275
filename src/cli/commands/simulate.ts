/**
 * `leasehold simulate --site colossus-1`: heartbeats for every node of a site from one process,
 * against a running server, as if each node ran its agent. Issues the site's agent keys itself
 * with the operator key (replacing real agents' keys). Failures, recoveries, an XID storm in one
 * rack and a power event that takes one block dark come from a seeded model, so a run repeats;
 * `--speed 60` sends an interval's heartbeats every interval/60 of real time.
 * @module
 */
import { Command, InvalidArgumentError } from "commander";
import { parseDurationMs } from "../../agent/duration.js";
import { type NodeReport, SimulatedFleet } from "../../agent/simulated-fleet.js";
import { createLeaseholdApi, type LeaseholdApi, payload } from "../../contract/client.js";
import { everyPage, LARGEST_PAGE } from "../../contract/pages.js";
import { apiErrorOf } from "../api-client.js";
import type { CliIo } from "../cli-io.js";
import { DEFAULT_SERVER } from "../connection.js";
import { contextOf } from "../context.js";
import { nonNegativeInt, positiveInt } from "../option-parsers.js";
import { formatCount } from "../output.js";

interface SimulateOptions {
  site: string;
  interval: number;
  duration: number;
  speed: number;
  failureRate: number;
  repair: number;
  xidStorm?: string;
  xidStormAt: number;
  powerEvent?: string;
  powerEventAt: number;
  powerEventFor: number;
  seed: number;
  concurrency: number;
}

function duration(text: string): number {
  const ms = parseDurationMs(text);
  if (ms === undefined) throw new InvalidArgumentError("must be a duration such as 10s, 5m or 1h.");
  return ms;
}

function rate(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 3600)
    throw new InvalidArgumentError("must be a number from 0 to 3600.");
  return n;
}

/** What a run did, printed at the end (and as JSON with -o json). */
interface SimulationSummary {
  site: string;
  nodes: number;
  ticks: number;
  simulatedS: number;
  elapsedS: number;
  heartbeats: number;
  heartbeatsPerS: number;
  refused: number;
  unreachable: number;
  injected: Record<string, number>;
  stateChanges: Record<string, number>;
}

export function simulateCommand(io: CliIo): Command {
  return new Command("simulate")
    .description(
      "Send every node of a site's heartbeats from one process, with seeded failures (needs an operator key)",
    )
    .requiredOption("--site <site>", "site name or id")
    .option("--interval <duration>", "simulated heartbeat interval", duration, 10_000)
    .option("--duration <duration>", "simulated time to run", duration, 600_000)
    .option("--speed <factor>", "times faster than real time", positiveInt(3600), 1)
    .option("--failure-rate <perNodeHour>", "failures per node per hour", rate, 0.01)
    .option("--repair <duration>", "mean time to repair a failed node", duration, 1_800_000)
    .option("--xid-storm <rack>", "a rack path whose nodes all raise XID 79")
    .option("--xid-storm-at <duration>", "when the XID storm hits (simulated time)", duration, 60_000)
    .option("--power-event <block>", "a block path whose nodes all go dark")
    .option("--power-event-at <duration>", "when the power event starts", duration, 120_000)
    .option("--power-event-for <duration>", "how long the block stays dark", duration, 300_000)
    .option("--seed <n>", "random seed, for a repeatable run", nonNegativeInt, 1)
    .option("--concurrency <requests>", "requests in flight at once", positiveInt(1024), 64)
    .action(async (options: SimulateOptions, command: Command) => {
      const ctx = contextOf(command, io);
      const globals = command.optsWithGlobals<{ server?: string }>();
      const server = (globals.server ?? io.env.LEASEHOLD_SERVER ?? DEFAULT_SERVER).replace(/\/+$/, "");
      const listing = await everyPage("nodes", (cursor) =>
        ctx.call((api) =>
          api.GET("/v1/sites/{site}/nodes", {
            params: {
              path: { site: options.site },
              query: { limit: LARGEST_PAGE, ...(cursor ? { cursor } : {}) },
            },
          }),
        ),
      );
      const issued = await ctx.call((api) =>
        api.POST("/v1/sites/{site}/agent-keys", { params: { path: { site: options.site } }, body: {} }),
      );
      io.stderr.write(
        `simulating ${formatCount(listing.nodes.length)} nodes of ${issued.siteName} (agent keys issued), seed ${options.seed}\n`,
      );
      const keyOf = new Map(issued.keys.map((k) => [k.nodeId, k.key]));
      const nodes = listing.nodes.filter((n) => keyOf.has(n.id));
      const agents = nodes.map((n) =>
        createLeaseholdApi({
          baseUrl: server,
          apiKey: keyOf.get(n.id) ?? "",
          onErrorAnswer: (a) => apiErrorOf(a),
        }),
      );
      const summary = await simulate(options, issued.siteId, issued.siteName, nodes, agents, io);
      ctx.emit(summary, renderSummary);
    });
}

async function simulate(
  options: SimulateOptions,
  siteId: string,
  siteName: string,
  nodes: ReadonlyArray<{ name: string; path: string; gpuCount: number }>,
  agents: readonly LeaseholdApi[],
  io: CliIo,
): Promise<SimulationSummary> {
  const intervalS = Math.max(1, Math.round(options.interval / 1000));
  const fleet = new SimulatedFleet(nodes, {
    seed: options.seed,
    intervalS,
    failuresPerNodeHour: options.failureRate,
    repairS: options.repair / 1000,
    ...(options.xidStorm
      ? { xidStormRack: options.xidStorm, xidStormTick: Math.round(options.xidStormAt / options.interval) }
      : {}),
    ...(options.powerEvent
      ? {
          powerEventBlock: options.powerEvent,
          powerEventTick: Math.round(options.powerEventAt / options.interval),
          powerEventTicks: Math.max(1, Math.round(options.powerEventFor / options.interval)),
        }
      : {}),
  });
  const ticks = Math.max(1, Math.round(options.duration / options.interval));
  const realTickMs = options.interval / options.speed;
  // Energy follows real time: each heartbeat stands for the real time between two of a node's.
  const reportedIntervalS = Math.max(1, Math.round(realTickMs / 1000));
  const agentId = `sim-${options.seed}-${Date.now().toString(36)}`;
  const stateChanges: Record<string, number> = {};
  let heartbeats = 0;
  let refused = 0;
  let unreachable = 0;
  const started = performance.now();
  const tty = io.stderr.isTTY === true;
  for (let t = 0; t < ticks; t++) {
    const tickStarted = performance.now();
    const reports = fleet.next();
    const readAt = new Date().toISOString();
    const sendOne = async (i: number, report: NodeReport) => {
      if (report === null) return;
      const node = nodes[i] as (typeof nodes)[number];
      try {
        const ack = await payload(
          (agents[i] as LeaseholdApi).POST("/v1/agent/heartbeats", {
            body: {
              site: siteId,
              node: node.name,
              heartbeats: [
                {
                  agentId: `${agentId}-${i}`,
                  sequence: t + 1,
                  readAt,
                  intervalS: reportedIntervalS,
                  ...report,
                },
              ],
            },
          }),
        );
        heartbeats++;
        if (ack.change) {
          const key = `${ack.change.from}→${ack.change.to}`;
          stateChanges[key] = (stateChanges[key] ?? 0) + 1;
        }
      } catch (error) {
        if ((error as { code?: string }).code) refused++;
        else unreachable++;
      }
    };
    let next = 0;
    const worker = async () => {
      while (next < reports.length) {
        const i = next++;
        await sendOne(i, reports[i] ?? null);
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, reports.length) }, worker));
    const elapsedS = (performance.now() - started) / 1000;
    const line = `${siteName} t+${formatClock((t + 1) * intervalS)} · tick ${t + 1}/${ticks} · ${formatCount(heartbeats)} heartbeats (${formatCount(Math.round(heartbeats / Math.max(elapsedS, 0.001)))}/s) · failed ${stateChanges["healthy→failed"] ?? 0} · recovered ${stateChanges["failed→healthy"] ?? 0}`;
    io.stderr.write(tty ? `\r${line}\u001b[K` : `${line}\n`);
    const wait = realTickMs - (performance.now() - tickStarted);
    if (wait > 0 && t < ticks - 1) await new Promise((r) => setTimeout(r, wait));
  }
  if (tty) io.stderr.write("\n");
  const elapsedS = (performance.now() - started) / 1000;
  return {
    site: siteName,
    nodes: nodes.length,
    ticks,
    simulatedS: ticks * intervalS,
    elapsedS: Math.round(elapsedS * 10) / 10,
    heartbeats,
    heartbeatsPerS: Math.round(heartbeats / Math.max(elapsedS, 0.001)),
    refused,
    unreachable,
    injected: { ...fleet.injected },
    stateChanges,
  };
}

function formatClock(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

function renderSummary(s: SimulationSummary): string {
  const injected = Object.entries(s.injected)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${formatCount(n)}`)
    .join(", ");
  const changes = Object.entries(s.stateChanges)
    .map(([k, n]) => `${k} ${formatCount(n)}`)
    .join(", ");
  return [
    `${s.site}: ${formatCount(s.nodes)} nodes, ${formatClock(s.simulatedS)} simulated in ${s.elapsedS} s`,
    `heartbeats: ${formatCount(s.heartbeats)} (${formatCount(s.heartbeatsPerS)}/s), refused ${formatCount(s.refused)}, unreachable ${formatCount(s.unreachable)}`,
    `injected: ${injected || "nothing"}`,
    `state changes: ${changes || "none"}`,
    "",
  ].join("\n");
}
