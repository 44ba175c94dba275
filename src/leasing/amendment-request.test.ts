import { describe, expect, it } from "vitest";
import { LeaseholdError } from "../shared/errors.js";
import { parseAmendmentRequest, withRequestFields } from "./amendment-request.js";

const refusal = (run: () => unknown): LeaseholdError => {
  try {
    run();
  } catch (error) {
    if (error instanceof LeaseholdError) return error;
  }
  throw new Error("expected a refusal");
};

describe("amendment requests", () => {
  it("reads a new line's price into micros, with the same rules as a lease request's lines", () => {
    const { amendment, reason } = parseAmendmentRequest({
      amendment: {
        kind: "add_tranche",
        startsAt: "2027-03-01T00:00:00Z",
        gpus: { h200: 512 },
        newLines: [{ key: "h200", gpuModel: "H200", pricePerGpuHour: "2.755" }],
      },
      reason: "more capacity",
    });
    expect(reason).toBe("more capacity");
    expect(amendment).toEqual({
      kind: "add_tranche",
      startsAt: "2027-03-01T00:00:00Z",
      gpusByLine: { h200: 512 },
      newLines: [
        {
          key: "h200",
          gpuModel: "H200",
          gpuCount: 0,
          price: { kind: "per_gpu_hour", microsPerGpuHour: 2_755_000n },
        },
      ],
    });
  });

  it.each([
    [{ pricePerGpuHour: "cheap" }, "amendment.newLines[0].pricePerGpuHour", ">= 0, 6 decimals"],
    [{ monthlyFee: "-1" }, "amendment.newLines[0].monthlyFee", ">= 0, 6 decimals"],
    [{}, "amendment.newLines[0].pricePerGpuHour", "exactly one of pricePerGpuHour|monthlyFee"],
  ])("refuses the price %j of a new line, naming %s and its bound", (price, field, bound) => {
    const error = refusal(() =>
      parseAmendmentRequest({
        amendment: {
          kind: "add_tranche",
          startsAt: "2027-03-01T00:00:00Z",
          gpus: { b: 8 },
          newLines: [{ key: "b", gpuModel: "B200", ...price }],
        },
        reason: "x",
      }),
    );
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.issues).toEqual([expect.objectContaining({ field, bound })]);
  });

  it("names the request's fields when the shape is wrong", () => {
    const error = refusal(() => parseAmendmentRequest({ amendment: { kind: "shrink" }, reason: "" }));
    expect(error.issues.map((i) => i.field)).toEqual(["amendment.kind", "reason"]);
  });

  it("renames the domain's refusals to the fields the caller sent", async () => {
    const request = parseAmendmentRequest({
      amendment: {
        kind: "add_tranche",
        startsAt: "2027-03-01T00:00:00Z",
        gpus: { h100: 12 },
        newLines: [{ key: "h100", gpuModel: "H100", pricePerGpuHour: "2" }],
      },
      reason: "x",
    });
    const refuse = (field: string) => async () => {
      throw new LeaseholdError("VALIDATION_FAILED", "no", [{ field, message: "no" }]);
    };
    await expect(withRequestFields(request, refuse("gpusByLine.h100"))).rejects.toMatchObject({
      issues: [{ field: "amendment.gpus.h100" }],
    });
    await expect(withRequestFields(request, refuse("newLines.h100"))).rejects.toMatchObject({
      issues: [{ field: "amendment.newLines[0].key" }],
    });
    await expect(withRequestFields(request, refuse("startsAt"))).rejects.toMatchObject({
      issues: [{ field: "amendment.startsAt" }],
    });
  });
});
