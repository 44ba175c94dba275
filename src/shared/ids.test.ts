import { describe, expect, it } from "vitest";
import { ID_PREFIXES, type IdKind, isIdOf, newId } from "./ids.js";

const KINDS = Object.keys(ID_PREFIXES) as IdKind[];

describe("newId", () => {
  it.each(KINDS)("issues a %s id that carries its prefix and is recognised as that kind only", (kind) => {
    const id = newId(kind);
    expect(id.startsWith(`${ID_PREFIXES[kind]}_`)).toBe(true);
    expect(isIdOf(kind, id)).toBe(true);
    for (const other of KINDS) if (other !== kind) expect(isIdOf(other, id)).toBe(false);
  });

  it("issues ids that sort in creation order and never repeat", () => {
    const ids = Array.from({ length: 2000 }, () => newId("node"));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it.each([
    "site_",
    "site_01JD4X9K3M8N2P5Q7R9S1T3V5W",
    "site_01jd4x9k3m8n2p5q7r9s1t3v5",
    "xsite_01jd4x9k3m8n2p5q7r9s1t3v5w",
  ])("refuses %j as a site id", (id) => {
    expect(isIdOf("site", id)).toBe(false);
  });
});
