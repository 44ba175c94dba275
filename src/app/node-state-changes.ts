/**
 * Changing node states, and with them the allocation: a failed leased node is replaced, a
 * recovered one goes back to the spares or the house, short leases are refilled. The common case
 * (the site's engine is warm, nothing needs a shortfall record or a refill) is one statement: the
 * engine decides in memory while this process holds the site's writer lock, and the statement
 * writes everything only if the site is still at the version the engine reflects. Otherwise, or
 * when another server moved the site meanwhile, it runs as a transaction that takes the site's
 * lock first and rebuilds the engine if needed. Both take the site's writer lock in its urgent
 * lane: a failure's replacement is decided and written before lease work waiting for the site.
 * @module
 */
import { nodeIdsOf, nodeIndicesByRef } from "../allocation/fleet-index.js";
import { at as codeAt, STATE_CODE } from "../allocation/node-codes.js";
import { decideNodeStates, type NodeReplaced, needsFollowUp } from "../allocation/node-decision.js";
import type { FleetNode, NodeState } from "../fleet/node.js";
import { LeaseholdError } from "../shared/errors.js";
import { lockSiteAllocation } from "../store/allocation-repository.js";
import { leasesByIds } from "../store/lease-repository.js";
import { findSiteNodes } from "../store/node-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { AllocationWriter } from "./allocation-writer.js";
import { leaseLabels } from "./blocking-leases.js";
import type { Clock } from "./clock.js";
import { siteNotFound } from "./not-found.js";
import type { SiteEngine, SiteEngines } from "./site-engines.js";

export interface NodeStateChange {
  state: NodeState;
  reason: string;
  actor: string;
}

/** Thrown inside a transaction whose site moved past the engine's decision: roll back, decide again. */
class SiteMoved extends Error {}

/** What one decision wrote: the nodes it changed, those already in the state, and the leases' replacements. */
interface Written {
  nodes: FleetNode[];
  unchangedIds: string[];
  events: NodeReplaced[];
}

/** A leased node that left its lease, named: the lease as `tenant/name`, and what replaced the node. */
export interface NodeReplacement {
  leaseId: string;
  lease: string;
  node: string;
  /** The node that took its place, or null when the lease now runs short. */
  replacement: string | null;
  /** Where the replacement came from: the block's spare pool or the house. */
  source: "spare" | "house" | null;
  /** The smallest domain holding both nodes: rack, block, hall or site. */
  level: string | null;
  /** GPUs the lease is short of afterwards, 0 when whole. */
  shortfallGpus: number;
}

/** A node state change as the caller sees it. */
export interface NodeChangeOutcome {
  /** Every node asked about, as stored after the change, in path order. */
  nodes: FleetNode[];
  /** Names of the nodes that already had the state: nothing was written for them. */
  unchanged: string[];
  replacements: NodeReplacement[];
}

export class NodeStateChanges {
  constructor(
    private readonly db: SqlClient,
    private readonly engines: SiteEngines,
    private readonly writer: AllocationWriter,
    private readonly clock: Clock,
  ) {}

  /**
   * Sets the state of nodes of one site, atomically: if any reference matches no node, nothing
   * changes and the error names it. Returns the changed nodes in path order.
   */
  async apply(siteRef: string, nodeRefs: readonly string[], change: NodeStateChange): Promise<FleetNode[]> {
    return this.everyNode(siteRef, nodeRefs, await this.decideAndWrite(siteRef, nodeRefs, change));
  }

  /** Every node asked about as stored: those written, and those already in the state read back. */
  private async everyNode(
    siteRef: string,
    nodeRefs: readonly string[],
    written: Written,
  ): Promise<FleetNode[]> {
    if (written.unchangedIds.length === 0) return written.nodes;
    const nodes = (await findSiteNodes(this.db, siteRef, nodeRefs))?.nodes ?? written.nodes;
    return nodes.sort((a, b) => a.path.localeCompare(b.path) || a.name.localeCompare(b.name));
  }

  /** Sets one node's state; a node already in that state is left as it is (nothing is written). */
  async applyOne(siteRef: string, nodeRef: string, change: NodeStateChange): Promise<FleetNode> {
    const [node] = await this.apply(siteRef, [nodeRef], change);
    if (!node) throw new Error("a node state change returned no node");
    return node;
  }

  /**
   * `apply`, answering as an operator reads it: every node asked about, which of them already had
   * the state (a no-op: no event, no new site version), and for each leased node that left its
   * lease, the node that replaced it, or the lease's shortfall.
   */
  async change(
    siteRef: string,
    nodeRefs: readonly string[],
    change: NodeStateChange,
  ): Promise<NodeChangeOutcome> {
    const written = await this.decideAndWrite(siteRef, nodeRefs, change);
    const nodes = await this.everyNode(siteRef, nodeRefs, written);
    const unchanged = new Set(written.unchangedIds);
    return {
      nodes,
      unchanged: nodes.filter((n) => unchanged.has(n.id)).map((n) => n.name),
      replacements: await this.named(siteRef, written.events),
    };
  }

  private async decideAndWrite(
    siteRef: string,
    nodeRefs: readonly string[],
    change: NodeStateChange,
  ): Promise<Written> {
    const known = this.engines.resolve(siteRef, nodeRefs);
    if (known) {
      const done = await this.onWarmEngine(known.engine, known.nodes, change);
      if (done) return done;
    }
    return this.locked(siteRef, nodeRefs, change);
  }

