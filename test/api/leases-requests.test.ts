import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/app/clock.js";
import type { ErrorBody, Lease, Quote } from "../../src/contract/generated/api.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

/** Quotes, refused lease requests, amendments and the lifecycle's refusals on the demo site. */

const clock = new ManualClock("2026-12-01T00:00:00.000Z");
let server: TestServer;

const call = async <T>(method: string, path: string, body?: unknown) => {
  const res = await server.app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${server.operatorKey}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
};

/** One month of 8,192 H100 at $2.00: 8,192 × 744 h = 6,094,848 GPU-hours, $12,189,696.00. */
const SMALL = {
  name: "small",
  tenant: "frontier-lab",
  sites: ["colossus-1"],
  lines: [{ key: "h100", gpuModel: "H100", gpuCount: 8192, pricePerGpuHour: "2.00" }],
  startsAt: "2026-12-01T00:00:00Z",
  endsAt: "2027-01-01T00:00:00Z",
};

const writes = async () =>
  server.db.query(
    `SELECT (SELECT count(*) FROM leases) AS leases, (SELECT count(*) FROM lease_versions) AS versions,
       (SELECT count(*) FROM outbox) AS events, (SELECT count(*) FROM allocations) AS allocations`,
  );

beforeAll(async () => {
  server = await startTestServer({ demo: true, clock });
  await server.tenantKey("frontier-lab");
});
afterAll(async () => server?.close());

describe("a quote", () => {
  it("answers where and from when a lease fits and its price in exact decimals, writing nothing", async () => {
    const before = await writes();
    const { status, body } = await call<Quote>("POST", "/v1/leases/quote", SMALL);
    expect(status).toBe(200);
    expect(body.fits).toBe(true);
    expect(body.best).toEqual({
      siteId: expect.any(String),
      siteName: "colossus-1",
      startsAt: "2026-12-01T00:00:00.000Z",
      endsAt: "2027-01-01T00:00:00.000Z",
      changes: [],
    });
    expect(body.schedule).toEqual([{ month: "2026-12", amount: "12189696.00", gpuHours: 6_094_848 }]);
    expect(body.total).toBe("12189696.00");
    expect(await writes()).toEqual(before);
  });

  it("quotes a tenant that does not exist yet as a prospect", async () => {
    const { status, body } = await call<Quote>("POST", "/v1/leases/quote", {
      ...SMALL,
      tenant: "prospect-lab",
    });
    expect(status).toBe(200);
    expect(body.fits).toBe(true);
  });

  it("says why a lease larger than the site does not fit", async () => {
    const huge = { ...SMALL, lines: [{ ...SMALL.lines[0], gpuCount: 400_000 }] };
    const { body } = await call<Quote>("POST", "/v1/leases/quote", huge);
    expect(body.fits).toBe(false);
    expect(body.best).toBeNull();
    expect(body.sites[0]).toMatchObject({ siteName: "colossus-1", fitsAsAsked: false, earliestStart: null });
    expect(body.sites[0]?.reason).toMatch(/H100/);
  });
});

