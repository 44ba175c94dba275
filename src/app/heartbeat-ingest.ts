/**
 * Taking in a node agent's heartbeats: checks the key reports for this node, counts each heartbeat
 * once (the agent's sequence high-water mark, one row per agent, kept forever), records the node's
 * latest reading and measured energy per holder and hour, and judges its health. A failure or a
 * recovery goes through `NodeStateChanges` like an operator's, so the engine replaces a failed
 * leased node as it does today and `node_events` keeps every state as an interval with its cause.
 * @module
 */

import { actorOf, type Principal } from "../access/principal.js";
import type { Heartbeat } from "../agent/heartbeat.js";
import { nodeIndexOf } from "../allocation/fleet-index.js";
import { at as codeAt, HOUSE, SPARE, UNASSIGNED } from "../allocation/node-codes.js";
import type { NodeState } from "../fleet/node.js";
import { type HealthProblem, judgeHeartbeat, problemIn } from "../health/health-policy.js";
import { energyByHour } from "../health/heartbeat-energy.js";
import { LeaseholdError, validationError } from "../shared/errors.js";
import {
  lockAgentSequence,
  lockNodeHealth,
  setHealthCause,
  writeHeartbeats,
} from "../store/health-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Clock } from "./clock.js";
import type { HealthPolicies } from "./health-policies.js";
import type { NodeStateChanges } from "./node-state-changes.js";
import type { SiteEngine, SiteEngines } from "./site-engines.js";

type AgentPrincipal = Extract<Principal, { role: "agent" }>;

/** How far ahead of the server's clock a heartbeat's `readAt` may be (clock skew). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** How old a buffered heartbeat may be and still count: a week. */
export const MAX_HEARTBEAT_AGE_MS = 7 * 24 * 3_600_000;

export interface HeartbeatReport {
  /** Site and node as the agent names them (id or name); they must be the key's own. */
  site: string;
  node: string;
  heartbeats: readonly Heartbeat[];
}

export interface IngestOutcome {
  /** Heartbeats counted now. */
  accepted: number;
  /** Heartbeats already counted before (re-sent): acknowledged, counted nothing. */
  duplicates: number;
  /** The highest sequence counted for this agent: the agent may drop everything up to it. */
  highWater: number;
  /** The node's state after this report. */
  state: NodeState;
  /** The state change this report caused, with its cause, if any. */
  change: { from: NodeState; to: NodeState; reason: string } | null;
}

export class HeartbeatIngest {
  constructor(
    private readonly db: SqlClient,
    private readonly engines: SiteEngines,
    private readonly nodeStates: NodeStateChanges,
    private readonly policies: HealthPolicies,
    private readonly clock: Clock,
  ) {}

  async ingest(agent: AgentPrincipal, report: HeartbeatReport): Promise<IngestOutcome> {
    const engine = await this.engines.get(this.db, agent.siteId);
    const nodeIndex = this.checkIdentity(agent, report, engine);
    const now = this.clock.now();
    const agentId = checkBatch(report.heartbeats, now);
    const policy = await this.policies.current();
    const holder = holderOf(engine, nodeIndex);
    const done = await this.db.transaction(async (tx) => {
      const sequence = await lockAgentSequence(tx, agentId, agent.nodeId);
      if (sequence.nodeId !== agent.nodeId) {
        throw new LeaseholdError("FORBIDDEN", `agent ${agentId} reports for another node`, [
          {
            field: "heartbeats[0].agentId",
            message: "agent id belongs to another node",
            bound: "this node's agent",
          },
        ]);
      }
      const fresh = report.heartbeats.filter((h) => h.sequence > sequence.highWater);
      const node = await lockNodeHealth(tx, agent.nodeId);
      if (!node) throw new LeaseholdError("NODE_NOT_FOUND", `node ${agent.keyName} no longer exists`);
      if (fresh.length === 0) return { fresh, node, highWater: sequence.highWater, target: undefined };
      let state = node.state;
      let cause = node.state === "failed" ? node.healthCause : null;
      let goodStreak = node.goodStreak;
      let target: { to: NodeState; reason: string; cause: HealthProblem["kind"] | null } | undefined;
      let lastProblem: string | null = null;
      for (const hb of fresh) {
        const problem = problemIn(
          {
            gpusSeen: hb.gpus.length,
            gpusExpected: node.gpuCount,
            gpusLost: hb.gpusLost,
            xids: hb.gpus.flatMap((g) => (g.xid === null ? [] : [{ uuid: g.uuid, xid: g.xid }])),
            eccErrors: hb.gpus.map((g) => ({ uuid: g.uuid, count: g.eccUncorrectedNew })),
          },
          policy,
        );
        if (problem) lastProblem = `${problem.kind}: ${problem.reason}`;
        const verdict = judgeHeartbeat({ state, healthCause: cause, goodStreak }, problem, policy);
        goodStreak = verdict.goodStreak;
        if (verdict.change === "fail") {
          state = "failed";
          cause = verdict.problem.kind;
          target = { to: "failed", reason: `${verdict.problem.kind}: ${verdict.problem.reason}`, cause };
        } else if (verdict.change === "recover") {
          state = "healthy";
          cause = null;
          target = { to: "healthy", reason: `recovered: ${verdict.reason}`, cause: null };
        }
      }
      const last = fresh[fresh.length - 1] as Heartbeat;
      const energy = energyByHour(
        fresh.map((h) => ({
          readAt: h.readAt,
          intervalS: h.intervalS,
          gpuPowerW: h.gpus.map((g) => g.powerW),
        })),
        holder,
        node.energyCarryMj,
      );
      const powers = last.gpus.map((g) => g.powerW).filter((w): w is number => w !== null);
      await writeHeartbeats(tx, {
        nodeId: agent.nodeId,
        siteId: agent.siteId,
        agentId,
        highWater: last.sequence,
        receivedAt: now,
        readAt: last.readAt,
        intervalS: last.intervalS,
        gpusSeen: last.gpus.length,
        powerW: powers.length > 0 ? powers.reduce((a, b) => a + b, 0) : null,
        goodStreak,
        lastProblem,
        counted: fresh.length,
        energyCarryMj: energy.carryMj,
        energy: energy.hours,
      });
      return {
        fresh,
        node,
        highWater: last.sequence,
        target: target && target.to !== node.state ? target : undefined,
      };
    });
    let change: IngestOutcome["change"] = null;
    let state = done.node.state;
    if (done.target) {
      const { to, reason, cause } = done.target;
      await this.nodeStates.apply(agent.siteId, [agent.nodeId], { state: to, reason, actor: actorOf(agent) });
      await setHealthCause(this.db, [agent.nodeId], cause, to === "failed" ? reason : null);
      change = { from: done.node.state, to, reason };
      state = to;
    }
    return {
      accepted: done.fresh.length,
      duplicates: report.heartbeats.length - done.fresh.length,
      highWater: done.highWater,
      state,
      change,
    };
  }

