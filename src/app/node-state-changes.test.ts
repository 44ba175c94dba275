/**
 * Node state changes with the allocation behind them, on both databases: the warm engine's one
 * statement, a second server whose engine went stale, concurrent failures from two servers, and a
 * whole rack failing in one batch. After each, what is stored must agree with itself (the history
 * replays to the allocation rows) and with an engine rebuilt from the database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeBackends } from "../../test/support/databases.js";
import { h100SiteDoc } from "../../test/support/h100-site.js";
import type { Principal } from "../access/principal.js";
import { checkInvariants } from "../allocation/invariants.js";
import type { SparePolicy } from "../allocation/spare-pool.js";
import type { NodeState } from "../fleet/node.js";
import { wireServices } from "../server/compose.js";
import { listOutbox } from "../store/lease-repository.js";
import type { Database, SqlClient } from "../store/sql-client.js";
import { AllocationWriter } from "./allocation-writer.js";
import { ManualClock } from "./clock.js";
import { NodeStateChanges } from "./node-state-changes.js";
import { SiteEngines } from "./site-engines.js";

const operator: Principal = { role: "operator", keyId: "key_test", keyName: "test" };

/** One hall, 2 blocks × 3 racks × 4 nodes of 8 H100: 24 nodes (racks r111…r113, r121…r123). */
const siteDoc = (name: string) =>
  h100SiteDoc(name, { halls: 1, blocksPerHall: 2, racksPerBlock: 3, nodesPerRack: 4 }, 5);

/** A database client that counts the statements sent through it. */
function counting(db: Database): { db: Database; statements: () => number } {
  let n = 0;
  const wrap = (c: SqlClient): SqlClient => ({
    dialect: c.dialect,
    query: (text, params) => {
      n++;
      return c.query(text, params);
    },
    exec: (script) => {
      n++;
      return c.exec(script);
    },
    transaction: (work) => c.transaction((tx) => work(wrap(tx))),
  });
  return { db: { ...wrap(db), close: () => db.close() }, statements: () => n };
}