const line = SMALL.lines[0];
const BAD: Array<[string, unknown, string, string]> = [
  [
    "a GPU count that is not whole nodes",
    { ...SMALL, lines: [{ ...line, gpuCount: 12 }] },
    "lines[0].gpuCount",
    "multiple of 8",
  ],
  [
    "an end before the start",
    { ...SMALL, endsAt: "2026-11-01T00:00:00Z" },
    "endsAt",
    "> 2026-12-01T00:00:00.000Z",
  ],
  [
    "two tranches starting together",
    {
      ...SMALL,
      startsAt: undefined,
      tranches: [
        { startsAt: "2026-12-01T00:00:00Z", gpus: { h100: 4096 } },
        { startsAt: "2026-12-01T00:00:00Z", gpus: { h100: 4096 } },
      ],
    },
    "tranches[1].startsAt",
    "distinct start times",
  ],
  [
    "an unknown GPU model",
    { ...SMALL, lines: [{ ...line, gpuModel: "Z9000" }] },
    "lines[0].gpuModel",
    "one of ",
  ],
  [
    "a price that is not a decimal",
    { ...SMALL, lines: [{ ...line, pricePerGpuHour: "2,10" }] },
    "lines[0].pricePerGpuHour",
    ">= 0, 6 decimals",
  ],
  ["an unknown field", { ...SMALL, colour: "blue" }, "colour", ""],
  [
    "an end in the year 9999",
    { ...SMALL, endsAt: "9999-12-31T00:00:00Z" },
    "endsAt",
    "<= 2046-12-01T00:00:00.000Z",
  ],
  [
    "a start years before now",
    { ...SMALL, startsAt: "2020-01-01T00:00:00Z" },
    "startsAt",
    ">= 2026-11-30T23:00:00.000Z",
  ],
  [
    "a first tranche before now",
    {
      ...SMALL,
      startsAt: undefined,
      tranches: [
        { startsAt: "2026-11-01T00:00:00Z", gpus: { h100: 4096 } },
        { startsAt: "2026-12-15T00:00:00Z", gpus: { h100: 4096 } },
      ],
    },
    "tranches[0].startsAt",
    ">= 2026-11-30T23:00:00.000Z",
  ],
  [
    "a ramp discount wholly before the term",
    {
      ...SMALL,
      rampDiscounts: [{ from: "2026-01-01T00:00:00Z", until: "2026-02-01T00:00:00Z", percentOff: "50" }],
    },
    "rampDiscounts[0].until",
    "> 2026-12-01T00:00:00.000Z",
  ],
  [
    "a ramp discount wholly after the term",
    {
      ...SMALL,
      rampDiscounts: [{ from: "2027-02-01T00:00:00Z", until: "2027-03-01T00:00:00Z", percentOff: "50" }],
    },
    "rampDiscounts[0].from",
    "< 2027-01-01T00:00:00.000Z",
  ],
  [
    "overlapping ramp discounts",
    {
      ...SMALL,
      rampDiscounts: [
        { from: "2026-12-01T00:00:00Z", until: "2026-12-20T00:00:00Z", percentOff: "50" },
        { from: "2026-12-10T00:00:00Z", until: "2027-01-01T00:00:00Z", percentOff: "25" },
      ],
    },
    "rampDiscounts[1].from",
    "no overlap with rampDiscounts[0]",
  ],
  [
    // 8,192 H100 × $2.00 × 744 h = $12,189,696.00 in a 31-day month.
    "a commitment above a month of every line at list price",
    { ...SMALL, commitment: { minimumPerMonth: "12189696.01" } },
    "commitment.minimumPerMonth",
    "<= 12189696.00",
  ],
  ["the same site twice", { ...SMALL, sites: ["colossus-1", "colossus-1"] }, "sites[1]", "unique"],
  [
    "islands that are not whole 8-GPU nodes",
    { ...SMALL, placement: { policy: "packed", minIslandGpus: 100 } },
    "placement.minIslandGpus",
    "multiple of 8",
  ],
];

