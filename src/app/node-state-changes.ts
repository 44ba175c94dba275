/**
 * Changing node states, and with them the allocation: a failed leased node is replaced, a
 * recovered one goes back to the spares or the house, short leases are refilled. The common case
 * (the site's engine is warm, nothing needs a shortfall record or a refill) is one statement: the
 * engine decides in memory while this process holds the site's writer lock, and the statement
 * writes everything only if the site is still at the version the engine reflects. Otherwise, or
 * when another server moved the site meanwhile, it runs as a transaction that takes the site's
 * lock first and rebuilds the engine if needed.
 * @module
 */
import { nodeIdsOf, nodeIndicesByRef } from "../allocation/fleet-index.js";
import type { FleetNode, NodeState } from "../fleet/node.js";
import { LeaseholdError } from "../shared/errors.js";
import { lockSiteAllocation } from "../store/allocation-repository.js";
import { findSiteNodes } from "../store/node-repository.js";
import { NO_ALLOCATION_WRITES, writeNodeStates } from "../store/node-state-writes.js";
import type { SqlClient } from "../store/sql-client.js";
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
    private readonly clock: Clock,
    private readonly engines?: SiteEngines,
  ) {}

  /**
   * Sets the state of nodes of one site, atomically: if any reference matches no node, nothing
   * changes and the error names it. Returns the changed nodes in path order.
   */
  async apply(siteRef: string, nodeRefs: readonly string[], change: NodeStateChange): Promise<FleetNode[]> {
    const known = this.engines?.resolve(siteRef, nodeRefs);
    if (known) {
      const done = await this.onWarmEngine(known.engine, known.nodes, change);
      if (done) return done;
    }
    return this.locked(siteRef, nodeRefs, change);
  }

  /** Decides on the cached engine and writes if the site has not moved; undefined when it had. */
  private async onWarmEngine(
    engine: SiteEngine,
    nodes: readonly number[],
    change: NodeStateChange,
  ): Promise<FleetNode[] | undefined> {
    const engines = this.engines;
    if (!engines) return undefined;
    return engines.exclusive(engine.siteId, async () => {
      if (!engines.isCurrent(engine)) return undefined; // rebuilt while this waited
      const version = engine.version;
      const at = this.clock.now();
      // Until the write ends, locked readers decide on the site as stored, not on this decision.
      engine.pending = true;
      try {
        const decision = engines.decide(engine, nodes, change.state, change.actor);
        const write = {
          siteId: engine.siteId,
          expectedVersion: version,
          nodeIds: nodeIdsOf(engine.index, nodes),
          ...change,
          at,
          allocation: decision.writes,
        };
        const written =
          decision.touched.size === 0 && !decision.refill
            ? await writeNodeStates(this.db, write)
            : await this.db.transaction(async (tx) => {
                if ((await lockSiteAllocation(tx, engine.siteId)) !== version) throw new SiteMoved();
                const result = await writeNodeStates(tx, write);
                if (!result) throw new SiteMoved();
                await engines.followUp(tx, engine, decision, at);
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
    });
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
    const engines = this.engines;
    if (!engines) {
      return this.db.transaction(async (tx) => {
        const version = await lockSiteAllocation(tx, siteId);
        const written =
          version === undefined
            ? undefined
            : await writeNodeStates(tx, {
                siteId,
                expectedVersion: version,
                nodeIds,
                ...change,
                at: this.clock.now(),
                allocation: NO_ALLOCATION_WRITES,
              });
        if (!written) throw new LeaseholdError("SITE_NOT_FOUND", `site ${found.siteName} was removed`);
        return written.nodes;
      });
    }
    return engines.exclusive(siteId, async () => {
      let engine: SiteEngine | undefined;
      try {
        const written = await this.db.transaction(async (tx) => {
          const current = await engines.get(tx, siteId, { lock: true });
          engine = current;
          const nodes = nodeIndicesByRef(current.index, nodeIds);
          if (!nodes)
            throw new LeaseholdError("NODE_NOT_FOUND", `nodes of ${found.siteName} changed meanwhile`);
          const at = this.clock.now();
          const decision = engines.decide(current, nodes, change.state, change.actor);
          const result = await writeNodeStates(tx, {
            siteId,
            expectedVersion: current.version,
            nodeIds,
            ...change,
            at,
            allocation: decision.writes,
          });
          if (!result) throw new Error(`site ${siteId} moved while locked`);
          await engines.followUp(tx, current, decision, at);
          return result;
        });
        engines.wrote(siteId, written.siteVersion, engine);
        return written.nodes;
      } catch (error) {
        engines.forget(siteId);
        throw error;
      }
    });
  }
}
