import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatPath, LeaseholdError, validationError } from "./errors.js";
import { toFieldIssues } from "./zod-issues.js";

const NodeShape = z.strictObject({
  name: z.string().min(1).max(8),
  gpuCount: z.number().int().min(1).max(8),
  state: z.enum(["healthy", "failed"]),
  racks: z.array(z.string()).max(2).optional(),
  share: z.number().gt(0).lt(1).optional(),
  slots: z.number().multipleOf(4).optional(),
  email: z.email().optional(),
  code: z
    .string()
    .regex(/^[a-z]+$/)
    .optional(),
});

function issuesOf(input: unknown, prefix: PropertyKey[] = []) {
  const result = NodeShape.safeParse(input, { reportInput: true });
  if (result.success) throw new Error("expected the input to be refused");
  return toFieldIssues(result.error, prefix);
}

const valid = { name: "n1", gpuCount: 8, state: "healthy" };

describe("toFieldIssues", () => {
  it.each([
    [{ ...valid, gpuCount: 0 }, "gpuCount", "gpuCount must be >= 1 (got 0)", ">= 1"],
    [{ ...valid, gpuCount: 12 }, "gpuCount", "gpuCount must be <= 8 (got 12)", "<= 8"],
    [{ ...valid, gpuCount: "8" }, "gpuCount", 'gpuCount must be number (got "8")', "type number"],
    [{ ...valid, gpuCount: 2.5 }, "gpuCount", "gpuCount must be int (got 2.5)", "type int"],
    [{ ...valid, name: "" }, "name", 'name must be >= 1 characters (got "")', ">= 1 characters"],
    [
      { ...valid, name: "far-too-long" },
      "name",
      'name must be <= 8 characters (got "far-too-long")',
      "<= 8 characters",
    ],
    [
      { ...valid, state: "on-fire" },
      "state",
      'state must be one of healthy|failed (got "on-fire")',
      "one of healthy|failed",
    ],
    [
      { ...valid, racks: ["a", "b", "c"] },
      "racks",
      'racks must be <= 2 items (got ["a","b","c"])',
      "<= 2 items",
    ],
    [{ ...valid, share: 1 }, "share", "share must be < 1 (got 1)", "< 1"],
    [{ ...valid, share: 0 }, "share", "share must be > 0 (got 0)", "> 0"],
    [{ ...valid, slots: 6 }, "slots", "slots must be a multiple of 4 (got 6)", "multiple of 4"],
    [{ ...valid, email: "nope" }, "email", 'email must be a valid email (got "nope")', "format email"],
    [{ ...valid, code: "A1" }, "code", 'code must match /^[a-z]+$/ (got "A1")', "pattern /^[a-z]+$/"],
    [{ name: "n1", state: "healthy" }, "gpuCount", "gpuCount must be number (got nothing)", "type number"],
  ])("names the field and the bound for %j", (input, field, message, bound) => {
    expect(issuesOf(input)).toEqual([{ field, message, bound }]);
  });

  it("names an unknown field by its full path and says it is unknown", () => {
    expect(issuesOf({ ...valid, colour: "red" }, ["sites", 0, "nodes", 3])).toEqual([
      {
        field: "sites[0].nodes[3].colour",
        message: "unknown field colour at sites[0].nodes[3]",
        bound: "no unknown fields",
      },
    ]);
  });

  it("names an unknown top-level field by its own name", () => {
    expect(issuesOf({ ...valid, colour: "red", size: 1 })).toEqual([
      { field: "colour", message: "unknown fields colour, size", bound: "no unknown fields" },
    ]);
  });

  it("prefixes every path so a nested document names the exact place", () => {
    const [issue] = issuesOf({ ...valid, gpuCount: 99 }, ["sites", 2, "nodes", 1042]);
    expect(issue?.field).toBe("sites[2].nodes[1042].gpuCount");
    expect(issue?.message).toBe("sites[2].nodes[1042].gpuCount must be <= 8 (got 99)");
  });

  it("shortens a long quoted input so messages stay readable", () => {
    const [issue] = issuesOf({ ...valid, name: "x".repeat(100) });
    expect(issue?.message).toBe(`name must be <= 8 characters (got "${"x".repeat(36)}...)`);
  });
});

describe("formatPath", () => {
  it.each([
    [[], "(body)"],
    [["sites"], "sites"],
    [["sites", 0, "nodes", 1042, "gpuCount"], "sites[0].nodes[1042].gpuCount"],
    [[3, "name"], "[3].name"],
  ])("renders %j as %j", (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});

describe("validationError", () => {
  it("leads with the first issue and counts the rest", () => {
    const error = validationError([
      { field: "a", message: "a must be >= 1 (got 0)" },
      { field: "b", message: "b is wrong" },
      { field: "c", message: "c is wrong" },
    ]);
    expect(error).toBeInstanceOf(LeaseholdError);
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toBe("a must be >= 1 (got 0) (and 2 more)");
    expect(error.issues).toHaveLength(3);
  });
});
