/**
 * Crash trials: a real server process takes lease creations and node state changes from two
 * clients at once and is SIGKILLed at a random moment; then its data directory is opened and
 * checked (every acknowledged change is there, the allocation invariants hold) and a new server
 * must start on it cleanly. Used by the crash test (a few trials) and the crash bench (many).
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prng } from "../../src/shared/prng.js";
import { openPglite } from "../../src/store/pglite-database.js";
import { h100SiteDoc } from "./h100-site.js";
import { type ServerProcess, startServerProcess } from "./server-process.js";

const SHAPE = { halls: 4, blocksPerHall: 4, racksPerBlock: 4, nodesPerRack: 8 };
const NODES = Array.from({ length: 4 }, (_, h) =>
  Array.from({ length: 4 }, (_, b) =>
    Array.from({ length: 4 }, (_, r) =>
      Array.from({ length: 8 }, (_, n) => `r${h + 1}${b + 1}${r + 1}-n${n + 1}`),
    ),
  ),
).flat(3);
const STATES = ["failed", "healthy", "maintenance", "healthy"] as const;

/** What a trial found; `problems` is empty when everything held. */
export interface TrialReport {
  trial: number;
  /** How long after the first acknowledged change the server was killed. */
  killedAfterMs: number;
  acknowledged: { leases: number; nodeChanges: number };
  problems: string[];
}

export class CrashHarness {
  readonly dataDir = mkdtempSync(join(tmpdir(), "leasehold-crash-"));
  /** Node name → the states it may have now: the last acknowledged one, and any in flight at the kill. */
  private readonly nodeStates = new Map<string, Set<string>>();
  private readonly leases = new Set<string>();
  private key = "";
  private trials = 0;

  private env() {
    return {
      LEASEHOLD_DATA_DIR: this.dataDir,
      LOG_LEVEL: "warn",
      LEASEHOLD_QUOTES_PER_MINUTE: "100000",
      LEASEHOLD_IMPORTS_PER_MINUTE: "100000",
    };
  }

  private call(server: ServerProcess, method: string, path: string, body?: unknown) {
    return fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.key}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /** Starts the first server, imports the site and a tenant, and stops it cleanly. */
  async prepare(): Promise<void> {
    const server = await startServerProcess(this.env());
    this.key = (await readFile(join(this.dataDir, "operator.key"), "utf8")).trim();
    const imported = await this.call(
      server,
      "POST",
      "/v1/fleet/import",
      h100SiteDoc("crash-site", SHAPE, 100),
    );
    if (imported.status !== 200) throw new Error(`import answered ${imported.status}`);
    const tenant = await this.call(server, "POST", "/v1/tenants", { name: "crash-lab" });
    if (tenant.status !== 201) throw new Error(`tenant answered ${tenant.status}`);
    for (const node of NODES) this.nodeStates.set(node, new Set(["healthy"]));
    server.process.kill("SIGTERM");
    if ((await server.exited) !== 0) throw new Error("the first server did not stop cleanly");
  }

