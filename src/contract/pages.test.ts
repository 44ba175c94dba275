import { describe, expect, it } from "vitest";
import { everyPage } from "./pages.js";

/** A list served `size` rows a page, the cursor being the next row's index. */
function served(rows: string[], size: number) {
  const asked: Array<string | undefined> = [];
  const fetchPage = async (cursor: string | undefined) => {
    asked.push(cursor);
    const from = Number(cursor ?? 0);
    const next = from + size < rows.length ? String(from + size) : null;
    return { items: rows.slice(from, from + size), nextCursor: next, total: rows.length };
  };
  return { asked, fetchPage };
}

describe("following every page", () => {
  it("joins the rows of each page in order and ends with a null cursor", async () => {
    const { asked, fetchPage } = served(["a", "b", "c", "d", "e"], 2);
    expect(await everyPage("items", fetchPage)).toEqual({
      items: ["a", "b", "c", "d", "e"],
      nextCursor: null,
      total: 5,
    });
    expect(asked).toEqual([undefined, "2", "4"]);
  });

  it("starts from a given cursor, and asks once when the first page is the last", async () => {
    const { asked, fetchPage } = served(["a", "b", "c"], 5);
    expect((await everyPage("items", fetchPage)).items).toEqual(["a", "b", "c"]);
    expect(asked).toEqual([undefined]);
    const later = served(["a", "b", "c", "d"], 1);
    expect((await everyPage("items", later.fetchPage, "2")).items).toEqual(["c", "d"]);
  });
});
