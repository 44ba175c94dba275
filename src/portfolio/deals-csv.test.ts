import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv-text.js";
import { readDealsCsv, writeDealsCsv } from "./deals-csv.js";
import { dealsOf } from "./portfolio-test-deals.js";
import { REFERENCE_DEALS } from "./reference-portfolio.js";

describe("deals as CSV", () => {
  it("reads back what it writes, orbital sites and linked leases included", () => {
    const deals = dealsOf(
      [
        ...REFERENCE_DEALS,
        {
          name: "orbital-1",
          provider: 'Starcloud, "LEO"',
          chip: "B200",
          kind: "orbital",
          powerMw: 40,
          onlineAt: "2035-01-01",
          launchYear: 2034,
          powerSource: "solar",
          costPerMw: "25000000.00",
        },
        { name: "colossus", provider: "SpaceXAI", chip: "H100", lease: "lse_1", onlineAt: "2026-05-01" },
      ],
      { lse_1: "lse_1" },
    );
    const text = writeDealsCsv(deals, (id) => (id === "lse_1" ? "rent-all" : id));
    const { drafts, issues } = readDealsCsv(text);
    expect(issues).toEqual([]);
    expect(
      drafts.map(({ leaseRef, ...d }) => ({ ...d, leaseId: leaseRef === "rent-all" ? "lse_1" : leaseRef })),
    ).toEqual(deals.map(({ id, tenantId, createdAt, ...d }) => d));
  });

  it("names every bad row by its line, field and bound, and keeps nothing", () => {
    const text = [
      "name,provider,chip,powerMw,gpus,onlineAt,rampMonths",
      "ok,AWS,Trainium2,5000,,2026-01-01,36",
      "neither,AWS,Trainium2,,,2026-01-01,0",
      "big,AWS,Trainium2,200000,,2026-01-01,0",
      "late,AWS,Trainium2,10,,someday,0",
      "ok,AWS,Trainium2,10,,2026-01-01,0",
      "short,AWS",
    ].join("\r\n");
    const { drafts, issues } = readDealsCsv(text);
    expect(drafts).toEqual([]);
    expect(issues.map((i) => [i.field, i.bound])).toEqual([
      ["line 3.powerMw", "exactly one of powerMw, gpus"],
      ["line 4.powerMw", "<= 100000"],
      ["line 5.onlineAt", expect.any(String)],
      ["line 6.name", "unique name"],
      ["line 7", "7 fields"],
    ]);
    expect(issues[1]?.message).toContain("200000");
  });

  it("refuses an unknown column, a missing required one, and an unclosed quote", () => {
    expect(readDealsCsv("name,provider,chip,onlineAt,colour\n").issues[0]?.field).toBe("line 1.colour");
    expect(readDealsCsv("name,provider,onlineAt\n").issues[0]?.field).toBe("line 1.chip");
    expect(readDealsCsv('name,provider,chip,onlineAt\n"x,AWS,H100,2026-01-01\n').issues[0]?.bound).toBe(
      "RFC 4180",
    );
    expect(readDealsCsv("").issues[0]?.bound).toBe("a header row");
  });

  it("quotes commas, quotes and line breaks, and defuses spreadsheet formulas", () => {
    const { rows } = parseCsv('a,"b,c","d ""e""","f\ng"\n');
    expect(rows[0]?.cells).toEqual(["a", "b,c", 'd "e"', "f\ng"]);
    const deals = dealsOf([
      { name: "x", provider: "=HYPERLINK(1)", chip: "H100", gpus: 8, onlineAt: "2026-01-01" },
    ]);
    const text = writeDealsCsv(deals, (id) => id);
    expect(text).toContain("'=HYPERLINK(1)");
    expect(readDealsCsv(text).drafts[0]?.provider).toBe("=HYPERLINK(1)");
  });
});
