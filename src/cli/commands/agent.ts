/**
 * `leasehold agent --node-key KEY`: the node agent. Every interval it reads the node's GPUs from
 * nvidia-smi or a DCGM exporter, queues a heartbeat (agent id, sequence number, readings) and
 * sends what is queued, oldest first, in one request. While the server is unreachable the
 * heartbeats wait in a bounded buffer and go in order when it is back; the server counts a
 * re-sent one once.
 * @module
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { Command, InvalidArgumentError, Option } from "commander";
import { parseDcgmMetrics } from "../../agent/dcgm-metrics.js";
import { parseDurationMs } from "../../agent/duration.js";
import type { GpuScan } from "../../agent/gpu-reading.js";
import { type Heartbeat, heartbeatGpus, type PreviousReads } from "../../agent/heartbeat.js";
import { HeartbeatBuffer } from "../../agent/heartbeat-buffer.js";
import { NVIDIA_SMI_ARGS, parseNvidiaSmiCsv } from "../../agent/nvidia-smi-csv.js";
import type { LeaseholdApi } from "../../contract/client.js";
import { payload } from "../../contract/client.js";
import { cliApi } from "../api-client.js";
import { ApiError, ServerUnreachableError, UsageError } from "../cli-errors.js";
import type { CliIo } from "../cli-io.js";
import { DEFAULT_SERVER } from "../connection.js";
import { positiveInt } from "../option-parsers.js";

const run = promisify(execFile);
/** Heartbeats sent in one request at most (a day offline drains in ~18 requests). */
const BATCH = 500;

interface AgentOptions {
  nodeKey?: string;
  interval: number;
  source: "nvidia-smi" | "dcgm";
  dcgmUrl: string;
  nvidiaSmi: string;
  buffer: number;
  count?: number;
}

function duration(text: string): number {
  const ms = parseDurationMs(text);
  if (ms === undefined) throw new InvalidArgumentError("must be a duration such as 10s, 500ms or 1m.");
  return ms;
}

/** Reads the node's GPUs once from the chosen source. */
async function scan(options: AgentOptions, env: CliIo["env"]): Promise<GpuScan> {
  if (options.source === "dcgm") {
    const res = await fetch(options.dcgmUrl, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) throw new Error(`DCGM exporter answered ${res.status} at ${options.dcgmUrl}`);
    return parseDcgmMetrics(await res.text());
  }
  const { stdout } = await run(options.nvidiaSmi, [...NVIDIA_SMI_ARGS], {
    timeout: 10_000,
    env: { ...env } as NodeJS.ProcessEnv,
  }).catch((error: { stdout?: string; code?: unknown; message: string }) => {
    // nvidia-smi exits non-zero when a GPU is lost but still prints the others.
    if (typeof error.stdout === "string" && error.stdout.trim()) return { stdout: error.stdout };
    throw new Error(`could not run ${options.nvidiaSmi}: ${error.message}`);
  });
  return parseNvidiaSmiCsv(stdout);
}

export function agentCommand(io: CliIo): Command {
  return new Command("agent")
    .description(
      "Run the node agent: read the GPUs every interval and send heartbeats (uses --node-key, not --api-key)",
    )
    .option("--node-key <key>", "this node's agent key, lh_ag_… (env LEASEHOLD_NODE_KEY)")
    .option("--interval <duration>", "time between heartbeats, e.g. 10s", duration, 10_000)
    .addOption(
      new Option("--source <source>", "where GPU readings come from")
        .choices(["nvidia-smi", "dcgm"])
        .default("nvidia-smi"),
    )
    .option("--dcgm-url <url>", "the DCGM exporter's metrics", "http://127.0.0.1:9400/metrics")
    .option("--nvidia-smi <path>", "the nvidia-smi program", "nvidia-smi")
    .option(
      "--buffer <heartbeats>",
      "heartbeats kept while the server is unreachable",
      positiveInt(1_000_000),
      8_640,
    )
    .option(
      "--count <heartbeats>",
      "stop after this many heartbeats are read and acknowledged",
      positiveInt(),
    )
    .action(async (options: AgentOptions, command: Command) => {
      const key = options.nodeKey ?? io.env.LEASEHOLD_NODE_KEY;
      if (!key) throw new UsageError("agent needs --node-key <key> (or LEASEHOLD_NODE_KEY)");
      const globals = command.optsWithGlobals<{ server?: string; output: string }>();
      const server = (globals.server ?? io.env.LEASEHOLD_SERVER ?? DEFAULT_SERVER).replace(/\/+$/, "");
      await runAgent(cliApi(server, key), server, options, io, globals.output === "json");
    });
}

