import { describe, expect, it } from "vitest";
import { parseNvidiaSmiCsv } from "./nvidia-smi-csv.js";

// Recorded in nvidia-smi's documented `--format=csv,noheader,nounits` layout.
const H100_NODE = `0, GPU-4f5c2a1e-9b3d-4c7e-8a21-0d6f3e9b1c01, NVIDIA H100 80GB HBM3, 97, 61234, 81559, 688.42, 71, 0
1, GPU-4f5c2a1e-9b3d-4c7e-8a21-0d6f3e9b1c02, NVIDIA H100 80GB HBM3, 0, 1, 81559, 72.10, 33, [N/A]
2, GPU-4f5c2a1e-9b3d-4c7e-8a21-0d6f3e9b1c03, NVIDIA H100 80GB HBM3, [Not Supported], 512, 81559, N/A, 40, [Function Not Found]
3, GPU-4f5c2a1e-9b3d-4c7e-8a21-0d6f3e9b1c04, NVIDIA H100 80GB HBM3, 12, 512, 81559, , 40, 2
`;

describe("parseNvidiaSmiCsv", () => {
  it("reads one GPU per line keyed by UUID, with every field", () => {
    const { gpus, lost } = parseNvidiaSmiCsv(H100_NODE);
    expect(lost).toEqual([]);
    expect(gpus.map((g) => g.uuid)).toEqual([
      "GPU-4f5c2a1e-9b3d-4c7e-8a21-0d6f3e9b1c01",
      "GPU-4f5c2a1e-9b3d-4c7e-8a21-0d6f3e9b1c02",
      "GPU-4f5c2a1e-9b3d-4c7e-8a21-0d6f3e9b1c03",
      "GPU-4f5c2a1e-9b3d-4c7e-8a21-0d6f3e9b1c04",
    ]);
    expect(gpus[0]).toEqual({
      index: 0,
      uuid: "GPU-4f5c2a1e-9b3d-4c7e-8a21-0d6f3e9b1c01",
      name: "NVIDIA H100 80GB HBM3",
      utilizationPct: 97,
      memoryUsedMib: 61234,
      memoryTotalMib: 81559,
      powerW: 688.42,
      temperatureC: 71,
      eccUncorrected: 0,
      lastXid: null,
    });
  });

  it.each([
    ["[N/A]", 1, "eccUncorrected"],
    ["[Not Supported]", 2, "utilizationPct"],
    ["N/A", 2, "powerW"],
    ["[Function Not Found]", 2, "eccUncorrected"],
    ["empty", 3, "powerW"],
  ] as const)("reads %s as no value, not zero", (_spelling, gpu, field) => {
    const { gpus } = parseNvidiaSmiCsv(H100_NODE);
    expect(gpus[gpu]?.[field]).toBeNull();
  });

  it("reports a GPU fallen off the bus as lost, and keeps the others", () => {
    const output = `Unable to determine the device handle for GPU 00000000:3B:00.0: GPU is lost.  Reboot the system to recover this GPU
0, GPU-aa, NVIDIA H100 80GB HBM3, 50, 100, 81559, 400.00, 60, 0
`;
    const { gpus, lost } = parseNvidiaSmiCsv(output);
    expect(gpus.map((g) => g.uuid)).toEqual(["GPU-aa"]);
    expect(lost).toEqual(["00000000:3B:00.0"]);
  });

  it("reports a row whose fields say the GPU is lost or needs a reset as lost", () => {
    const output =
      "1, GPU-bb, NVIDIA H100 80GB HBM3, [GPU is lost], [GPU is lost], [GPU is lost], [GPU is lost], [GPU is lost], [GPU is lost]\n";
    expect(parseNvidiaSmiCsv(output)).toEqual({ gpus: [], lost: ["GPU-bb"] });
  });

  it("accepts values printed with units when nounits was left off", () => {
    const output = "0, GPU-cc, NVIDIA A100-SXM4-80GB, 45 %, 1024 MiB, 81920 MiB, 312.45 W, 55, 0\n";
    const [gpu] = parseNvidiaSmiCsv(output).gpus;
    expect([gpu?.utilizationPct, gpu?.memoryUsedMib, gpu?.powerW]).toEqual([45, 1024, 312.45]);
  });

  it("refuses output with no GPU line at all (an unknown field name fails the whole query)", () => {
    expect(() => parseNvidiaSmiCsv('Field "power.drawn" is not a valid field to query.\n')).toThrow(
      /no GPU line/,
    );
  });

  it("reads no GPUs from empty output", () => {
    expect(parseNvidiaSmiCsv("")).toEqual({ gpus: [], lost: [] });
  });
});