describe.each(["/v1/leases", "/v1/leases/quote"])("POST %s", (path) => {
  it.each(BAD)("refuses %s with 400 naming the field and its bound", async (_why, request, field, bound) => {
    const before = await writes();
    const { status, body } = await call<ErrorBody>("POST", path, request);
    expect(status).toBe(400);
    expect(body.error.code).toBe("VALIDATION_FAILED");
    const issue = body.error.issues?.find((i) => i.field === field);
    expect(issue, JSON.stringify(body.error.issues)).toBeDefined();
    expect(issue?.bound ?? "").toContain(bound);
    expect(await writes()).toEqual(before);
  });

  it("refuses an unknown site with 404 SITE_NOT_FOUND naming it", async () => {
    const { status, body } = await call<ErrorBody>("POST", path, { ...SMALL, sites: ["atlantis"] });
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ code: "SITE_NOT_FOUND", issues: [{ field: "sites[0]" }] });
  });

  it("refuses a site named once by name and once by id, writing nothing", async () => {
    const site = await call<{ site: { id: string } }>("GET", "/v1/sites/colossus-1");
    const before = await writes();
    const { status, body } = await call<ErrorBody>("POST", path, {
      ...SMALL,
      name: "same-site-twice",
      sites: ["colossus-1", site.body.site.id],
    });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: "VALIDATION_FAILED",
      issues: [{ field: "sites[1]", bound: "unique" }],
    });
    expect(await writes()).toEqual(before);
  });

  it("accepts a start a few minutes ago, as the lease templates write it", async () => {
    const request = {
      ...SMALL,
      name: "just-now",
      startsAt: "2026-11-30T23:55:00Z",
      endsAt: "2046-11-30T23:55:00Z",
    };
    const { status } = await call("POST", path, request);
    expect(status).toBe(path === "/v1/leases" ? 201 : 200);
  });

  it("refuses a body that is not JSON", async () => {
    const { status, body } = await call<ErrorBody>("POST", path, "{");
    expect(status).toBe(400);
    expect(body.error.code).toBe("MALFORMED_JSON");
  });
});