async function runAgent(
  api: LeaseholdApi,
  server: string,
  options: AgentOptions,
  io: CliIo,
  json: boolean,
): Promise<void> {
  const agentId = `agt-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
  const buffer = new HeartbeatBuffer<Heartbeat>(options.buffer);
  const previous: PreviousReads = new Map();
  let identity: { siteId: string; node: string } | undefined;
  let sequence = 0;
  let acknowledged = 0;
  let unreachable = false;
  const log = (line: string) => io.stderr.write(`${new Date().toISOString()} ${line}\n`);

  const flush = async () => {
    while (buffer.size > 0) {
      identity ??= await payload(api.GET("/v1/agent/identity"));
      const batch = buffer.peek(BATCH);
      const ack = await payload(
        api.POST("/v1/agent/heartbeats", {
          body: { site: identity.siteId, node: identity.node, heartbeats: batch },
        }),
      );
      buffer.acknowledgeThrough(ack.highWater);
      acknowledged = Math.max(acknowledged, ack.highWater);
      if (unreachable) log(`server ${server} is back: sent ${batch.length} buffered heartbeats`);
      unreachable = false;
      if (json) io.stdout.write(`${JSON.stringify(ack)}\n`);
      if (ack.change)
        log(`node ${identity.node} ${ack.change.from} → ${ack.change.to}: ${ack.change.reason}`);
    }
  };

  log(`agent ${agentId} reading ${options.source} every ${options.interval} ms, reporting to ${server}`);
  for (;;) {
    const started = Date.now();
    if (options.count === undefined || sequence < options.count) {
      try {
        const readings = await scan(options, io.env);
        sequence++;
        buffer.push({
          agentId,
          sequence,
          readAt: new Date().toISOString(),
          intervalS: Math.max(1, Math.round(options.interval / 1000)),
          gpus: heartbeatGpus(readings, previous),
          gpusLost: readings.lost.length,
        });
      } catch (error) {
        log(`reading the GPUs failed: ${(error as Error).message}`);
      }
    }
    try {
      await flush();
    } catch (error) {
      if (error instanceof ServerUnreachableError) {
        if (!unreachable) log(`${error.message}; keeping heartbeats (${buffer.size} buffered)`);
        unreachable = true;
      } else if (error instanceof ApiError && error.code === "UNAUTHENTICATED") {
        throw error;
      } else if (
        error instanceof ApiError &&
        error.status !== undefined &&
        error.status < 500 &&
        error.status !== 429
      ) {
        // The server will never take these heartbeats: drop them rather than block the queue forever.
        const dropped = buffer.peek(BATCH);
        buffer.acknowledgeThrough(dropped.at(-1)?.sequence ?? 0);
        log(
          `the server refused ${dropped.length} heartbeats (${error.code}: ${error.message}); dropped them`,
        );
      } else {
        log(`sending heartbeats failed: ${(error as Error).message}`);
      }
    }
    if (options.count !== undefined && sequence >= options.count && buffer.size === 0) {
      log(`${acknowledged} heartbeats acknowledged; ${buffer.dropped} dropped from a full buffer`);
      return;
    }
    await new Promise((r) => setTimeout(r, Math.max(0, options.interval - (Date.now() - started))));
  }
}
