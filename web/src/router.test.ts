import { describe, expect, it } from "vitest";
import { leaseHref, parseRoute } from "./router.js";

describe("the dashboard's hash routes", () => {
  it.each([
    ["#/", { page: "fleet" }],
    ["#/sites/colossus-1", { page: "site", site: "colossus-1" }],
    ["#/leases", { page: "leases" }],
    ["#/leases/lse_01jd4x9k3m8n2p5q7r9s1t3v5w", { page: "lease", lease: "lse_01jd4x9k3m8n2p5q7r9s1t3v5w" }],
    ["#/leases/rent-half", { page: "lease", lease: "rent-half" }],
    ["#/leases/frontier-lab/rent-half", { page: "lease", lease: "frontier-lab/rent-half" }],
    ["#/leases/frontier-lab%2Frent-half", { page: "lease", lease: "frontier-lab/rent-half" }],
    ["#/leases/frontier-lab/rent-half/", { page: "lease", lease: "frontier-lab/rent-half" }],
    ["#/leases/a/b/c", { page: "not-found", hash: "#/leases/a/b/c" }],
  ])("reads %s", (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it("writes a lease's tenant/name with its slash, and reads it back", () => {
    expect(leaseHref("frontier-lab/rent-half")).toBe("#/leases/frontier-lab/rent-half");
    expect(parseRoute(leaseHref("frontier-lab/rent-half"))).toEqual({
      page: "lease",
      lease: "frontier-lab/rent-half",
    });
  });
});