describe("creating and changing a lease", () => {
  it("refuses a reserve flag that is not true or false", async () => {
    const { status, body } = await call<ErrorBody>("POST", "/v1/leases?reserve=yes", SMALL);
    expect(status).toBe(400);
    expect(body.error.issues?.[0]).toMatchObject({ field: "reserve", bound: "true|false" });
  });

  it("creates a draft, refuses a second lease of the same name, and cancels it", async () => {
    const created = await call<{ lease: Lease }>("POST", "/v1/leases", { ...SMALL, name: "draft-1" });
    expect(created.status).toBe(201);
    expect(created.body.lease.status).toBe("draft");
    const again = await call<ErrorBody>("POST", "/v1/leases", { ...SMALL, name: "draft-1" });
    expect([again.status, again.body.error.code]).toEqual([409, "LEASE_EXISTS"]);
    const cancelled = await call<{ lease: Lease }>("POST", "/v1/leases/draft-1/cancel", {
      reason: "no deal",
    });
    expect(cancelled.body.lease.status).toBe("cancelled");
    const twice = await call<ErrorBody>("POST", "/v1/leases/draft-1/cancel", { reason: "again" });
    expect([twice.status, twice.body.error.code]).toEqual([409, "INVALID_TRANSITION"]);
    const reserve = await call<ErrorBody>("POST", "/v1/leases/draft-1/reserve");
    expect([reserve.status, reserve.body.error.code]).toEqual([409, "INVALID_TRANSITION"]);
  });

  it("answers an unknown lease with 404 LEASE_NOT_FOUND", async () => {
    const { status, body } = await call<ErrorBody>("GET", "/v1/leases/nope/history");
    expect([status, body.error.code]).toEqual([404, "LEASE_NOT_FOUND"]);
  });

  describe("amendments", () => {
    const amend = (amendment: unknown, reason = "tenant asked") =>
      call<{ lease: Lease } & ErrorBody>("POST", "/v1/leases/growing/amendments", { amendment, reason });

    beforeAll(async () => {
      const res = await call("POST", "/v1/leases?reserve=true", {
        ...SMALL,
        name: "growing",
        endsAt: "2027-12-01T00:00:00Z",
        noticePeriodDays: 30,
      });
      expect(res.status).toBe(201);
    });

    it("upsizes a line with a new tranche and bumps the version", async () => {
      const { status, body } = await amend({
        kind: "upsize",
        line: "h100",
        gpus: 1024,
        startsAt: "2027-02-01T00:00:00Z",
      });
      expect(status).toBe(200);
      expect(body.lease.lines[0]?.gpuCount).toBe(8192 + 1024);
      expect(body.lease.tranches.map((t) => [t.startsAt, t.gpus])).toEqual([
        ["2026-12-01T00:00:00.000Z", { h100: 8192 }],
        ["2027-02-01T00:00:00.000Z", { h100: 1024 }],
      ]);
    });

    it("refuses an upsize the site cannot hold, naming the bound, and changes nothing", async () => {
      const before = await call<{ lease: Lease }>("GET", "/v1/leases/growing");
      const { status, body } = await amend({
        kind: "upsize",
        line: "h100",
        gpus: 160_000,
        startsAt: "2027-05-15T00:00:00Z",
      });
      expect(status).toBe(409);
      expect(body.error.code).toBe("LEASE_UNPLACEABLE");
      expect(body.error.issues?.[0]).toMatchObject({
        field: "amendment",
        bound: expect.stringMatching(/^<= [0-9]+ H100 GPUs free at colossus-1 from /),
      });
      const after = await call<{ lease: Lease }>("GET", "/v1/leases/growing");
      expect(after.body.lease).toEqual(before.body.lease);
    });

    it("adds a tranche of a new line priced in exact decimals", async () => {
      const { status, body } = await amend({
        kind: "add_tranche",
        startsAt: "2027-03-01T00:00:00Z",
        gpus: { h200: 512 },
        newLines: [{ key: "h200", gpuModel: "H200", pricePerGpuHour: "2.755" }],
      });
      expect(status).toBe(200);
      expect(body.lease.lines[1]).toEqual({
        key: "h200",
        gpuModel: "H200",
        gpuCount: 512,
        pricePerGpuHour: "2.755000",
      });
    });

    it.each<[string, unknown, string, string]>([
      [
        "a new line with a malformed price",
        {
          kind: "add_tranche",
          startsAt: "2027-04-01T00:00:00Z",
          gpus: { b: 8 },
          newLines: [{ key: "b", gpuModel: "B200", pricePerGpuHour: "cheap" }],
        },
        "amendment.newLines[0].pricePerGpuHour",
        ">= 0",
      ],
      [
        "GPUs that are not whole nodes",
        { kind: "add_tranche", startsAt: "2027-04-01T00:00:00Z", gpus: { h100: 12 } },
        "amendment.gpus.h100",
        "multiple of 8",
      ],
      [
        "a tranche in the past",
        { kind: "upsize", line: "h100", gpus: 8, startsAt: "2026-01-01T00:00:00Z" },
        "amendment.startsAt",
        ">= 2026-12-01",
      ],
      [
        "an unknown line",
        { kind: "upsize", line: "tpu", gpus: 8, startsAt: "2027-04-01T00:00:00Z" },
        "amendment.line",
        "one of h100|h200",
      ],
      [
        "an extension that ends sooner",
        { kind: "extend", endsAt: "2027-06-01T00:00:00Z" },
        "amendment.endsAt",
        "> 2027-12-01",
      ],
      [
        "an early end inside the notice period",
        { kind: "terminate_early", endsAt: "2026-12-15T00:00:00Z" },
        "amendment.endsAt",
        ">= 2026-12-31",
      ],
      [
        "an extension past twenty years from the start",
        { kind: "extend", endsAt: "9999-12-31T00:00:00Z" },
        "amendment.endsAt",
        "<= 2046-12-01T00:00:00.000Z",
      ],
      ["an unknown kind", { kind: "shrink" }, "amendment.kind", ""],
    ])("refuses %s with 400 naming the field", async (_why, amendment, field, bound) => {
      const { status, body } = await amend(amendment);
      expect(status).toBe(400);
      const issue = body.error.issues?.find((i) => i.field === field);
      expect(issue, JSON.stringify(body.error.issues)).toBeDefined();
      expect(issue?.bound ?? "").toContain(bound);
    });

    it("extends, then terminates early into ending, each version in the history with its reason", async () => {
      expect((await amend({ kind: "extend", endsAt: "2028-06-01T00:00:00Z" }, "renewed")).status).toBe(200);
      const ended = await amend({ kind: "terminate_early", endsAt: "2027-02-15T00:00:00Z" }, "budget cut");
      expect(ended.body.lease).toMatchObject({ status: "ending", endsAt: "2027-02-15T00:00:00.000Z" });
      // The H200 tranche would start after the new end: it is dropped and its line shrinks to nothing.
      expect(ended.body.lease.tranches.map((t) => t.key)).toEqual(["t1", "t2"]);
      expect(ended.body.lease.lines.map((l) => [l.key, l.gpuCount])).toEqual([
        ["h100", 9216],
        ["h200", 0],
      ]);
      const history = await call<{ versions: Array<{ kind: string; reason: string }> }>(
        "GET",
        "/v1/leases/growing/history",
      );
      expect(history.body.versions.slice(-4).map((v) => [v.kind, v.reason])).toEqual([
        ["upsize", "tenant asked"],
        ["add_tranche", "tenant asked"],
        ["extend", "renewed"],
        ["terminate_early", "budget cut"],
      ]);
    });
  });
});

