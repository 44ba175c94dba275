/**
 * The JSON shapes of the lease, quote and availability endpoints, taken from the server's wire
 * schemas so the two cannot drift. Money and percentages are exact decimal strings.
 * @module
 */
import type { z } from "@hono/zod-openapi";
import type { amendmentRequestSchema } from "../leasing/amendment-request.js";
import type { LeaseRequest } from "../leasing/lease-request.js";
import type { QuoteSchema, SiteAvailabilitySchema } from "../server/capacity-schemas.js";
import type { LeaseAllocationSchema, LeaseHistorySchema, LeaseView } from "../server/lease-schemas.js";

export type { LeaseRequest, LeaseView };

export type AmendmentBody = z.input<typeof amendmentRequestSchema>["amendment"];
export type AllocationPayload = z.infer<typeof LeaseAllocationSchema>;
export type HistoryPayload = z.infer<typeof LeaseHistorySchema>;
export type QuotePayload = z.infer<typeof QuoteSchema>;
export type AvailabilityPayload = z.infer<typeof SiteAvailabilitySchema>;

export interface LeasePayload {
  lease: LeaseView;
}

export interface LeasesPayload {
  leases: LeaseView[];
}

export interface TickPayload {
  /** Ids of the leases that changed. */
  changed: string[];
}
