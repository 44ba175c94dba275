/**
 * Benchmark: placing leases over HTTP through the real server (`node dist/server.js` with the demo
 * site), including the first lease after a start. `POST /v1/leases?reserve=true` of rent-half
 * (110,000 H100, packed, block isolation, islands of 2,048) starting now, answered once its 13,750
 * allocation rows are committed: right after a (later) start, then on the running server; and a
 * 2,048-GPU lease (node isolation) on the site while a long rent-half holds half of it. Each lease
 * has a term of a few seconds and is ended untimed (`POST /v1/leases/tick` once it is over). Floor
 * in the same run: a bare unnest INSERT of the same 13,750 allocation rows in one transaction, on
 * the server's own PostgreSQL database through a second connection, and for PGlite (whose data
 * directory one process owns) on a second PGlite on disk with the demo site loaded, interleaved.
 * Run: npm run build && npx tsx bench/lease-http.ts   (BENCH_RUNS=6, BENCH_STARTS=3 by default)
 * @module
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { openPglite } from "../src/store/pglite-database.js";
import { openPostgres } from "../src/store/postgres-database.js";
import type { Database } from "../src/store/sql-client.js";
import { startCluster } from "../test/support/postgres-cluster.js";
import { type ServerProcess, startServerProcess } from "../test/support/server-process.js";
import { postgresSkippedRow } from "./bench-databases.js";
import { machine, ms, summarize, table } from "./bench-kit.js";
import { count, operator, RENT_HALF_NODES, rentHalfRequest, setUpDemoLeasing } from "./demo-lease-setup.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 6);
const STARTS = Number(process.env.BENCH_STARTS ?? 3);
const SMALL_RUNS = 20;
/** How long each timed lease runs before it is ended: longer than any create takes. */
const TERM_MS = 10_000;

interface Target {
  label: string;
  env: Record<string, string>;
  /** The bare-INSERT floor: runs one and answers its ms (rows deleted untimed). */
  floor: () => Promise<number>;
  close: () => Promise<void>;
}

/** A client of one running server with the operator's key. */
function client(server: ServerProcess, key: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  return {
    call,
    /** Creates and reserves `request`, timed; checks it is active. */
    lease: async (request: object): Promise<{ id: string; ms: number }> => {
      const started = performance.now();
      const { lease } = (await call("POST", "/v1/leases?reserve=true", request)) as {
        lease: { id: string; status: string };
      };
      const elapsed = performance.now() - started;
      if (lease.status !== "active") throw new Error(`lease ${lease.id} is ${lease.status}`);
      return { id: lease.id, ms: elapsed };
    },
  };
}

const iso = (ms: number) => new Date(ms).toISOString();
const sleepUntil = async (at: number) => {
  const wait = at - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
};

/** rent-half from a minute ago (the server's clock is this machine's) until `TERM_MS` from now. */
const shortRentHalf = (name: string) =>
  rentHalfRequest(name, iso(Date.now() - 60_000), iso(Date.now() + TERM_MS));