describe("giving notice", () => {
  const notice = (lease: string, body: unknown) =>
    call<{ lease: Lease } & ErrorBody>("POST", `/v1/leases/${lease}/notice`, body);

  beforeAll(async () => {
    const res = await call("POST", "/v1/leases?reserve=true", {
      ...SMALL,
      name: "noticed",
      endsAt: "2027-12-01T00:00:00Z",
      noticePeriodDays: 30,
    });
    expect(res.status).toBe(201);
  });

  it("refuses an end after the lease's own end with 400, naming the end, and changes nothing", async () => {
    const before = await writes();
    const { status, body } = await notice("noticed", { endsAt: "2030-01-01T00:00:00Z", reason: "later" });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: "VALIDATION_FAILED",
      issues: [{ field: "endsAt", bound: "<= 2027-12-01T00:00:00.000Z" }],
    });
    expect(await writes()).toEqual(before);
    const lease = await call<{ lease: Lease }>("GET", "/v1/leases/noticed");
    expect(lease.body.lease).toMatchObject({ status: "active", endsAt: "2027-12-01T00:00:00.000Z" });
  });

  it("refuses an end inside the notice period with 409, naming the earliest end as the bound", async () => {
    const { status, body } = await notice("noticed", { endsAt: "2026-12-15T00:00:00Z", reason: "sooner" });
    expect(status).toBe(409);
    expect(body.error).toMatchObject({
      code: "NOTICE_TOO_SHORT",
      issues: [{ field: "endsAt", bound: ">= 2026-12-31T00:00:00.000Z" }],
    });
  });

  it("ends the lease at the end asked for when it lies between the two", async () => {
    const { status, body } = await notice("noticed", { endsAt: "2027-06-01T00:00:00Z", reason: "budget" });
    expect(status).toBe(200);
    expect(body.lease).toMatchObject({ status: "ending", endsAt: "2027-06-01T00:00:00.000Z" });
  });

  it("refuses notice on a draft in plain words", async () => {
    expect((await call("POST", "/v1/leases", { ...SMALL, name: "unsigned" })).status).toBe(201);
    const { status, body } = await notice("unsigned", { reason: "never mind" });
    expect(status).toBe(409);
    expect(body.error).toMatchObject({
      code: "INVALID_TRANSITION",
      message: "cannot give notice on a lease that is draft (allowed from reserved, active)",
    });
  });
});

