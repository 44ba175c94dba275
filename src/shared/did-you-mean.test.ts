import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closestNames, didYouMean, editDistance } from "./did-you-mean.js";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["abc", "", 3],
    ["", "abc", 3],
    ["colossus-1", "colossus-1", 0],
    ["colosus-1", "colossus-1", 1],
    ["colossus-2", "colossus-1", 1],
    ["rent-hlaf", "rent-half", 2],
    ["kitten", "sitting", 3],
    ["H100", "h100", 0],
  ])("between %j and %j is %i", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });

  it("is symmetric and zero only for the same name (ignoring case)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b) === 0).toBe(a.toLowerCase() === b.toLowerCase());
      }),
    );
  });
});

describe("closestNames", () => {
  const sites = ["colossus-1", "colossus-2", "lab-2", "memphis-east"];

  it("finds the names a typo away, closest first", () => {
    expect(closestNames("colosus-1", sites)).toEqual(["colossus-1", "colossus-2"]);
    expect(closestNames("lab-3", sites)).toEqual(["lab-2"]);
  });

  it("suggests nothing when no name is close", () => {
    expect(closestNames("frontier-lab", sites)).toEqual([]);
    expect(
      closestNames(
        "x",
        ["y", "z"].map((s) => `${s}${s}${s}`),
      ),
    ).toEqual([]);
  });

  it("keeps a short name's reach short: one edit for names under six characters", () => {
    expect(closestNames("lab", ["lag", "lug", "bag"])).toEqual(["lag"]);
  });

  it("answers at most `max` names, ties by name", () => {
    expect(closestNames("node-1", ["node-4", "node-3", "node-2", "node-5"], 2)).toEqual(["node-2", "node-3"]);
  });

  it("never suggests the input itself", () => {
    expect(closestNames("lab-2", ["lab-2"])).toEqual([]);
  });
});

describe("didYouMean", () => {
  it.each([
    ["colosus-1", ["colossus-1"], "; did you mean colossus-1?"],
    ["colossus-3", ["colossus-1", "colossus-2"], "; did you mean colossus-1 or colossus-2?"],
    ["rent-hlaf", ["rent-half", "rent-all", "rent-hal"], "; did you mean rent-hal, rent-half or rent-all?"],
    ["nothing-alike", ["colossus-1"], ""],
  ])("for %j among %j says %j", (input, candidates, said) => {
    expect(didYouMean(input, candidates)).toBe(said);
  });
});