async function measure(target: Target, dataDir: string): Promise<string[][]> {
  const env = { ...target.env, LEASEHOLD_DATA_DIR: dataDir, LEASEHOLD_DEMO: "colossus", LOG_LEVEL: "warn" };
  // The first start loads the demo; the tenant is made there.
  let server = await startServerProcess(env, 180_000);
  const key = readFileSync(join(dataDir, "operator.key"), "utf8").trim();
  await client(server, key).call("POST", "/v1/tenants", { name: "frontier-lab" });
  const stop = async () => {
    server.process.kill("SIGTERM");
    await server.exited;
  };

  const rows: string[][] = [];
  const first: number[] = [];
  const warm: number[] = [];
  const floor: number[] = [];
  let n = 0;
  /** One timed rent-half, then (untimed) its end and one floor INSERT. */
  const rentHalf = async (into: number[]) => {
    const api = client(server, key);
    const endsBy = Date.now() + TERM_MS;
    const { id, ms: elapsed } = await api.lease(shortRentHalf(`rent-half-${n++}`));
    into.push(elapsed);
    await sleepUntil(endsBy + 50);
    const { changed } = (await api.call("POST", "/v1/leases/tick")) as { changed: string[] };
    // The server's own tick may have ended it first.
    if (!changed.includes(id)) {
      const { lease } = (await api.call("GET", `/v1/leases/${id}`)) as { lease: { status: string } };
      if (lease.status !== "ended") throw new Error(`lease ${id} is ${lease.status} after its end`);
    }
    // With the lease ended its nodes are free again: the floor writes the same number of rows.
    floor.push(await target.floor());
  };
  try {
    for (let i = 0; i < STARTS; i++) {
      await stop();
      server = await startServerProcess(env, 180_000);
      await rentHalf(first);
    }
    await rentHalf([]); // warm-up of the running server
    for (let i = 0; i < RUNS; i++) await rentHalf(warm);

    // A 2,048-GPU lease beside a rent-half that holds half of the site.
    const api = client(server, key);
    await api.lease(rentHalfRequest("half-full", iso(Date.now() - 60_000), "2027-12-01T00:00:00.000Z"));
    const small: number[] = [];
    for (let batch = 0; small.length < SMALL_RUNS; batch++) {
      const endsBy = Date.now() + TERM_MS;
      for (let i = 0; i < 5; i++) {
        const { ms: elapsed } = await api.lease({
          name: `small-${batch}-${i}`,
          tenant: "frontier-lab",
          sites: ["colossus-1"],
          lines: [{ key: "h100", gpuModel: "H100", gpuCount: 2048, pricePerGpuHour: "2.40" }],
          startsAt: iso(Date.now() - 60_000),
          endsAt: iso(endsBy),
          isolation: "node",
          placement: { policy: "packed" },
        });
        if (batch > 0) small.push(elapsed);
      }
      await sleepUntil(endsBy + 50);
      await api.call("POST", "/v1/leases/tick");
    }

    const base = summarize(floor);
    const ratio = (t: ReturnType<typeof summarize>) => `${(t.medianMs / base.medianMs).toFixed(2)}×`;
    const f = summarize(first);
    const w = summarize(warm);
    const s = summarize(small);
    const target1 = target.label.startsWith("PGlite") ? 200 : 120;
    const verdict = (t: ReturnType<typeof summarize>, worst: number) =>
      `≤ ${target1} ms and ≤ 3× floor: median ${t.medianMs <= target1 && t.medianMs <= 3 * base.medianMs ? "met" : "MISSED"}, worst ${worst <= target1 ? "met" : "MISSED"}`;
    rows.push(
      [
        target.label,
        `rent-half, first lease after a start (${first.length} starts)`,
        ms(f.medianMs),
        ms(f.minMs),
        ms(Math.max(...first)),
        verdict(f, Math.max(...first)),
        ratio(f),
      ],
      [
        target.label,
        `rent-half on the running server (${warm.length} runs)`,
        ms(w.medianMs),
        ms(w.minMs),
        ms(Math.max(...warm)),
        verdict(w, Math.max(...warm)),
        ratio(w),
      ],
      [
        target.label,
        `floor: bare unnest INSERT of ${RENT_HALF_NODES.toLocaleString("en-US")} allocation rows, one transaction (${floor.length} runs)`,
        ms(base.medianMs),
        ms(base.minMs),
        ms(Math.max(...floor)),
        "",
        "1.00×",
      ],
      [
        target.label,
        `2,048-GPU lease on the half-full site (${small.length} runs)`,
        ms(s.medianMs),
        ms(s.minMs),
        ms(Math.max(...small)),
        `≤ 20 ms: median ${s.medianMs <= 20 ? "met" : "MISSED"}`,
        "",
      ],
    );
    return rows;
  } finally {
    if (server.process.exitCode === null) await stop();
  }
}

