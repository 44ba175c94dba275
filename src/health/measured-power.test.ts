import { describe, expect, it } from "vitest";
import type { SiteSummary } from "../fleet/site-summary.js";
import { withMeasuredPower } from "./measured-power.js";

/** 100 powered nodes of 8 × 0.7 kW at PUE 1.25: 0.7 MW drawn by the catalogue, 1 MW permitted. */
const summary = {
  nodes: 100,
  gpus: 800,
  power: {
    installedMw: 1,
    permittedMw: 1,
    designMw: 0.7,
    drawnMw: 0.7,
    headroomMw: 0.3,
    sources: [],
    storage: null,
  },
  warnings: [],
} as unknown as SiteSummary;

describe("withMeasuredPower", () => {
  it("keeps the nameplate estimate when no agent reports", () => {
    const s = withMeasuredPower(summary, 1.25, 100, undefined);
    expect(s.power).toMatchObject({ drawnMw: 0.7, drawnSource: "nameplate", measuredItMw: null });
  });

  it("replaces the reporting nodes' estimate by their readings (× PUE), keeping the others'", () => {
    // 50 nodes report 4 kW each instead of 5.6 kW: IT 0.28 + 0.2 = 0.48 MW, × 1.25 = 0.6 MW.
    const s = withMeasuredPower(summary, 1.25, 100, {
      freshNodes: 50,
      measuredItW: 200_000,
      nameplateItKw: 280,
    });
    expect(s.power).toMatchObject({ drawnMw: 0.6, headroomMw: 0.4, drawnSource: "mixed", measuredItMw: 0.2 });
  });

  it("warns when the measured draw is above the permit", () => {
    const s = withMeasuredPower(summary, 1.25, 100, {
      freshNodes: 100,
      measuredItW: 900_000,
      nameplateItKw: 560,
    });
    expect(s.power.drawnSource).toBe("measured");
    expect(s.power.drawnMw).toBe(1.125);
    expect(s.warnings[0]).toMatchObject({ code: "DRAW_OVER_PERMIT", excessMw: 0.125 });
    expect(s.warnings[0]?.message).toMatch(/^measured draw 1.125 MW/);
  });
});