describe.each(storeBackends())("node state changes move the allocation ($name)", (backend) => {
  let db: Database;
  const clock = new ManualClock("2027-01-01T00:00:00.000Z");
  let run = 0;

  /** The services of one server on `db` (another call: another server, with engines of its own). */
  const server = (spares: SparePolicy) => wireServices(db, { clock, spares });
  /** Node state changes sent through `on` to a server whose engines are `engines`. */
  const nodesOn = (on: SqlClient, engines: SiteEngines) => {
    const changes = new NodeStateChanges(on, engines, new AllocationWriter(), clock);
    return {
      setNodesState: (
        site: string,
        nodes: readonly string[],
        state: NodeState,
        reason: string,
        actor: string,
      ) => changes.apply(site, nodes, { state, reason, actor }),
    };
  };

  beforeAll(async () => {
    db = await backend.open();
    await server({ nodesPerBlock: 1 }).access.createTenant(operator, "lab");
  }, 60_000);
  afterAll(async () => db?.close());

  /** A fresh site with a lease of `nodes` nodes (isolation `node`, packed) and `spares` spares per block. */
  async function setUp(options: { nodes?: number; spares?: number } = {}) {
    const site = `nsc-${++run}`;
    const spares = { nodesPerBlock: options.spares ?? 1 };
    const { imports, engines, leases, nodeStates } = server(spares);
    await imports.import(siteDoc(site), { replace: false, actor: "test" });
    const lease = await leases.create(
      operator,
      {
        name: `${site}-lease`,
        tenant: "lab",
        sites: [site],
        lines: [{ key: "gpu", gpuModel: "H100", gpuCount: (options.nodes ?? 12) * 8, pricePerGpuHour: "2" }],
        startsAt: clock.now(),
        endsAt: "2027-06-01T00:00:00.000Z",
        isolation: "node",
        placement: { policy: "packed" },
      },
      { reserve: true },
    );
    expect(lease.status).toBe("active");
    const siteId =
      (await db.query<{ id: string }>("SELECT id FROM sites WHERE name = $1", [site]))[0]?.id ?? "";
    return { site, siteId, engines, leases, nodeStates, spares, leaseId: lease.id };
  }

  const held = async (leaseId: string) =>
    (
      await db.query<{ name: string }>(
        "SELECT n.name FROM allocations a JOIN nodes n ON n.id = a.node_id WHERE a.lease_id = $1 ORDER BY n.name",
        [leaseId],
      )
    ).map((r) => r.name);

  /** The stored rows agree: history replays to the allocations, nothing unhealthy is leased, a rebuilt engine agrees. */
  async function expectConsistent(siteId: string, leaseId: string, leasedNodes = 12): Promise<void> {
    const replayed = await db.query<{ node_id: string; to_holder: string }>(
      `SELECT DISTINCT ON (node_id) node_id, to_holder FROM allocation_events
       WHERE site_id = $1 ORDER BY node_id, id DESC`,
      [siteId],
    );
    const rows = await db.query<{ node_id: string; lease_id: string; state: string }>(
      "SELECT a.node_id, a.lease_id, n.state FROM allocations a JOIN nodes n ON n.id = a.node_id WHERE a.site_id = $1",
      [siteId],
    );
    const byNode = new Map(rows.map((r) => [r.node_id, r.lease_id]));
    for (const event of replayed) {
      const holder = byNode.get(event.node_id);
      expect(event.to_holder, `history of ${event.node_id}`).toBe(
        holder ? `lease:${holder}` : event.to_holder,
      );
      if (!holder) expect(event.to_holder.startsWith("lease:"), `history of ${event.node_id}`).toBe(false);
    }
    expect(rows.filter((r) => r.state !== "healthy")).toEqual([]);
    const rebuilt = await new SiteEngines({ nodesPerBlock: 0 }).get(db, siteId);
    expect(checkInvariants(rebuilt.state)).toEqual([]);
    const open = await db.query<{ missing_gpus: number }>(
      "SELECT missing_gpus FROM lease_shortfalls WHERE lease_id = $1 AND ended_at IS NULL",
      [leaseId],
    );
    const short = leasedNodes * 8 - rows.filter((r) => r.lease_id === leaseId).length * 8;
    expect(open.map((r) => r.missing_gpus)).toEqual(short > 0 ? [short] : []);
  }

  it("fails a leased node on a warm engine with one statement and writes everything it moves", async () => {
    const { site, siteId, engines, leaseId } = await setUp();
    const { db: counted, statements } = counting(db);
    const fleet = nodesOn(counted, engines);
    const [victim] = await held(leaseId);
    if (!victim) throw new Error("the lease holds no node");
    const before = statements();
    const [node] = await fleet.setNodesState(site, [victim], "failed", "XID 79", "operator:test");
    expect(statements() - before).toBe(1);
    expect(node?.state).toBe("failed");
    const after = await held(leaseId);
    expect(after).toHaveLength(12);
    expect(after).not.toContain(victim);
    const [announced] = await db.query<{ payload: { failedNodeId: string; level: string; source: string } }>(
      "SELECT payload FROM outbox WHERE topic = 'allocation.node_replaced' AND aggregate_id = $1",
      [leaseId],
    );
    expect(announced?.payload).toMatchObject({
      failedNodeId: node?.id,
      level: expect.stringMatching(/^(rack|block)$/),
      source: "spare",
    });
    const [event] = await db.query<{ from_state: string; actor: string }>(
      "SELECT from_state, actor FROM node_events WHERE node_id = $1 ORDER BY id DESC LIMIT 1",
      [node?.id],
    );
    expect(event).toEqual({ from_state: "healthy", actor: "operator:test" });
    await expectConsistent(siteId, leaseId);

    // Back to healthy: the spare pool is refilled first, still one statement.
    const again = statements();
    await fleet.setNodesState(site, [victim], "healthy", "repaired", "operator:test");
    expect(statements() - again).toBe(1);
    await expectConsistent(siteId, leaseId);
  });

  it("a server whose engine went stale decides again on the site as it is now", async () => {
    const { site, siteId, leaseId } = await setUp();
    // Two servers on one database, both warm.
    const a = new SiteEngines({ nodesPerBlock: 1 });
    const b = new SiteEngines({ nodesPerBlock: 1 });
    const fleetA = nodesOn(db, a);
    const fleetB = nodesOn(db, b);
    await a.get(db, siteId);
    const staleB = await b.get(db, siteId);
    const nodes = await held(leaseId);
    // Same block: both engines would take that block's single spare.
    await fleetA.setNodesState(site, [nodes[0] ?? ""], "failed", "XID 79", "a");
    await fleetB.setNodesState(site, [nodes[1] ?? ""], "failed", "XID 79", "b");
    expect(b.isCurrent(staleB)).toBe(false);
    const after = await held(leaseId);
    expect(after).toHaveLength(12);
    expect(after).not.toContain(nodes[0]);
    expect(after).not.toContain(nodes[1]);
    // B's stale engine chose A's replacement (the block's only spare); written blindly, that node
    // would now be in the lease twice. B found the site moved and chose again.
    const replacements = await db.query<{ node: string }>(
      "SELECT payload->>'replacementNodeId' AS node FROM outbox WHERE topic = 'allocation.node_replaced' AND aggregate_id = $1 ORDER BY id",
      [leaseId],
    );
    expect(replacements).toHaveLength(2);
    expect(new Set(replacements.map((r) => r.node)).size).toBe(2);
    await expectConsistent(siteId, leaseId);
  });

  it("concurrent failures and recoveries from two servers never put a node in two leases", async () => {
    const { site, siteId, leaseId } = await setUp();
    const engines = [0, 1].map(() => new SiteEngines({ nodesPerBlock: 1 }));
    const fleets = engines.map((e) => nodesOn(db, e));
    // Both warm: every call starts on the one-statement path, and all but one find the site moved.
    for (const e of engines) await e.get(db, siteId);
    const nodes = await held(leaseId);
    await Promise.all(
      nodes
        .slice(0, 8)
        .map((name, i) => fleets[i % 2]?.setNodesState(site, [name], "failed", "XID 79", `s${i % 2}`)),
    );
    const after = await held(leaseId);
    expect(after).toHaveLength(12);
    for (const name of nodes.slice(0, 8)) expect(after).not.toContain(name);
    await expectConsistent(siteId, leaseId);
    await Promise.all(
      nodes
        .slice(0, 8)
        .map((name, i) => fleets[i % 2]?.setNodesState(site, [name], "healthy", "fixed", `s${i % 2}`)),
    );
    await expectConsistent(siteId, leaseId);
  });

  it("a whole rack failing in one batch moves each node once, replacements that fail too included", async () => {
    const { site, siteId, engines, leaseId } = await setUp();
    const fleet = nodesOn(db, engines);
    // Packed from the first block: fail two of its racks, held and unheld nodes alike, in one call.
    const names = ["r111", "r112"].flatMap((r) => [1, 2, 3, 4].map((n) => `${r}-n${n}`));
    const changed = await fleet.setNodesState(site, names, "failed", "PDU trip", "operator:test");
    expect(changed.map((n) => n.name).sort()).toEqual([...names].sort());
    const after = await held(leaseId);
    for (const name of names) expect(after).not.toContain(name);
    await expectConsistent(siteId, leaseId);
    await fleet.setNodesState(site, names, "healthy", "PDU reset", "operator:test");
    expect(await held(leaseId)).toHaveLength(12);
    await expectConsistent(siteId, leaseId);
    // The lease's events read back in numeric order, past id 9 too.
    const events = await listOutbox(db, { tenantId: null }, { aggregateId: leaseId, limit: 500 });
    expect(events.length).toBeGreaterThan(10);
    expect(events.map((e) => e.id)).toEqual(events.map((e) => e.id).sort((x, y) => x - y));
  });

  it("a failure that leaves the lease short is recorded once, even when another server moved the site first", async () => {
    // No spares and the whole site leased: a failure cannot be replaced, the lease runs short.
    const { site, siteId, leaseId } = await setUp({ nodes: 24, spares: 0 });
    const a = new SiteEngines({ nodesPerBlock: 0 });
    const b = new SiteEngines({ nodesPerBlock: 0 });
    await a.get(db, siteId);
    const staleB = await b.get(db, siteId);
    const nodes = await held(leaseId);
    await nodesOn(db, a).setNodesState(site, [nodes[0] ?? ""], "failed", "XID 79", "a");
    await nodesOn(db, b).setNodesState(site, [nodes[1] ?? ""], "failed", "XID 79", "b");
    expect(b.isCurrent(staleB)).toBe(false);
    expect(await held(leaseId)).toHaveLength(22);
    await expectConsistent(siteId, leaseId, 24);
    const changes = await db.query<{ missing: number }>(
      "SELECT (payload->>'missingGpus')::int AS missing FROM outbox WHERE topic = 'lease.shortfall_changed' AND aggregate_id = $1 ORDER BY id",
      [leaseId],
    );
    expect(changes.map((c) => c.missing)).toEqual([8, 16]);
    // Each shortfall message follows the replacement attempt that caused it.
    const topics = await db.query<{ topic: string }>(
      "SELECT topic FROM outbox WHERE aggregate_id = $1 AND topic IN ('allocation.node_replaced', 'lease.shortfall_changed') ORDER BY id",
      [leaseId],
    );
    expect(topics.map((t) => t.topic)).toEqual([
      "allocation.node_replaced",
      "lease.shortfall_changed",
      "allocation.node_replaced",
      "lease.shortfall_changed",
    ]);
    // Back to healthy: the short lease is refilled and its shortfall closed.
    await nodesOn(db, a).setNodesState(site, nodes.slice(0, 2), "healthy", "fixed", "a");
    expect(await held(leaseId)).toHaveLength(24);
    await expectConsistent(siteId, leaseId, 24);
  });

  it("node changes, ticks and reservations at once in one process stay consistent", async () => {
    const { site, siteId, engines, leases, leaseId } = await setUp({ nodes: 8 });
    const fleet = nodesOn(db, engines);
    const nodes = await held(leaseId);
    const later = new Date(Date.parse(clock.now()) + 86_400_000).toISOString();
    const results = await Promise.allSettled([
      ...nodes.slice(0, 4).map((n) => fleet.setNodesState(site, [n], "failed", "XID 79", "test")),
      leases.tick(),
      leases.create(
        operator,
        {
          name: `${site}-second`,
          tenant: "lab",
          sites: [site],
          lines: [{ key: "gpu", gpuModel: "H100", gpuCount: 32, pricePerGpuHour: "2" }],
          startsAt: later,
          endsAt: "2027-06-01T00:00:00.000Z",
          isolation: "node",
        },
        { reserve: true },
      ),
      leases.tick(),
    ]);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await held(leaseId)).toHaveLength(8);
    await expectConsistent(siteId, leaseId, 8);
  });

  it("two ticks at once apply a due tranche once", async () => {
    const { site, leases } = await setUp({ nodes: 2 });
    const startsAt = new Date(Date.parse(clock.now()) + 3_600_000).toISOString();
    const lease = await leases.create(
      operator,
      {
        name: `${site}-later`,
        tenant: "lab",
        sites: [site],
        lines: [{ key: "gpu", gpuModel: "H100", gpuCount: 16, pricePerGpuHour: "2" }],
        startsAt,
        endsAt: "2027-06-01T00:00:00.000Z",
        isolation: "node",
      },
      { reserve: true },
    );
    expect(lease.status).toBe("reserved");
    const at = new ManualClock(startsAt);
    const a = wireServices(db, { clock: at, spares: { nodesPerBlock: 1 } }).leases;
    const b = wireServices(db, { clock: at, spares: { nodesPerBlock: 1 } }).leases;
    await Promise.all([a.tick([lease.id]), b.tick([lease.id]), a.tick([lease.id])]);
    const activations = await db.query(
      "SELECT 1 FROM outbox WHERE aggregate_id = $1 AND topic = 'lease.activated'",
      [lease.id],
    );
    expect(activations).toHaveLength(1);
    expect(await held(lease.id)).toHaveLength(2);
  });

  it("a write that fails leaves no half-made decision in the cache", async () => {
    const { site, siteId, engines, leaseId } = await setUp();
    let fail = true;
    const flaky: Database = {
      ...db,
      query: (text, params) => {
        if (fail && text.includes("write_node_states")) {
          fail = false;
          return Promise.reject(new Error("connection lost"));
        }
        return db.query(text, params);
      },
    };
    const warm = await engines.get(db, siteId);
    const fleet = nodesOn(flaky, engines);
    const before = await held(leaseId);
    await expect(fleet.setNodesState(site, [before[0] ?? ""], "failed", "XID 79", "test")).rejects.toThrow(
      "connection lost",
    );
    expect(engines.isCurrent(warm)).toBe(false);
    expect(await held(leaseId)).toEqual(before);
    // The next change decides on the site as stored.
    await fleet.setNodesState(site, [before[0] ?? ""], "failed", "XID 79", "test");
    await expectConsistent(siteId, leaseId);
  });

  it("a locked caller does not decide on a write still in flight", async () => {
    const { site, siteId, engines, leaseId } = await setUp();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const gated: Database = {
      ...db,
      query: async (text, params) => {
        if (text.includes("write_node_states")) await gate;
        return db.query(text, params);
      },
    };
    const warm = await engines.get(db, siteId);
    const [victim] = await held(leaseId);
    const failing = nodesOn(gated, engines).setNodesState(site, [victim ?? ""], "failed", "x", "t");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(warm.pending).toBe(true);
    const seen = await db.transaction((tx) => engines.get(tx, siteId, { lock: true }));
    expect(seen).not.toBe(warm); // built from what is stored: the failure is not in it
    release();
    await failing;
    expect(warm.pending).toBe(false);
    await expectConsistent(siteId, leaseId);
  });

  it("names a missing node and changes nothing", async () => {
    const { site, siteId, engines, leaseId } = await setUp();
    const fleet = nodesOn(db, engines);
    const before = await held(leaseId);
    const version = async () =>
      (await db.query<{ v: string }>("SELECT version::text AS v FROM sites WHERE id = $1", [siteId]))[0]?.v;
    const v0 = await version();
    await expect(
      fleet.setNodesState(site, [before[0] ?? "", "no-such-node"], "failed", "x", "test"),
    ).rejects.toMatchObject({ code: "NODE_NOT_FOUND" });
    expect(await held(leaseId)).toEqual(before);
    expect(await version()).toBe(v0);
  });
});
