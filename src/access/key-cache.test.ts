import { describe, expect, it } from "vitest";
import { KeyCache } from "./key-cache.js";

const operator = { role: "operator" as const, keyId: "k1", keyName: "ops" };

describe("KeyCache", () => {
  it("remembers a key until its time is up, then asks again", () => {
    let now = 0;
    const cache = new KeyCache(5_000, 10, () => now);
    cache.set("h1", operator);
    now = 4_999;
    expect(cache.get("h1")).toEqual(operator);
    now = 5_000;
    expect(cache.get("h1")).toBeUndefined();
  });

  it("forgets everything on clear, as after a revocation", () => {
    const cache = new KeyCache(5_000, 10, () => 0);
    cache.set("h1", operator);
    cache.clear();
    expect(cache.get("h1")).toBeUndefined();
  });

  it("never grows past its bound", () => {
    const cache = new KeyCache(5_000, 2, () => 0);
    cache.set("a", operator);
    cache.set("b", operator);
    cache.set("c", operator);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("c")).toEqual(operator);
  });
});