/** The floor on a second PGlite on disk with the demo site loaded: a lease row to hang the rows on. */
async function pgliteTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), "leasehold-floor-"));
  const db = await openPglite(join(dir, "pgdata"));
  const { siteId, clock, leases } = await setUpDemoLeasing(db);
  const draft = await leases.create(
    operator,
    rentHalfRequest("floor", clock.now(), "2027-12-01T00:00:00.000Z"),
    {
      reserve: false,
    },
  );
  return {
    label: "PGlite (disk) (fsync=off)",
    env: {},
    floor: await insertFloor(db, siteId, draft.id),
    close: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A bare unnest INSERT of rent-half's number of rows on H100 nodes of `siteId`, for `leaseId`. */
async function insertFloor(db: Database, siteId: string, leaseId: string): Promise<() => Promise<number>> {
  const nodeIds = (
    await db.query<{ id: string }>(
      "SELECT id FROM nodes WHERE site_id = $1 AND gpu_model = 'H100' ORDER BY path, name LIMIT $2",
      [siteId, RENT_HALF_NODES],
    )
  ).map((r) => r.id);
  return async () => {
    const started = performance.now();
    await db.transaction((tx) =>
      tx.query(
        "INSERT INTO allocations (node_id, site_id, lease_id, since) SELECT unnest($1::text[]), $2, $3, now()",
        [nodeIds, siteId, leaseId],
      ),
    );
    const elapsed = performance.now() - started;
    const held = await count(db, "SELECT count(*)::int AS n FROM allocations WHERE lease_id = $1", [leaseId]);
    if (held !== RENT_HALF_NODES) throw new Error(`floor wrote ${held} rows`);
    await db.query("DELETE FROM allocations WHERE lease_id = $1", [leaseId]);
    return elapsed;
  };
}

/**
 * The floor on the server's own PostgreSQL database, through a second connection: on the nodes and
 * a lease row the server wrote (looked up at the first floor run, once the server made them; it
 * runs only while no lease holds nodes).
 */
function postgresTarget(url: string): Target {
  const db = openPostgres(url);
  let floor: (() => Promise<number>) | undefined;
  return {
    label: "PostgreSQL (durable) (fsync=on)",
    env: { DATABASE_URL: url },
    floor: async () => {
      if (!floor) {
        const [lease] = await db.query<{ id: string; site_id: string }>(
          "SELECT id, site_id FROM leases WHERE site_id IS NOT NULL LIMIT 1",
        );
        if (!lease) throw new Error("no lease to hang the floor's rows on");
        floor = await insertFloor(db, lease.site_id, lease.id);
      }
      return floor();
    },
    close: () => db.close(),
  };
}

async function main(): Promise<void> {
  const rows: string[][] = [];
  const pglite = await pgliteTarget();
  const pgliteDir = mkdtempSync(join(tmpdir(), "leasehold-http-"));
  try {
    rows.push(...(await measure(pglite, pgliteDir)));
  } finally {
    await pglite.close();
    rmSync(pgliteDir, { recursive: true, force: true });
  }
  if (process.env.BENCH_ONLY !== "pglite") {
    const cluster = process.env.BENCH_DATABASE_URL ? undefined : await startCluster({ durable: true });
    const url = process.env.BENCH_DATABASE_URL ?? cluster?.url;
    if (url) {
      const reset = openPostgres(url);
      await reset.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
      await reset.close();
      const postgres = postgresTarget(url);
      const dir = mkdtempSync(join(tmpdir(), "leasehold-http-"));
      try {
        rows.push(...(await measure(postgres, dir)));
      } finally {
        await postgres.close();
        rmSync(dir, { recursive: true, force: true });
        cluster?.stop();
      }
    } else rows.push(postgresSkippedRow(7));
  }
  process.stdout.write("\n### Lease placement over HTTP through the real server (demo site)\n");
  process.stdout.write(
    `Machine: ${machine()}; load average ${loadavg()[0]?.toFixed(2)} at the end. \`node dist/server.js\` with the demo; each rent-half is ended untimed before the next and followed by one floor run. Ratio: median to the floor's median, same run.\n\n`,
  );
  process.stdout.write(
    `${table(["database", "what", "median", "best", "worst", "target", "÷ floor"], rows)}\n`,
  );
}

await main();
