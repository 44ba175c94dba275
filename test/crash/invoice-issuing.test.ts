/**
 * Crash safety of invoice numbers: a real server issuing drafts from four clients at once is
 * SIGKILLed at a random moment, again and again; after each kill the stored numbers of each
 * series run 1..n with no gap and no repeat, every number a client was answered is stored on the
 * draft it was answered for, and a restarted server goes on from n + 1.
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prng } from "../../src/shared/prng.js";
import { openPglite } from "../../src/store/pglite-database.js";
import { h100SiteDoc } from "../support/h100-site.js";
import { type ServerProcess, startServerProcess } from "../support/server-process.js";

const LEASES = 48;
const TRIALS = 3;
const dataDir = mkdtempSync(join(tmpdir(), "leasehold-invoice-crash-"));
let key = "";
const acknowledged = new Map<string, string>();

const env = { LEASEHOLD_DATA_DIR: dataDir, LOG_LEVEL: "warn", LEASEHOLD_SPARES_PER_BLOCK: "0" };
const call = (server: ServerProcess, method: string, path: string, body?: unknown) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** The drafts still to issue, read from the stopped server's data. */
async function stored(): Promise<Array<{ id: string; status: string; seq: string | null }>> {
  const db = await openPglite(join(dataDir, "pgdata"));
  try {
    return await db.query(
      "SELECT id, status, seq::text AS seq FROM invoices WHERE series = 'INV' ORDER BY id",
    );
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  const server = await startServerProcess(env);
  key = (await readFile(join(dataDir, "operator.key"), "utf8")).trim();
  const shape = { halls: 1, blocksPerHall: 2, racksPerBlock: 4, nodesPerRack: 8 };
  expect((await call(server, "POST", "/v1/fleet/import", h100SiteDoc("crash-site", shape, 100))).status).toBe(
    200,
  );
  expect((await call(server, "POST", "/v1/tenants", { name: "crash-lab" })).status).toBe(201);
  // Leases that began half an hour ago and end in a few seconds: their month closes for them then.
  const startsAt = new Date(Date.now() - 30 * 60_000).toISOString();
  const endsAt = new Date(Date.now() + 3_000).toISOString();
  const ids: string[] = [];
  for (let i = 0; i < LEASES; i++) {
    const res = await call(server, "POST", "/v1/leases?reserve=true", {
      name: `short-${i}`,
      tenant: "crash-lab",
      sites: ["crash-site"],
      lines: [{ key: "h100", gpuModel: "H100", gpuCount: 8, pricePerGpuHour: "2.10" }],
      startsAt,
      endsAt,
    });
    expect(res.status).toBe(201);
    ids.push(((await res.json()) as { lease: { id: string } }).lease.id);
  }
  const month = startsAt.slice(0, 7);
  for (const id of ids)
    expect((await call(server, "POST", `/v1/leases/${id}/invoices`, { month })).status).toBe(201);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(endsAt) - Date.now() + 100)));
  server.process.kill("SIGTERM");
  expect(await server.exited).toBe(0);
}, 120_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("a server killed while issuing invoices", () => {
  for (let t = 1; t <= TRIALS; t++) {
    it(`skips no number and uses none twice (trial ${t})`, { timeout: 90_000 }, async () => {
      const rand = prng(7000 + t);
      const drafts = (await stored()).filter((d) => d.status === "draft").map((d) => d.id);
      const server = await startServerProcess(env);
      let killed = false;
      const client = async () => {
        while (!killed && drafts.length > 0) {
          const id = drafts.splice(Math.floor(rand() * drafts.length), 1)[0] ?? "";
          const res = await call(server, "POST", `/v1/invoices/${id}/issue`).catch(() => undefined);
          if (!res) return;
          if (res.status === 200)
            acknowledged.set(id, ((await res.json()) as { invoice: { number: string } }).invoice.number);
          else await res.body?.cancel();
        }
      };
      const clients = Array.from({ length: 4 }, client);
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.floor(rand() * 400)));
      server.process.kill("SIGKILL");
      killed = true;
      await Promise.all(clients);
      await server.exited;

      const rows = await stored();
      const seqs = rows.filter((r) => r.status === "issued").map((r) => Number(r.seq));
      expect(seqs.sort((a, b) => a - b)).toEqual(seqs.map((_, i) => i + 1));
      for (const [id, number] of acknowledged) {
        const row = rows.find((r) => r.id === id);
        expect(row?.status, id).toBe("issued");
        expect(`INV-${String(row?.seq).padStart(6, "0")}`).toBe(number);
      }
    });
  }

  it("goes on from the next number after a restart", { timeout: 90_000 }, async () => {
    const before = (await stored()).filter((r) => r.status === "issued").length;
    expect(acknowledged.size).toBeGreaterThan(0);
    expect(before).toBeGreaterThanOrEqual(acknowledged.size);
    const draft = (await stored()).find((r) => r.status === "draft");
    if (!draft) return;
    const server = await startServerProcess(env);
    const res = await call(server, "POST", `/v1/invoices/${draft.id}/issue`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { invoice: { number: string } }).invoice.number).toBe(
      `INV-${String(before + 1).padStart(6, "0")}`,
    );
    server.process.kill("SIGTERM");
    await server.exited;
  });
});
