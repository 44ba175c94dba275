import type { LeaseStatus } from "../../src/contract/generated/api.js";
/**
 * How leases look everywhere in the dashboard: a colour per status, a colour per tenant's lease,
 * and the colours of what is not leased (house, spare, out of service).
 * @module
 */

export const STATUS_STYLES: Record<LeaseStatus, { label: string; colour: string }> = {
  draft: { label: "Draft", colour: "#9aa5b1" },
  reserved: { label: "Reserved", colour: "#5b7db1" },
  active: { label: "Active", colour: "#2f9e5b" },
  ending: { label: "Ending", colour: "#e3a21a" },
  ended: { label: "Ended", colour: "#7b8794" },
  cancelled: { label: "Cancelled", colour: "#d7263d" },
};

/** Not leased: the owner's own work, the spare pool, and failed or maintenance nodes. */
export const HOLDER_STYLES = {
  house: { label: "House", colour: "#c3cad4", description: "The owner's internal work" },
  spare: { label: "Spare pool", colour: "#9fcdf2", description: "Kept back to replace failed nodes" },
  out: { label: "Out of service", colour: "#7c1d2b", description: "Failed or in maintenance" },
} as const;

/** Tenant colours: saturated, far from the grey, light blue and dark red above. */
const TENANT_PALETTE = [
  "#6a3fc8",
  "#e8730c",
  "#0f8b8d",
  "#c2185b",
  "#3949ab",
  "#2f9e5b",
  "#b58900",
  "#8d5524",
];

/** Mixes `hex` towards white by `amount` (0..1): a tenant's second lease is a lighter shade. */
function lighten(hex: string, amount: number): string {
  const channels = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return `#${channels
    .map((c) =>
      Math.round(c + (255 - c) * amount)
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`;
}

/**
 * One colour per lease, by tenant: tenants in the order given take the palette in turn, and each
 * further lease of a tenant a lighter shade of its tenant's colour.
 */
export function leaseColours(leases: Array<{ leaseId: string; tenantId: string }>): Map<string, string> {
  const tenants = [...new Set(leases.map((l) => l.tenantId))].sort();
  const seen = new Map<string, number>();
  const colours = new Map<string, string>();
  for (const lease of [...leases].sort((a, b) => a.leaseId.localeCompare(b.leaseId))) {
    const base = TENANT_PALETTE[tenants.indexOf(lease.tenantId) % TENANT_PALETTE.length] ?? "#6a3fc8";
    const nth = seen.get(lease.tenantId) ?? 0;
    seen.set(lease.tenantId, nth + 1);
    colours.set(lease.leaseId, nth === 0 ? base : lighten(base, Math.min(0.6, nth * 0.25)));
  }
  return colours;
}
