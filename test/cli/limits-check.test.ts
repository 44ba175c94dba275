import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LimitVerdict } from "../../src/contract/generated/api.js";
import { MemoryLimits } from "../../src/limits/memory-limits.js";
import { runCli } from "../support/cli-harness.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

describe("leasehold limits check", () => {
  let server: TestServer;
  let lab: { tenantId: string; key: string };
  const limits = new MemoryLimits();
  const check = (...extra: string[]) =>
    runCli(
      [
        "limits",
        "check",
        "--subject",
        "ada",
        "--plan",
        "pro",
        "--model-class",
        "large",
        "--input-tokens",
        "100",
        ...extra,
      ],
      { url: server.url, key: lab.key },
    );

  beforeAll(async () => {
    server = await startTestServer({ limits });
    lab = await server.tenantKey("lab");
    limits.publish(lab.tenantId, [
      {
        plan: "pro",
        modelClass: "large",
        limits: [
          { dimension: "requests", window: "five_hours", limit: 2 },
          { dimension: "output_tokens", window: "week", limit: 50_000 },
        ],
      },
    ]);
  });
  afterAll(async () => server?.close());

  it("prints a grant's reservation and what is left, as a table and as JSON", async () => {
    const table = await check("--max-output-tokens", "4000");
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Reservation:\s+1$/m);
    expect(table.stdout).toMatch(/^output_tokens\s+week\s+50,000\s+46,000\s/m);
    const json = await check("--max-output-tokens", "1000", "-o", "json");
    expect(JSON.parse(json.stdout)).toMatchObject<Partial<LimitVerdict>>({ granted: true, reservationId: 2 });
  });

  it("exits with RATE_LIMITED naming the dimension and window once the plan's limit is spent", async () => {
    const denied = await check("--max-output-tokens", "10");
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(
      /^error: RATE_LIMITED: requests per five hours limit reached: retry in \d+ s$/m,
    );
  });
});
