import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { keysetPage } from "./keyset-page.js";

interface Row {
  name: string;
  id: string;
}
const at = (r: Row) => ({ key: r.name, id: r.id });

/** Follows pages of `limit` until the end, inserting `inserted[i]` before page i+1. */
function walk(rows: Row[], limit: number, inserted: Row[][] = []) {
  const seen: Row[] = [];
  let after: { key: string; id: string } | undefined;
  let current = [...rows];
  for (let i = 0; i < 10_000; i++) {
    const page = keysetPage(current, at, { limit, after });
    seen.push(...page.rows);
    if (!page.next) return seen;
    after = page.next;
    current = [...current, ...(inserted[i] ?? [])];
  }
  throw new Error("no end");
}

const rows = fc.uniqueArray(
  fc.record({ name: fc.constantFrom("a", "b", "c", "d"), id: fc.string({ minLength: 1, maxLength: 4 }) }),
  { selector: (r) => r.id, maxLength: 40 },
);

describe("keyset pages", () => {
  it("orders by key then id, and ends without a next position when the last page is exactly full", () => {
    const all = [
      { name: "b", id: "2" },
      { name: "a", id: "9" },
      { name: "b", id: "1" },
      { name: "a", id: "1" },
    ];
    const first = keysetPage(all, at, { limit: 2 });
    expect(first.rows.map((r) => r.id)).toEqual(["1", "9"]);
    expect(first.next).toEqual({ key: "a", id: "9" });
    const second = keysetPage(all, at, { limit: 2, after: first.next ?? undefined });
    expect(second.rows.map((r) => `${r.name}${r.id}`)).toEqual(["b1", "b2"]);
    expect(second.next).toBeNull();
  });

  it("following every page lists each row once, in order, whatever the page size", () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 1, max: 12 }), (all, limit) => {
        const listed = walk(all, limit);
        expect(listed).toEqual(keysetPage(all, at, { limit: all.length + 1 }).rows);
      }),
    );
  });

  it("rows inserted between pages neither repeat a row nor skip one that was there", () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 1, max: 6 }), rows, (all, limit, extra) => {
        const fresh = extra.filter((e) => !all.some((r) => r.id === e.id));
        const listed = walk(
          all,
          limit,
          fresh.map((r) => [r]),
        );
        expect(new Set(listed.map((r) => r.id)).size).toBe(listed.length);
        for (const r of all) expect(listed).toContainEqual(r);
      }),
    );
  });
});
