import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type {
  Lease,
  LeaseAllocation,
  LeaseHistory,
  LeaseRequest,
  Quote,
  SiteAvailability,
} from "../../src/contract/generated/api.js";
import { runCli } from "../support/cli-harness.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

const DAY_MS = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

describe("leasehold leases: the rent-half scenario end to end", () => {
  let server: TestServer;
  let dir: string;
  const cli = (...argv: string[]) => runCli(argv, { url: server.url, key: server.operatorKey, cwd: dir });
  /** Runs with -o json, expects success, and parses stdout. */
  async function json<T>(...argv: string[]): Promise<T> {
    const { code, stdout, stderr } = await cli("-o", "json", ...argv);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    return JSON.parse(stdout) as T;
  }
  const available = async () =>
    (await json<SiteAvailability>("sites", "availability", "colossus-1")).byModel.map((m) => [
      m.gpuModel,
      m.leasableGpus,
      m.steps.map((s) => s.availableGpus),
    ]);

  beforeAll(async () => {
    server = await startTestServer({ demo: true });
    dir = mkdtempSync(join(tmpdir(), "leasehold-leases-"));
    expect((await cli("tenants", "create", "frontier-lab")).code).toBe(0);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes the rent-half template: half the site's leasable GPUs as whole H100 nodes, packed, block-isolated", async () => {
    const availability = await json<SiteAvailability>("sites", "availability", "colossus-1");
    const leasable = availability.byModel.reduce((n, m) => n + m.leasableGpus, 0);
    const written = await cli(
      ...["leases", "template", "rent-half", "--site", "colossus-1", "--tenant", "frontier-lab"],
      ...["-f", "rent-half.yaml"],
    );
    expect(written).toMatchObject({ code: 0, stderr: "" });
    expect(written.stdout).toMatch(
      /^wrote rent-half for frontier-lab at colossus-1: [\d,]+ H100 to rent-half.yaml$/m,
    );

    const request = parse(readFileSync(join(dir, "rent-half.yaml"), "utf8")) as LeaseRequest;
    const gpus = request.lines[0]?.gpuCount ?? 0;
    expect(gpus % 8).toBe(0);
    expect(leasable / 2 - gpus).toBeGreaterThanOrEqual(0);
    expect(leasable / 2 - gpus).toBeLessThan(8);
    expect(gpus).toBeGreaterThan(100_000);
    expect(request).toMatchObject({
      sites: ["colossus-1"],
      lines: [{ key: "h100", gpuModel: "H100", pricePerGpuHour: "2.10" }],
      isolation: "block",
      placement: { policy: "packed", minIslandGpus: 2048 },
    });
    const termDays = (Date.parse(request.endsAt) - Date.parse(request.startsAt ?? "")) / DAY_MS;
    expect(termDays).toBeGreaterThanOrEqual(365);
    expect(termDays).toBeLessThanOrEqual(366);
  });

  it("prints the rent-all template: every leasable GPU, one monthly fee, a two-month ramp, site isolation", async () => {
    const request = await json<LeaseRequest>(
      ...["leases", "template", "rent-all", "--site", "colossus-1", "--tenant", "frontier-lab"],
      ...["--starts", "2027-01-01"],
    );
    expect(request.lines.map((l) => [l.key, l.monthlyFee])).toEqual([
      ["h100", "1250000000.00"],
      ["h200", "0"],
      ["gb200", "0"],
    ]);
    expect(request).toMatchObject({
      isolation: "site",
      noticePeriodDays: 90,
      endsAt: "2029-05-31T00:00:00.000Z",
      rampDiscounts: [
        { from: "2027-01-01T00:00:00.000Z", until: "2027-03-01T00:00:00.000Z", percentOff: "50" },
      ],
    });
  });

  it("quotes rent-half: it fits now, placed by block, priced by month; and writes nothing", async () => {
    const before = await available();
    const table = await cli("leases", "quote", "-f", "rent-half.yaml");
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Fits: yes, at colossus-1 from \S+ until \S+$/m);
    expect(table.stdout).toMatch(/^H100\s+\S+\s+hall-\d\d\/block-\d{3}\s+[\d,]+\s+[\d,]+$/m);
    expect(table.stdout).toMatch(/^total\s+[\d,]+\s+\$[\d,]+\.\d\d$/m);

    const quote = await json<Quote>("leases", "quote", "-f", "rent-half.yaml");
    expect(quote.fits).toBe(true);
    expect(quote.best?.siteName).toBe("colossus-1");
    expect(quote.schedule.length).toBeGreaterThanOrEqual(12);
    expect(quote.sites[0]?.placement?.[0]?.pieces.every((p) => p.gpus >= 2048)).toBe(true);

    expect((await json<{ leases: Lease[] }>("leases", "list")).leases).toEqual([]);
    expect(await available()).toEqual(before);
  });

  it("creates rent-half with --reserve: active at once, its GPUs held by block, nothing short", async () => {
    const { lease } = await json<{ lease: Lease }>("leases", "create", "-f", "rent-half.yaml", "--reserve");
    const gpus = lease.lines[0]?.gpuCount ?? 0;
    expect(lease).toMatchObject({ name: "rent-half", status: "active", isolation: "block" });
    expect(lease.contractValue).toMatch(/^\d+\.\d\d$/);

    const shown = await cli("leases", "show", "rent-half");
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^Status:\s+active, version \d+$/m);
    expect(shown.stdout).toMatch(/^Contract value:\s+\$[\d,]+\.\d\d$/m);
    expect(shown.stdout).toMatch(/^h100\s+H100\s+[\d,]+\s+\$2\.10\/GPU-h$/m);
    expect(shown.stdout).toContain(`Allocation: ${gpus.toLocaleString("en-US")} H100 on `);
    // What the server offers this key now: an active lease is amended or ended with notice.
    expect(shown.stdout).toMatch(/^You may now:\s+leases amend, leases terminate$/m);

    const allocation = await json<LeaseAllocation>("allocation", "show", "rent-half");
    expect(allocation.byModel).toEqual([{ gpuModel: "H100", heldGpus: gpus, missingGpus: 0 }]);
    expect(allocation.blocks.reduce((n, b) => n + b.gpus, 0)).toBe(gpus);
    expect(allocation.blocks.every((b) => b.gpus >= 2048)).toBe(true);

    const table = await cli("allocation", "show", "rent-half");
    expect(table.stdout).toMatch(/^BLOCK\s+RACKS\s+NODES\s+GPUS$/m);
    expect(table.stdout).toMatch(
      new RegExp(`^total\\s+[\\d,]+\\s+[\\d,]+\\s+${gpus.toLocaleString("en-US")}$`, "m"),
    );
    expect(table.stdout).toContain("Shortfalls: none");

    const moves = await cli("allocation", "moves", "rent-half", "--limit", "3");
    expect(moves.code).toBe(0);
    expect(moves.stdout).toMatch(/^ID\s+AT\s+NODE\s+PATH\s+FROM\s+TO\s+REASON$/m);
    expect(moves.stdout.match(/\shouse\s+lease:lse_/g)).toHaveLength(3);
    expect(moves.stderr).toMatch(/^more moves: pass --cursor \S+ for the next page, or --all$/m);
    const cursor = /--cursor (\S+)/.exec(moves.stderr)?.[1] ?? "";
    const next = await cli("allocation", "moves", "rent-half", "--limit", "3", "--cursor", cursor);
    expect(next.stdout.match(/\shouse\s+lease:lse_/g)).toHaveLength(3);
    expect(next.stdout).not.toContain(moves.stdout.split("\n")[1]);

    const availability = await json<SiteAvailability>("sites", "availability", "colossus-1");
    expect(availability.now.find((m) => m.gpuModel === "H100")?.leased.gpus).toBe(gpus);
  });

  it("extends and upsizes by amendment, each a version with its reason in the history", async () => {
    const { lease } = await json<{ lease: Lease }>("leases", "show", "rent-half");
    const later = new Date(Date.parse(lease.endsAt) + 30 * DAY_MS).toISOString();
    const extended = await json<{ lease: Lease }>(
      ...["leases", "amend", "rent-half", "--extend", later, "--reason", "tenant asked for a month more"],
    );
    expect(extended.lease.endsAt).toBe(later);
    expect(BigInt(extended.lease.contractValue.replace(".", ""))).toBeGreaterThan(
      BigInt(lease.contractValue.replace(".", "")),
    );

    const upsized = await json<{ lease: Lease }>(
      ...["leases", "amend", "rent-half", "--upsize", `h100:2048@${inDays(30)}`, "--reason", "second phase"],
    );
    expect(upsized.lease.tranches).toHaveLength(2);
    expect(upsized.lease.lines[0]?.gpuCount).toBe((lease.lines[0]?.gpuCount ?? 0) + 2048);

    const history = await json<LeaseHistory>("leases", "history", "rent-half");
    expect(history.versions.map((v) => v.kind)).toEqual([
      "create",
      "reserve",
      "activate",
      "extend",
      "upsize",
    ]);
    expect(history.versions[3]).toMatchObject({ reason: "tenant asked for a month more" });
    expect(history.events.map((e) => e.topic)).toContain("tranche.activated");
    const table = await cli("leases", "history", "rent-half");
    expect(table.stdout).toMatch(
      /^\s+4\s+extend\s+\S+\s+operator:\S+\s+tenant asked for a month more\s+endsAt: /m,
    );
  });

  it("refuses notice shorter than the notice period with NOTICE_TOO_SHORT, then ends at the earliest allowed", async () => {
    const short = await cli("leases", "terminate", "rent-half", "--ends", inDays(10), "--reason", "too soon");
    expect(short.code).toBe(1);
    expect(short.stdout).toBe("");
    expect(short.stderr).toMatch(
      /^error: NOTICE_TOO_SHORT: with 90 days' notice given at \S+ the lease can end at/,
    );

    const { lease } = await json<{ lease: Lease }>(
      "leases",
      "terminate",
      "rent-half",
      "--reason",
      "moving out",
    );
    expect(lease.status).toBe("ending");
    expect(Math.abs(Date.parse(lease.endsAt) - Date.parse(inDays(90)))).toBeLessThan(60_000);
  });

  it("creates a draft from flags, lists it by status and site, reserves it and cancels it", async () => {
    const created = await cli(
      ...["leases", "create", "small", "--tenant", "frontier-lab", "--site", "colossus-1"],
      ...["--line", "gb200:GB200:72:5.00", "--starts", inDays(60), "--ends", inDays(120)],
      ...["--notice-days", "30", "--ramp", `${inDays(60)}..${inDays(90)}:25`],
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Status:\s+draft, version 1$/m);
    expect(created.stdout).toMatch(/^Ramp discounts:\s+25% off /m);

    const drafts = await json<{ leases: Lease[] }>("leases", "list", "--status", "draft");
    expect(drafts.leases.map((l) => l.name)).toEqual(["small"]);
    const atSite = await json<{ leases: Lease[] }>("leases", "list", "--site", "colossus-1");
    expect(atSite.leases.map((l) => l.name)).toEqual(["rent-half"]);
    const listed = await cli("leases", "list");
    expect(listed.stdout).toMatch(
      /^NAME\s+STATUS\s+TENANT\s+SITE\s+GPUS\s+STARTS\s+ENDS\s+CONTRACT VALUE\s+ID$/m,
    );

    const reserved = await json<{ lease: Lease }>("leases", "reserve", "small");
    expect(reserved.lease).toMatchObject({ status: "reserved", siteId: atSite.leases[0]?.siteId });
    const cancelled = await json<{ lease: Lease }>("leases", "cancel", "small", "--reason", "changed plans");
    expect(cancelled.lease.status).toBe("cancelled");
  });

  it("prints exactly the API's payload with -o json", async () => {
    const api = await fetch(`${server.url}/v1/leases`, {
      headers: { authorization: `Bearer ${server.operatorKey}` },
    });
    const { stdout } = await cli("-o", "json", "leases", "list");
    expect(JSON.parse(stdout)).toEqual(await api.json());
    expect(stdout).toBe(`${JSON.stringify(JSON.parse(stdout), null, 2)}\n`);
    expect((await json<{ changed: string[] }>("leases", "tick")).changed).toEqual([]);
  });

  it("shows a tenant key only its own leases", async () => {
    const { key } = await server.tenantKey("other-lab");
    const as = (...argv: string[]) => runCli(argv, { url: server.url, key });
    expect((await as("leases", "list")).stdout).toBe(
      "no leases: create one with `leasehold leases create`\n",
    );
    const hidden = await as("leases", "show", "rent-half");
    expect(hidden.code).toBe(1);
    expect(hidden.stderr).toMatch(/^error: LEASE_NOT_FOUND: /);
  });

  it("checks lease flags before calling the server", async () => {
    const twoKinds = await cli(
      ...["leases", "amend", "rent-half", "--extend", "2030-01-01", "--terminate-early", "2029-01-01"],
      ...["--reason", "x"],
    );
    expect(twoKinds).toMatchObject({ code: 2, stdout: "" });
    expect(twoKinds.stderr).toContain(
      "give exactly one of --upsize, --add-tranche, --extend or --terminate-early (got 2)",
    );

    const badLine = await cli("leases", "create", "x", "--line", "h100:H100:8");
    expect(badLine.code).toBe(2);
    expect(badLine.stderr).toContain("must be KEY:MODEL:GPUS:PRICE");

    const both = await cli("leases", "create", "-f", "rent-half.yaml", "--tenant", "frontier-lab");
    expect(both).toMatchObject({ code: 2, stderr: "error: -f FILE holds the whole lease; drop --tenant\n" });

    const badInstant = await cli("leases", "terminate", "rent-half", "--ends", "next week", "--reason", "x");
    expect(badInstant.code).toBe(2);
    expect(badInstant.stderr).toContain("must be an ISO 8601 instant");
  });

  it("passes on the server's refusal of a scenario the site cannot supply", async () => {
    const nodes = Array.from({ length: 8 }, (_, i) => ({
      name: `n${i + 1}`,
      path: "r1",
      gpuModel: "B200",
      gpuCount: 8,
    }));
    const site = {
      name: "b200-lab",
      pue: 1.2,
      electricityUsdPerMwh: "70",
      powerSources: [{ kind: "grid" as const, installedMw: 2, permittedMw: 2 }],
      topologyLevels: ["rack", "node"],
      nodes,
    };
    const imported = await server
      .api()
      .POST("/v1/fleet/import", { params: { query: { replace: "false" } }, body: { sites: [site] } });
    expect(imported.response.status).toBe(200);
    const refused = await cli(
      "leases",
      "template",
      "rent-half",
      "--site",
      "b200-lab",
      "--tenant",
      "frontier-lab",
    );
    expect(refused).toMatchObject({
      code: 1,
      stdout: "",
      stderr: "error: TEMPLATE_NOT_APPLICABLE: rent-half leases H100 GPUs, and b200-lab has none to lease\n",
    });
  });

  it("shows the field and bound the server rejects", async () => {
    const bad = await cli(
      ...["leases", "create", "odd", "--tenant", "frontier-lab", "--site", "colossus-1"],
      ...["--line", "h100:H100:12:2.10", "--starts", inDays(1), "--ends", inDays(30)],
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: VALIDATION_FAILED: /);
    expect(bad.stderr).toContain("lines[0].gpuCount: must be a positive multiple of 8 for H100 (got 12)");
  });
});