  /** The node's index in its site's engine; refuses a report for another site or node. */
  private checkIdentity(agent: AgentPrincipal, report: HeartbeatReport, engine: SiteEngine): number {
    const index = nodeIndexOf(engine.index, agent.nodeId);
    if (index === undefined)
      throw new LeaseholdError("NODE_NOT_FOUND", `node ${agent.keyName} no longer exists`);
    if (report.site !== engine.siteId && report.site !== engine.siteName) {
      throw new LeaseholdError(
        "FORBIDDEN",
        `this agent key reports for site ${engine.siteName}, not ${report.site}`,
        [{ field: "site", message: `this key's site is ${engine.siteName}`, bound: engine.siteName }],
      );
    }
    const named = report.node === agent.nodeId || report.node === engine.index.nodeNames[index];
    if (!named) {
      const known =
        nodeIndexOf(engine.index, report.node) !== undefined || engine.index.nodeNames.includes(report.node);
      const message = `this agent key reports for node ${agent.keyName} only, not ${report.node}`;
      throw new LeaseholdError(
        known ? "FORBIDDEN" : "NODE_NOT_FOUND",
        known ? message : `site ${engine.siteName} has no node ${report.node}`,
        [{ field: "node", message, bound: agent.keyName }],
      );
    }
    return index;
  }
}

/** The one agent id of a batch, once its heartbeats are in sequence order and none is from the future. */
function checkBatch(heartbeats: readonly Heartbeat[], now: string): string {
  const first = heartbeats[0];
  if (!first)
    throw validationError([{ field: "heartbeats", message: "at least one heartbeat", bound: ">= 1" }]);
  const nowMs = Date.parse(now);
  heartbeats.forEach((hb, i) => {
    if (hb.agentId !== first.agentId)
      throw validationError([
        {
          field: `heartbeats[${i}].agentId`,
          message: "one agent's heartbeats per report",
          bound: first.agentId,
        },
      ]);
    const prev = heartbeats[i - 1];
    if (prev && hb.sequence <= prev.sequence)
      throw validationError([
        {
          field: `heartbeats[${i}].sequence`,
          message: `sequences must increase within a report (got ${hb.sequence} after ${prev.sequence})`,
          bound: `> ${prev.sequence}`,
        },
      ]);
    const readMs = Date.parse(hb.readAt);
    if (readMs > nowMs + MAX_CLOCK_SKEW_MS)
      throw validationError([
        {
          field: `heartbeats[${i}].readAt`,
          message: `readAt ${hb.readAt} is in the future (server time ${now})`,
          bound: `<= ${new Date(nowMs + MAX_CLOCK_SKEW_MS).toISOString()}`,
        },
      ]);
    if (readMs < nowMs - MAX_HEARTBEAT_AGE_MS)
      throw validationError([
        {
          field: `heartbeats[${i}].readAt`,
          message: `readAt ${hb.readAt} is more than 7 days old`,
          bound: `>= ${new Date(nowMs - MAX_HEARTBEAT_AGE_MS).toISOString()}`,
        },
      ]);
    const uuids = new Set(hb.gpus.map((g) => g.uuid));
    if (uuids.size !== hb.gpus.length)
      throw validationError([
        { field: `heartbeats[${i}].gpus`, message: "each GPU once (by uuid)", bound: "unique uuid" },
      ]);
  });
  return first.agentId;
}

/** Who holds node `i` now: its lease's id, `spare`, or `house` (also for a node out of service). */
function holderOf(engine: SiteEngine, i: number): string {
  const owner = codeAt(engine.state.owner, i);
  if (owner >= 0) return engine.state.leases[owner]?.leaseId ?? "house";
  if (owner === SPARE) return "spare";
  if (owner === HOUSE || owner === UNASSIGNED) return "house";
  return "house";
}
