import { describe, expect, it } from "vitest";
import { cliHint, startBanner } from "./banner.js";

describe("the start banner's CLI hint", () => {
  it.each([
    [{ base: "http://127.0.0.1:7300", dataDir: ".leasehold", cwd: "/srv" }, "npx leasehold sites list"],
    [{ base: "http://127.0.0.1:7300", dataDir: "/srv/.leasehold", cwd: "/srv" }, "npx leasehold sites list"],
    [
      { base: "http://127.0.0.1:7400", dataDir: ".leasehold", cwd: "/srv" },
      "LEASEHOLD_SERVER=http://127.0.0.1:7400 npx leasehold sites list",
    ],
    [
      { base: "http://127.0.0.1:7300", dataDir: "/var/lib/leasehold", cwd: "/srv" },
      "LEASEHOLD_DATA_DIR=/var/lib/leasehold npx leasehold sites list",
    ],
    [
      { base: "http://127.0.0.1:9000", dataDir: "/tmp/my data", cwd: "/srv" },
      "LEASEHOLD_SERVER=http://127.0.0.1:9000 LEASEHOLD_DATA_DIR='/tmp/my data' npx leasehold sites list",
    ],
  ])("for %o is %s", (facts, hint) => {
    expect(cliHint(facts)).toBe(hint);
  });
});

describe("the start banner", () => {
  const facts = {
    readyMs: 1234.5,
    base: "http://127.0.0.1:7300",
    operatorKeyPath: "/srv/.leasehold/operator.key",
    dataDir: ".leasehold",
    cwd: "/srv",
  };

  it("says in one line that the embedded database does not survive a power loss", () => {
    const lines = startBanner({ ...facts, dialect: "pglite" }).split("\n");
    expect(lines.filter((l) => l.includes("power loss"))).toHaveLength(1);
    expect(lines.find((l) => l.includes("power loss"))).toContain("DATABASE_URL");
  });

  it("says nothing of it on PostgreSQL", () => {
    expect(startBanner({ ...facts, dialect: "postgres" })).not.toContain("power loss");
  });

  it("prints a new operator key once, with the sign-in link", () => {
    const text = startBanner({ ...facts, dialect: "pglite", newOperatorKey: "lh_op_abc" });
    expect(text).toContain("http://127.0.0.1:7300/#key=lh_op_abc");
    expect(text).toContain("saved to /srv/.leasehold/operator.key");
  });
});
