import { describe, expect, it } from "vitest";
import { createAllocationState } from "./allocation-state.js";
import type { Isolation } from "./isolation.js";
import { testLease } from "./lease-fixture.js";
import { placeTranche } from "./place-tranche.js";
import { smallIndex } from "./small-fleet-fixture.js";
import { tenantAvailability } from "./tenant-availability.js";

const NOW = "2027-01-01T00:00:00.000Z";

/** Two blocks of two 4-node racks (64 H100 each), no spares; lab-a holds 8 GPUs in block 1 with `isolation`. */
function siteWithLabA(isolation: Isolation) {
  const state = createAllocationState(
    smallIndex({
      layout: [
        [
          [4, 4],
          [4, 4],
        ],
      ],
    }),
    {
      spares: { nodesPerBlock: 0 },
    },
  );
  const placed = placeTranche(state, {
    leaseId: "lse-a",
    tenantId: "lab-a",
    gpuModel: "H100",
    gpuCount: 8,
    isolation,
    placement: { policy: "packed" },
  });
  expect(placed.ok).toBe(true);
  const held = [testLease({ id: "lse-a", tenantId: "lab-a", tranches: { [NOW]: 8 }, isolation })];
  return { state, held };
}

describe("tenantAvailability", () => {
  it("keeps a block-isolated lease's block from a new tenant and names the lease", () => {
    const { state, held } = siteWithLabA("block");
    const view = tenantAvailability(state, held, { tenantId: undefined, isolation: "node", at: NOW });
    expect(view.byModel).toEqual([
      {
        gpuModel: "H100",
        availableGpus: 64,
        limitedBy: "isolation",
        calendarGpus: 120,
        freeGpus: 120,
        isolatedGpus: 56,
        blockers: [{ leaseId: "lse-a", tenantId: "lab-a", freeGpus: 56 }],
      },
    ]);
  });

  it("lets the lease's own tenant use its block", () => {
    const { state, held } = siteWithLabA("block");
    const view = tenantAvailability(state, held, { tenantId: "lab-a", isolation: "node", at: NOW });
    expect(view.byModel[0]).toMatchObject({
      availableGpus: 120,
      limitedBy: "gpus",
      isolatedGpus: 0,
      blockers: [],
    });
  });

  it("applies the isolation asked for: a new tenant asking for the whole site gets nothing beside another tenant", () => {
    const { state, held } = siteWithLabA("node");
    expect(
      tenantAvailability(state, held, { tenantId: undefined, isolation: "node", at: NOW }).byModel[0],
    ).toMatchObject({ availableGpus: 120, isolatedGpus: 0 });
    expect(
      tenantAvailability(state, held, { tenantId: undefined, isolation: "rack", at: NOW }).byModel[0],
    ).toMatchObject({ availableGpus: 96, isolatedGpus: 24, blockers: [{ leaseId: "lse-a", freeGpus: 24 }] });
    expect(
      tenantAvailability(state, held, { tenantId: undefined, isolation: "site", at: NOW }).byModel[0],
    ).toMatchObject({ availableGpus: 0, limitedBy: "isolation", isolatedGpus: 120 });
  });

  it("says the calendar limits when a reserved lease has the capacity, and changes nothing in the state", () => {
    const { state, held } = siteWithLabA("node");
    const reserved = testLease({
      id: "lse-b",
      tenantId: "lab-b",
      tranches: { [NOW]: 112 },
      status: "reserved",
    });
    const tenants = new Map(state.tenants);
    const view = tenantAvailability(state, [...held, reserved], {
      tenantId: "lab-c",
      isolation: "node",
      at: NOW,
    });
    expect(view.byModel[0]).toMatchObject({
      availableGpus: 8,
      limitedBy: "gpus",
      calendarGpus: 8,
      freeGpus: 120,
    });
    expect(state.tenants).toEqual(tenants);
  });
});
