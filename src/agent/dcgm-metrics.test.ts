import { describe, expect, it } from "vitest";
import { dcgmHostname, parseDcgmMetrics } from "./dcgm-metrics.js";

// dcgm-exporter before 4.8.3: `Hostname`, utilisation in percent, framebuffer in MiB.
const OLD_EXPORTER = `# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).
# TYPE DCGM_FI_DEV_GPU_UTIL gauge
DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-0001",pci_bus_id="00000000:18:00.0",device="nvidia0",modelName="NVIDIA H100 80GB HBM3",Hostname="node-a"} 87
DCGM_FI_DEV_GPU_UTIL{gpu="1",UUID="GPU-0002",pci_bus_id="00000000:2A:00.0",device="nvidia1",modelName="NVIDIA H100 80GB HBM3",Hostname="node-a"} 3
# HELP DCGM_FI_DEV_POWER_USAGE Power draw (in W).
# TYPE DCGM_FI_DEV_POWER_USAGE gauge
DCGM_FI_DEV_POWER_USAGE{gpu="0",UUID="GPU-0001",pci_bus_id="00000000:18:00.0",device="nvidia0",modelName="NVIDIA H100 80GB HBM3",Hostname="node-a"} 655.123
DCGM_FI_DEV_POWER_USAGE{gpu="1",UUID="GPU-0002",pci_bus_id="00000000:2A:00.0",device="nvidia1",modelName="NVIDIA H100 80GB HBM3",Hostname="node-a"} 80.5
# HELP DCGM_FI_DEV_GPU_TEMP GPU temperature (in C).
# TYPE DCGM_FI_DEV_GPU_TEMP gauge
DCGM_FI_DEV_GPU_TEMP{gpu="0",UUID="GPU-0001",pci_bus_id="00000000:18:00.0",device="nvidia0",modelName="NVIDIA H100 80GB HBM3",Hostname="node-a"} 68
# HELP DCGM_FI_DEV_FB_USED Framebuffer memory used (in MiB).
# TYPE DCGM_FI_DEV_FB_USED gauge
DCGM_FI_DEV_FB_USED{gpu="0",UUID="GPU-0001",pci_bus_id="00000000:18:00.0",device="nvidia0",modelName="NVIDIA H100 80GB HBM3",Hostname="node-a"} 60000
# HELP DCGM_FI_DEV_FB_FREE Framebuffer memory free (in MiB).
# TYPE DCGM_FI_DEV_FB_FREE gauge
DCGM_FI_DEV_FB_FREE{gpu="0",UUID="GPU-0001",pci_bus_id="00000000:18:00.0",device="nvidia0",modelName="NVIDIA H100 80GB HBM3",Hostname="node-a"} 21559
# HELP DCGM_FI_DEV_XID_ERRORS Value of the last XID error encountered.
# TYPE DCGM_FI_DEV_XID_ERRORS gauge
DCGM_FI_DEV_XID_ERRORS{gpu="0",UUID="GPU-0001",pci_bus_id="00000000:18:00.0",device="nvidia0",modelName="NVIDIA H100 80GB HBM3",Hostname="node-a",err_code="0",err_msg="No Error"} 0
DCGM_FI_DEV_XID_ERRORS{gpu="1",UUID="GPU-0002",pci_bus_id="00000000:2A:00.0",device="nvidia1",modelName="NVIDIA H100 80GB HBM3",Hostname="node-a",err_code="79",err_msg="GPU has fallen off the bus"} 79
# HELP DCGM_FI_DEV_ECC_DBE_VOL_TOTAL Total number of double-bit volatile ECC errors.
# TYPE DCGM_FI_DEV_ECC_DBE_VOL_TOTAL counter
DCGM_FI_DEV_ECC_DBE_VOL_TOTAL{gpu="1",UUID="GPU-0002",pci_bus_id="00000000:2A:00.0",device="nvidia1",modelName="NVIDIA H100 80GB HBM3",Hostname="node-a"} 4
`;

// dcgm-exporter 4.9.0 style: `hostname`, utilisation as a ratio, framebuffer in bytes.
const NEW_EXPORTER = `# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (ratio 0-1).
# TYPE DCGM_FI_DEV_GPU_UTIL gauge
DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-0001",device="nvidia0",modelName="NVIDIA B200",hostname="node-b"} 0.87
# HELP DCGM_FI_DEV_FB_USED Framebuffer memory used (in bytes).
# TYPE DCGM_FI_DEV_FB_USED gauge
DCGM_FI_DEV_FB_USED{gpu="0",UUID="GPU-0001",device="nvidia0",modelName="NVIDIA B200",hostname="node-b"} 62914560000
# HELP DCGM_FI_DEV_FB_TOTAL Framebuffer memory total (in bytes).
# TYPE DCGM_FI_DEV_FB_TOTAL gauge
DCGM_FI_DEV_FB_TOTAL{gpu="0",UUID="GPU-0001",device="nvidia0",modelName="NVIDIA B200",hostname="node-b"} 193273528320
DCGM_FI_DEV_POWER_USAGE{gpu="0",UUID="GPU-0001",device="nvidia0",modelName="NVIDIA B200",hostname="node-b"} 910 1733140000000
`;

describe("parseDcgmMetrics", () => {
  it("reads the pre-4.8.3 format: one GPU per UUID, percent utilisation, MiB, the last XID", () => {
    const { gpus } = parseDcgmMetrics(OLD_EXPORTER);
    expect(gpus.map((g) => g.uuid)).toEqual(["GPU-0001", "GPU-0002"]);
    expect(gpus[0]).toMatchObject({
      index: 0,
      name: "NVIDIA H100 80GB HBM3",
      utilizationPct: 87,
      powerW: 655.123,
      temperatureC: 68,
      memoryUsedMib: 60000,
      memoryTotalMib: 81559,
      lastXid: null,
    });
    expect(gpus[1]).toMatchObject({ utilizationPct: 3, lastXid: 79, eccUncorrected: 4, temperatureC: null });
  });

  it("reads the 4.9.0 format: a 0-1 ratio as percent and bytes as MiB, ignoring sample timestamps", () => {
    const [gpu] = parseDcgmMetrics(NEW_EXPORTER).gpus;
    expect(gpu?.utilizationPct).toBeCloseTo(87, 6);
    expect(gpu?.memoryUsedMib).toBe(60000);
    expect(gpu?.memoryTotalMib).toBe(184320);
    expect(gpu?.powerW).toBe(910);
  });

  it("finds the host name under either label spelling", () => {
    expect(dcgmHostname(OLD_EXPORTER)).toBe("node-a");
    expect(dcgmHostname(NEW_EXPORTER)).toBe("node-b");
  });

  it("ignores other exporters' metrics and samples without a UUID", () => {
    const text =
      'go_goroutines 12\nDCGM_FI_DEV_GPU_TEMP{gpu="0"} 40\nDCGM_FI_DEV_GPU_TEMP{UUID="GPU-9"} NaN\n';
    expect(parseDcgmMetrics(text).gpus).toEqual([]);
  });
});