describe("listing leases", () => {
  it.each([
    ["-1", ">= 1"],
    ["0", ">= 1"],
    ["5000", "<= 1000"],
    ["ten", "type number"],
  ])("refuses limit=%s with 400 naming the bound", async (limit, bound) => {
    const { status, body } = await call<ErrorBody>("GET", `/v1/leases?limit=${limit}`);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "VALIDATION_FAILED", issues: [{ field: "limit" }] });
    expect(body.error.issues?.[0]?.bound).toContain(bound);
  });

  it("answers at most limit leases, by start", async () => {
    const all = await call<{ leases: Lease[] }>("GET", "/v1/leases");
    expect(all.body.leases.length).toBeGreaterThan(1);
    const one = await call<{ leases: Lease[] }>("GET", "/v1/leases?limit=1");
    expect(one.status).toBe(200);
    expect(one.body.leases.map((l) => l.id)).toEqual([all.body.leases[0]?.id]);
  });

  it("pages by nextCursor to the end, each lease once, and refuses a cursor it did not issue", async () => {
    type Page = { leases: Lease[]; nextCursor: string | null };
    const all = (await call<Page>("GET", "/v1/leases")).body;
    expect(all.nextCursor).toBeNull();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = (await call<Page>("GET", `/v1/leases?limit=1${cursor ? `&cursor=${cursor}` : ""}`))
        .body;
      seen.push(...page.leases.map((l) => l.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.leases.map((l) => l.id));
    const forged = await call<ErrorBody>("GET", "/v1/leases?cursor=bm90LWEtY3Vyc29y");
    expect(forged.status).toBe(400);
    expect(forged.body.error.issues?.[0]?.field).toBe("cursor");
  });

  it("refuses a query parameter it does not know", async () => {
    const { status, body } = await call<ErrorBody>("GET", "/v1/leases?colour=blue");
    expect(status).toBe(400);
    expect(body.error.issues?.[0]?.field).toBe("colour");
  });
});

describe("the API description", () => {
  it("says a lease request needs startsAt unless it gives tranches", async () => {
    const spec = (await (await server.app.request("/openapi.json")).json()) as {
      paths: Record<
        string,
        Record<string, { requestBody: { content: Record<string, { schema: { $ref?: string } }> } }>
      >;
      components: { schemas: Record<string, unknown> };
    };
    for (const path of ["/v1/leases", "/v1/leases/quote"]) {
      const body = spec.paths[path]?.post?.requestBody.content["application/json"]?.schema;
      const schema = body?.$ref
        ? spec.components.schemas[body.$ref.replace("#/components/schemas/", "")]
        : body;
      expect(schema).toMatchObject({
        required: expect.arrayContaining(["endsAt"]),
        anyOf: [{ required: ["startsAt"] }, { required: ["tranches"] }],
      });
    }
  });
});

describe("a site's availability", () => {
  it("covers a year from now by default, by GPU model", async () => {
    const { status, body } = await call<{
      from: string;
      until: string;
      byModel: Array<{ gpuModel: string; steps: unknown[] }>;
    }>("GET", "/v1/sites/colossus-1/availability");
    expect(status).toBe(200);
    expect([body.from, body.until]).toEqual(["2026-12-01T00:00:00.000Z", "2027-12-01T00:00:00.000Z"]);
    expect(body.byModel.map((m) => m.gpuModel)).toEqual(["H100", "H200", "GB200"]);
  });

  it.each([
    [
      "an end before the start",
      "from=2027-01-01T00:00:00Z&until=2026-12-15T00:00:00Z",
      "> 2027-01-01T00:00:00.000Z",
    ],
    ["more than ten years", "from=2027-01-01T00:00:00Z&until=2040-01-01T00:00:00Z", "3650 days"],
  ])("refuses %s with 400 naming until and its bound", async (_why, query, bound) => {
    const { status, body } = await call<ErrorBody>("GET", `/v1/sites/colossus-1/availability?${query}`);
    expect(status).toBe(400);
    expect(body.error.issues?.[0]?.field).toBe("until");
    expect(body.error.issues?.[0]?.bound).toContain(bound);
  });

  it("answers an unknown site with 404", async () => {
    const { status, body } = await call<ErrorBody>("GET", "/v1/sites/atlantis/availability");
    expect([status, body.error.code]).toEqual([404, "SITE_NOT_FOUND"]);
  });
});