  /** The replacements of a decision with their nodes and leases named. */
  private async named(siteRef: string, events: readonly NodeReplaced[]): Promise<NodeReplacement[]> {
    if (events.length === 0) return [];
    const ids = events.flatMap((e) => [
      e.failedNodeId,
      ...(e.replacementNodeId ? [e.replacementNodeId] : []),
    ]);
    const [found, leaseName] = await Promise.all([
      findSiteNodes(this.db, siteRef, ids),
      leasesByIds(this.db, [...new Set(events.map((e) => e.leaseId))]).then((l) => leaseLabels(this.db, l)),
    ]);
    const nodeName = new Map((found?.nodes ?? []).map((n) => [n.id, n.name]));
    return events.map((e) => ({
      leaseId: e.leaseId,
      lease: leaseName.get(e.leaseId) ?? e.leaseId,
      node: nodeName.get(e.failedNodeId) ?? e.failedNodeId,
      replacement: e.replacementNodeId ? (nodeName.get(e.replacementNodeId) ?? e.replacementNodeId) : null,
      source: e.source,
      level: e.level,
      shortfallGpus: e.shortfallGpus,
    }));
  }

  /** Decides on the cached engine and writes if the site has not moved; undefined when it had. */
  private async onWarmEngine(
    engine: SiteEngine,
    asked: readonly number[],
    change: NodeStateChange,
  ): Promise<Written | undefined> {
    const { engines, writer } = this;
    return engines.exclusive(
      engine.siteId,
      async () => {
        if (!engines.isCurrent(engine)) return undefined; // rebuilt while this waited
        const { moving, unchangedIds } = alreadyThere(engine, asked, change.state);
        if (moving.length === 0) return { nodes: [], unchangedIds, events: [] };
        const nodes = moving;
        const version = engine.version;
        const at = this.clock.now();
        // Until the write ends, locked readers decide on the site as stored, not on this decision.
        engine.pending = true;
        try {
          const decision = decideNodeStates(engine.state, nodes, change.state, change.actor);
          const write = {
            siteId: engine.siteId,
            expectedVersion: version,
            nodeIds: nodeIdsOf(engine.index, nodes),
            ...change,
            at,
            decision,
          };
          const written = !needsFollowUp(decision)
            ? await writer.writeNodeStates(this.db, write)
            : await this.db.transaction(async (tx) => {
                if ((await lockSiteAllocation(tx, engine.siteId)) !== version) throw new SiteMoved();
                const result = await writer.writeNodeStates(tx, write);
                if (!result) throw new SiteMoved();
                await writer.followUp(tx, engine, decision, at);
                return result;
              });
          if (!written) {
            engines.forget(engine.siteId, engine);
            return undefined;
          }
          engines.wrote(engine.siteId, written.siteVersion, engine);
          return { nodes: written.nodes, unchangedIds, events: decision.events };
        } catch (error) {
          engines.forget(engine.siteId, engine);
          if (error instanceof SiteMoved) return undefined;
          throw error;
        } finally {
          engine.pending = false;
        }
      },
      "urgent",
    );
  }

  /** The long way: resolve the references, then lock the site, bring its engine up to date, decide, write. */
  private async locked(
    siteRef: string,
    nodeRefs: readonly string[],
    change: NodeStateChange,
  ): Promise<Written> {
    const found = await findSiteNodes(this.db, siteRef, nodeRefs);
    if (!found) throw await siteNotFound(this.db, siteRef);
    const known = new Set(found.nodes.flatMap((n) => [n.id, n.name]));
    const missing = nodeRefs.map((ref, i) => ({ ref, i })).filter(({ ref }) => !known.has(ref));
    if (missing.length) {
      throw new LeaseholdError(
        "NODE_NOT_FOUND",
        `site ${found.siteName} has no node with id or name ${missing.map((m) => m.ref).join(", ")}`,
        missing.map(({ ref, i }) => ({
          field: `nodes[${i}]`,
          message: `no node ${ref} in site ${found.siteName}`,
          bound: "existing node",
        })),
      );
    }
    const { siteId } = found;
    return this.engines.write(
      this.db,
      [siteId],
      async (tx, sites) => {
        const engine = await sites.engine(siteId);
        const asked = nodeIndicesByRef(
          engine.index,
          found.nodes.map((n) => n.id),
        );
        if (!asked)
          throw new LeaseholdError("NODE_NOT_FOUND", `nodes of ${found.siteName} changed meanwhile`);
        const { moving: nodes, unchangedIds } = alreadyThere(engine, asked, change.state);
        if (nodes.length === 0) return { nodes: [], unchangedIds, events: [] };
        const nodeIds = nodeIdsOf(engine.index, nodes);
        const at = this.clock.now();
        sites.changing(engine);
        const decision = decideNodeStates(engine.state, nodes, change.state, change.actor);
        const written = await this.writer.writeNodeStates(tx, {
          siteId,
          expectedVersion: engine.version,
          nodeIds,
          ...change,
          at,
          decision,
        });
        if (!written) throw new Error(`site ${siteId} moved while locked`);
        await this.writer.followUp(tx, engine, decision, at);
        sites.changed(engine, written.siteVersion);
        return { nodes: written.nodes, unchangedIds, events: decision.events };
      },
      "urgent",
    );
  }
}

/** Splits `asked` into the nodes that change and the ids of those already in `state`. */
function alreadyThere(engine: SiteEngine, asked: readonly number[], state: NodeState) {
  const code = STATE_CODE[state];
  const moving = asked.filter((i) => codeAt(engine.state.nodeState, i) !== code);
  const unchangedIds =
    moving.length === asked.length
      ? []
      : nodeIdsOf(
          engine.index,
          asked.filter((i) => codeAt(engine.state.nodeState, i) === code),
        );
  return { moving, unchangedIds };
}
