import { describe, expect, it } from "vitest";
import { formatCount, formatDecimal, outputFormatIn, renderFields, renderTable } from "./output.js";
import { formatIssue } from "./report-error.js";

describe("table output", () => {
  it.each([
    [0, "0"],
    [999, "999"],
    [221_440, "221,440"],
    [1_234_567, "1,234,567"],
  ])("formats the count %d as %s", (n, text) => {
    expect(formatCount(n)).toBe(text);
  });

  it.each([
    [1.15, "1.15"],
    [297.2575, "297.258"],
    [12_345.5, "12,345.5"],
  ])("formats the measurement %d as %s", (n, text) => {
    expect(formatDecimal(n)).toBe(text);
  });

  it("left-aligns text, right-aligns numbers and pads to the widest cell", () => {
    const rows = [
      { name: "colossus-1", gpus: 221_440 },
      { name: "tiny", gpus: 8 },
    ];
    const text = renderTable(
      [
        { header: "NAME", value: (r: (typeof rows)[number]) => r.name },
        { header: "GPUS", value: (r: (typeof rows)[number]) => r.gpus },
      ],
      rows,
    );
    expect(text).toBe("NAME           GPUS\ncolossus-1  221,440\ntiny              8\n");
  });

  it("aligns labels in a field block", () => {
    expect(
      renderFields([
        ["Role", "operator"],
        ["Tenant", "-"],
      ]),
    ).toBe("Role:    operator\nTenant:  -\n");
  });

  it("prints an issue as field, message and bound without repeating the field", () => {
    const issue = { field: "sites[0].pue", message: "sites[0].pue must be >= 1 (got 0.9)", bound: ">= 1" };
    expect(formatIssue(issue)).toBe("sites[0].pue: must be >= 1 (got 0.9) (>= 1)");
    expect(formatIssue({ field: "name", message: "duplicate" })).toBe("name: duplicate");
  });
});

describe("outputFormatIn", () => {
  it.each([
    [["sites", "list"], "table"],
    [["-o", "json", "sites", "list"], "json"],
    [["sites", "list", "-o", "json"], "json"],
    [["sites", "list", "-ojson"], "json"],
    [["sites", "list", "--output", "json"], "json"],
    [["sites", "list", "--output=json"], "json"],
    [["-o", "json", "sites", "list", "-o", "table"], "table"],
    [["leases", "cancel", "x", "--reason", "--", "-o", "json"], "table"],
    [["sites", "list", "-o", "yaml"], "table"],
  ])("reads %j as %s", (argv, format) => {
    expect(outputFormatIn(argv)).toBe(format);
  });
});
