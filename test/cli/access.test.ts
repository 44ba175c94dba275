import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiKey, Tenant, Whoami } from "../../src/contract/generated/api.js";
import { runCli } from "../support/cli-harness.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

describe("leasehold tenants, keys and whoami", () => {
  let server: TestServer;
  const as =
    (key: string) =>
    (...argv: string[]) =>
      runCli(argv, { url: server.url, key });
  const cli = (...argv: string[]) => as(server.operatorKey)(...argv);

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("creates, lists and shows a tenant", async () => {
    const created = await cli("-o", "json", "tenants", "create", "frontier-lab");
    expect(created.code).toBe(0);
    const { tenant } = JSON.parse(created.stdout) as { tenant: Tenant };
    expect(tenant).toMatchObject({ name: "frontier-lab", id: expect.stringMatching(/^tnt_/) });

    expect((await cli("tenants", "list")).stdout).toMatch(
      new RegExp(`^frontier-lab\\s+${tenant.id}\\s`, "m"),
    );
    const shown = JSON.parse((await cli("-o", "json", "tenants", "show", tenant.id)).stdout) as {
      tenant: Tenant;
    };
    expect(shown).toEqual({ tenant });

    const duplicate = await cli("tenants", "create", "frontier-lab");
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/^error: TENANT_EXISTS: /);
  });

  it("prints a new key's secret once with a warning, and the key works until it is revoked", async () => {
    await cli("tenants", "create", "lab-two");
    const created = await cli("keys", "create", "lab-two-ci", "--role", "tenant", "--tenant", "lab-two");
    expect(created.code).toBe(0);
    expect(created.stderr).toContain("warning: this is the only time the key is shown");
    const secret = /^key: (lh_tn_\S+)$/m.exec(created.stdout)?.[1] ?? "";
    expect(secret).not.toBe("");

    const who = await as(secret)("-o", "json", "whoami");
    expect(JSON.parse(who.stdout)).toMatchObject<Partial<Whoami>>({
      role: "tenant",
      keyName: "lab-two-ci",
    });
    expect((await cli("keys", "list")).stdout).not.toContain(secret);

    const listed = JSON.parse((await cli("-o", "json", "keys", "list")).stdout) as { apiKeys: ApiKey[] };
    const id = listed.apiKeys.find((k) => k.name === "lab-two-ci")?.id ?? "";
    const revoked = await cli("keys", "revoke", id);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(new RegExp(`^${id}\\s+lab-two-ci\\s.*\\d{4}-\\d\\d-\\d\\dT\\S+Z$`, "m"));

    const after = await as(secret)("whoami");
    expect(after).toMatchObject({ code: 1, stdout: "" });
    expect(after.stderr).toBe(
      `error: UNAUTHENTICATED: API key is unknown or revoked (server ${server.url})\n`,
    );
  });

  it("lists a page with --limit and the next page's cursor, then every tenant with --all", async () => {
    for (const name of ["page-a", "page-b", "page-c"]) await cli("tenants", "create", name);
    const { tenants: all } = JSON.parse((await cli("-o", "json", "tenants", "list")).stdout) as {
      tenants: Tenant[];
    };
    expect(all.length).toBeGreaterThanOrEqual(3);

    const first = await cli("tenants", "list", "--limit", "2");
    expect(first.stdout.trim().split("\n")).toHaveLength(3);
    expect(first.stderr).toMatch(/^more tenants: pass --cursor \S+ for the next page, or --all$/m);
    const cursor = /--cursor (\S+)/.exec(first.stderr)?.[1] ?? "";
    const next = JSON.parse(
      (await cli("-o", "json", "tenants", "list", "--limit", "2", "--cursor", cursor)).stdout,
    ) as {
      tenants: Tenant[];
    };
    expect(next.tenants.map((t) => t.name)).toEqual(all.slice(2, 4).map((t) => t.name));

    const every = JSON.parse(
      (await cli("-o", "json", "tenants", "list", "--limit", "1", "--all")).stdout,
    ) as {
      tenants: Tenant[];
      nextCursor: string | null;
    };
    expect(every).toEqual({ tenants: all, nextCursor: null });
    expect((await cli("tenants", "list", "--limit", "0")).code).toBe(2);
  });

  it("answers UNAUTHENTICATED for a wrong key, naming the server that refused it", async () => {
    const { code, stdout, stderr } = await as("lh_op_not-a-real-key")("sites", "list");
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(`error: UNAUTHENTICATED: API key is unknown or revoked (server ${server.url})\n`);
  });

  it("prints the API's error body as JSON on stderr, once, with -o json", async () => {
    const { code, stdout, stderr } = await as("lh_op_not-a-real-key")("sites", "list", "-o", "json");
    expect([code, stdout]).toEqual([1, ""]);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(JSON.parse(stderr)).toEqual({
      error: {
        code: "UNAUTHENTICATED",
        message: "API key is unknown or revoked",
        requestId: expect.stringMatching(/^req_/),
      },
    });
    const invalid = await cli("-o", "json", "tenants", "create", "not a name");
    expect(invalid.code).toBe(1);
    const body = JSON.parse(invalid.stderr) as { error: { code: string; issues: { field: string }[] } };
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.issues.map((i) => i.field)).toEqual(["name"]);
  });

  it("shows each key's tenant by name and revokes a key by its name", async () => {
    await cli("tenants", "create", "lab-four");
    expect(
      (await cli("keys", "create", "lab-four-ci", "--role", "tenant", "--tenant", "lab-four")).code,
    ).toBe(0);
    const listed = await cli("keys", "list");
    expect(listed.stdout).toMatch(/^key_\S+\s+lab-four-ci\s+lh_tn_\S+\s+tenant\s+lab-four\s/m);
    expect(listed.stdout).not.toContain("tnt_");

    const revoked = await cli("-o", "json", "keys", "revoke", "lab-four-ci");
    expect(revoked.code).toBe(0);
    const { apiKey } = JSON.parse(revoked.stdout) as { apiKey: ApiKey };
    expect(apiKey).toMatchObject({
      name: "lab-four-ci",
      tenantName: "lab-four",
      revokedAt: expect.any(String),
    });
  });

  it("refuses a key name several live keys share, listing their ids, and suggests a close name", async () => {
    await cli("tenants", "create", "lab-five");
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const created = await cli(
        "-o",
        "json",
        "keys",
        "create",
        "deploy",
        "--role",
        "tenant",
        "--tenant",
        "lab-five",
      );
      ids.push((JSON.parse(created.stdout) as { apiKey: ApiKey }).apiKey.id);
    }
    const shared = await cli("keys", "revoke", "deploy");
    expect(shared.code).toBe(2);
    expect(shared.stderr).toBe(`error: 2 keys are named deploy: revoke one by id (${ids.join(", ")})\n`);

    const misspelled = await cli("keys", "revoke", "deplyo");
    expect(misspelled.code).toBe(1);
    expect(misspelled.stderr).toBe(
      "error: API_KEY_NOT_FOUND: no API key with id or name deplyo; did you mean deploy?\n",
    );
    const listed = JSON.parse((await cli("-o", "json", "keys", "list")).stdout) as { apiKeys: ApiKey[] };
    expect(listed.apiKeys.filter((k) => k.name === "deploy").map((k) => k.revokedAt)).toEqual([null, null]);
  });

  it("answers FORBIDDEN when a tenant key asks for operator data", async () => {
    const { key } = await server.tenantKey("lab-three");
    const { code, stderr } = await as(key)("sites", "list");
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: FORBIDDEN: GET \/v1\/sites needs an operator key/);
  });

  it("checks key flags before calling the server", async () => {
    const { code, stderr } = await cli("keys", "create", "orphan", "--role", "tenant");
    expect(code).toBe(2);
    expect(stderr).toBe("error: --role tenant needs --tenant <tenant>\n");
  });
});
