import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";

describe("server configuration", () => {
  it("uses the documented defaults for an empty environment", () => {
    expect(loadConfig({})).toMatchObject({
      PORT: 7300,
      HOST: "127.0.0.1",
      LEASEHOLD_DATA_DIR: ".leasehold",
      LEASEHOLD_DEMO: "colossus",
      LOG_LEVEL: "info",
    });
    expect(loadConfig({}).LEASEHOLD_SPARES_PER_BLOCK).toBeUndefined();
  });

  it("reads the spare pool size per block", () => {
    expect(loadConfig({ LEASEHOLD_SPARES_PER_BLOCK: "0" }).LEASEHOLD_SPARES_PER_BLOCK).toBe(0);
  });

  it.each([
    ["PORT", "70000", "<= 65535"],
    ["LEASEHOLD_SPARES_PER_BLOCK", "-1", ">= 0"],
    ["DATABASE_URL", "mysql://x", undefined],
    ["LEASEHOLD_DEMO", "everything", "one of colossus|none"],
  ])("refuses %s=%s naming the variable and the bound", (name, value, bound) => {
    try {
      loadConfig({ [name]: value });
      expect.unreachable();
    } catch (error) {
      const issue = (error as { issues: Array<{ field: string; bound?: string }> }).issues[0];
      expect(issue?.field).toBe(name);
      if (bound) expect(issue?.bound).toBe(bound);
    }
  });
});
