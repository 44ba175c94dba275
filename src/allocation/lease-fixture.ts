/** Hand-built leases for the engine's tests: one line of one GPU model, delivered in dated tranches. */
import type { Lease, LeaseStatus } from "../leasing/lease.js";
import type { Isolation } from "./isolation.js";

export interface LeaseSpec {
  id: string;
  tenantId?: string;
  /** GPUs each tranche adds, by start (ISO 8601): `{ [T0]: 16, [T1]: 16 }`. */
  tranches: Record<string, number>;
  endsAt?: string;
  gpuModel?: string;
  isolation?: Isolation;
  status?: LeaseStatus;
}

/** A lease of `spec` (H100, isolation `node`, packed, active, ending in 2030 unless given), named after its id. */
export function testLease(spec: LeaseSpec): Lease {
  const starts = Object.keys(spec.tranches).sort();
  const gpus = Object.values(spec.tranches).reduce((n, g) => n + g, 0);
  return {
    id: spec.id,
    name: spec.id,
    tenantId: spec.tenantId ?? `tenant-of-${spec.id}`,
    siteIds: ["test-site"],
    siteId: "test-site",
    status: spec.status ?? "active",
    lines: [
      {
        key: "gpu",
        gpuModel: spec.gpuModel ?? "H100",
        gpuCount: gpus,
        price: { kind: "per_gpu_hour", microsPerGpuHour: 2_000_000n },
      },
    ],
    tranches: starts.map((startsAt, i) => ({
      key: `t${i + 1}`,
      startsAt,
      gpusByLine: { gpu: spec.tranches[startsAt] ?? 0 },
    })),
    endsAt: spec.endsAt ?? "2030-01-01T00:00:00.000Z",
    noticePeriodDays: 0,
    rampDiscounts: [],
    commitment: null,
    sla: null,
    isolation: spec.isolation ?? "node",
    placement: { policy: "packed" },
    noticeGivenAt: null,
    version: 1,
    createdAt: starts[0] ?? "",
  };
}