  /** One trial: start, load for a random while, SIGKILL, check the data, check a restart. */
  async trial(seed: number): Promise<TrialReport> {
    const trial = ++this.trials;
    const rand = prng(seed);
    const server = await startServerProcess(this.env());
    // Killed at a random moment once the load is under way (the first acknowledgement).
    const killAfterMs = Math.floor(rand() * 1200);
    let killed = false;
    let underWay: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      underWay = resolve;
    });
    let acknowledgedLeases = 0;
    let acknowledgedChanges = 0;
    const leaseClient = async () => {
      for (let i = 0; !killed; i++) {
        const endsAt = new Date(Date.now() + 3_600_000).toISOString();
        const response = await this.call(server, "POST", "/v1/leases?reserve=true", {
          name: `t${trial}-l${i}`,
          tenant: "crash-lab",
          sites: ["crash-site"],
          lines: [{ key: "h100", gpuModel: "H100", gpuCount: 64, pricePerGpuHour: "2.10" }],
          startsAt: new Date().toISOString(),
          endsAt,
          isolation: "node",
        }).catch(() => undefined);
        if (!response) return;
        if (response.status === 201) {
          this.leases.add(((await response.json()) as { lease: { id: string } }).lease.id);
          acknowledgedLeases++;
          underWay();
        } else await response.body?.cancel();
      }
    };
    const nodeClient = async () => {
      while (!killed) {
        const node = NODES[Math.floor(rand() * NODES.length)] ?? "r111-n1";
        const state = STATES[Math.floor(rand() * STATES.length)] ?? "healthy";
        const possible = this.nodeStates.get(node) ?? new Set();
        possible.add(state);
        const response = await this.call(server, "PATCH", `/v1/sites/crash-site/nodes/${node}`, {
          state,
          reason: `crash trial ${trial}`,
        }).catch(() => undefined);
        if (!response) return;
        await response.body?.cancel();
        if (response.status === 200) {
          this.nodeStates.set(node, new Set([state]));
          acknowledgedChanges++;
          underWay();
        }
      }
    };
    const load = Promise.all([leaseClient(), nodeClient()]);
    await Promise.race([started, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    await new Promise((resolve) => setTimeout(resolve, killAfterMs));
    server.process.kill("SIGKILL");
    killed = true;
    await server.exited;
    await load;
    const problems = await this.check();
    problems.push(...(await this.restarts()));
    return {
      trial,
      killedAfterMs: killAfterMs,
      acknowledged: { leases: acknowledgedLeases, nodeChanges: acknowledgedChanges },
      problems,
    };
  }

  /** Opens the killed server's data and checks what was acknowledged and the allocation invariants. */
  private async check(): Promise<string[]> {
    const db = await openPglite(join(this.dataDir, "pgdata"));
    const problems: string[] = [];
    try {
      const count = async (what: string, sql: string) => {
        const [row] = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM (${sql}) q`);
        if (row?.n !== "0") problems.push(`${what}: ${row?.n}`);
      };
      await count(
        "leased nodes that are failed or in maintenance",
        "SELECT 1 FROM allocations a JOIN nodes n ON n.id = a.node_id WHERE n.state NOT IN ('healthy', 'degraded')",
      );
      await count(
        "nodes held by leases that are not running",
        "SELECT 1 FROM allocations a JOIN leases l ON l.id = a.lease_id WHERE l.status NOT IN ('active', 'ending')",
      );
      await count(
        "leases holding more GPUs than their placed tranches",
        `SELECT a.lease_id FROM allocations a JOIN nodes n ON n.id = a.node_id GROUP BY a.lease_id
         HAVING sum(n.gpu_count) > (SELECT coalesce(sum(p.gpus), 0) FROM tranche_placements p WHERE p.lease_id = a.lease_id)`,
      );
      await count(
        "nodes whose holder differs from their last allocation event",
        `SELECT n.id FROM nodes n
         LEFT JOIN allocations a ON a.node_id = n.id
         JOIN LATERAL (SELECT to_holder FROM allocation_events e WHERE e.node_id = n.id ORDER BY e.id DESC LIMIT 1) last ON true
         WHERE (a.lease_id IS NOT NULL AND last.to_holder <> 'lease:' || a.lease_id)
            OR (a.lease_id IS NULL AND last.to_holder LIKE 'lease:%')`,
      );
      await count(
        "nodes whose state differs from their last node event",
        `SELECT n.id FROM nodes n
         JOIN LATERAL (SELECT to_state FROM node_events e WHERE e.node_id = n.id ORDER BY e.id DESC LIMIT 1) last ON true
         WHERE last.to_state <> n.state`,
      );
      const leases = new Map(
        (await db.query<{ id: string; status: string }>("SELECT id, status FROM leases")).map((l) => [
          l.id,
          l.status,
        ]),
      );
      for (const id of this.leases) {
        const status = leases.get(id);
        if (!status) problems.push(`acknowledged lease ${id} is missing`);
        else if (!["reserved", "active", "ending"].includes(status))
          problems.push(`acknowledged lease ${id} is ${status}`);
      }
      const states = new Map(
        (await db.query<{ name: string; state: string }>("SELECT name, state FROM nodes")).map((n) => [
          n.name,
          n.state,
        ]),
      );
      for (const [node, possible] of this.nodeStates) {
        const state = states.get(node) ?? "(missing)";
        if (!possible.has(state))
          problems.push(`node ${node} is ${state}, acknowledged ${[...possible].join(" or ")}`);
        this.nodeStates.set(node, new Set([state]));
      }
    } finally {
      await db.close();
    }
    return problems;
  }

  /** A new server starts on the data, answers, and stops cleanly. */
  private async restarts(): Promise<string[]> {
    const problems: string[] = [];
    const server = await startServerProcess(this.env()).catch((error: unknown) => {
      problems.push(`the server did not start again: ${String(error)}`);
      return undefined;
    });
    if (!server) return problems;
    const ids = new Set<string>();
    let cursor: string | null = null;
    do {
      const query: string = `?limit=1000${cursor ? `&cursor=${cursor}` : ""}`;
      const response = await this.call(server, "GET", `/v1/leases${query}`);
      if (response.status !== 200) break;
      const page = (await response.json()) as { leases: Array<{ id: string }>; nextCursor: string | null };
      for (const lease of page.leases) ids.add(lease.id);
      cursor = page.nextCursor;
    } while (cursor);
    const missing = [...this.leases].filter((id) => !ids.has(id));
    if (missing.length)
      problems.push(`after restart GET /v1/leases lacks ${missing.length} acknowledged leases`);
    server.process.kill("SIGTERM");
    const code = await server.exited;
    if (code !== 0)
      problems.push(`the restarted server exited ${code}: ${server.stderr.join("\n").slice(0, 500)}`);
    return problems;
  }

  close(): void {
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
