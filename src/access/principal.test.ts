import { describe, expect, it } from "vitest";
import { actorOf, asSeenBy, type Principal } from "./principal.js";

const operator: Principal = { role: "operator", keyId: "key_01abc", keyName: "ops-alice" };
const tenant: Principal = { role: "tenant", keyId: "key_02def", keyName: "lab-ops", tenantId: "tnt_1" };

describe("recorded text as a viewer sees it", () => {
  it.each([
    [actorOf(operator), "operator"],
    ["node failed (operator:ops-alice(key_01abc))", "node failed (operator)"],
    [actorOf(tenant), actorOf(tenant)],
    ["system:clock", "system:clock"],
  ])("a tenant sees %j as %j", (text, seen) => {
    expect(asSeenBy(tenant, text)).toBe(seen);
  });

  it("an operator sees it as recorded", () => {
    expect(asSeenBy(operator, actorOf(operator))).toBe("operator:ops-alice(key_01abc)");
  });
});
