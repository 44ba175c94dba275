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
import { decideNodeStates, needsFollowUp } from "../allocation/node-decision.js";
import type { FleetNode, NodeState } from "../fleet/node.js";
import { LeaseholdError } from "../shared/errors.js";
import { lockSiteAllocation } from "../store/allocation-repository.js";
import { findSiteNodes } from "../store/node-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { AllocationWriter } from "./allocation-writer.js";
import type { Clock } from "./clock.js";
import type { SiteEngine, SiteEngines } from "./site-engines.js";

export interface NodeStateChange {
  state: NodeState;
  reason: string;
  actor: string;
}

/** Thrown inside a transaction whose site moved past the engine's decision: roll back, decide again. */
class SiteMoved extends Error {}

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
    const known = this.engines.resolve(siteRef, nodeRefs);
    if (known) {
      const done = await this.onWarmEngine(known.engine, known.nodes, change);
      if (done) return done;
    }
    return this.locked(siteRef, nodeRefs, change);
  }

  /** Sets one node's state (a no-op change is still recorded, as an operator's note). */
  async applyOne(siteRef: string, nodeRef: string, change: NodeStateChange): Promise<FleetNode> {
    const [node] = await this.apply(siteRef, [nodeRef], change);
    if (!node) throw new Error("a node state change returned no node");
    return node;
  }

  /** Decides on the cached engine and writes if the site has not moved; undefined when it had. */
  private async onWarmEngine(
    engine: SiteEngine,
    nodes: readonly number[],
    change: NodeStateChange,
  ): Promise<FleetNode[] | undefined> {
    const { engines, writer } = this;
    return engines.exclusive(
      engine.siteId,
      async () => {
        if (!engines.isCurrent(engine)) return undefined; // rebuilt while this waited
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
          return written.nodes;
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
  ): Promise<FleetNode[]> {
    const found = await findSiteNodes(this.db, siteRef, nodeRefs);
    if (!found) throw new LeaseholdError("SITE_NOT_FOUND", `no site with id or name ${siteRef}`);
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
    const nodeIds = found.nodes.map((n) => n.id);
    return this.engines.write(
      this.db,
      [siteId],
      async (tx, sites) => {
        const engine = await sites.engine(siteId);
        const nodes = nodeIndicesByRef(engine.index, nodeIds);
        if (!nodes)
          throw new LeaseholdError("NODE_NOT_FOUND", `nodes of ${found.siteName} changed meanwhile`);
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
        return written.nodes;
      },
      "urgent",
    );
  }
}
