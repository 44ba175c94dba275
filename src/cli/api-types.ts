/**
 * The JSON shapes the CLI reads, taken from the server's wire schemas so the two cannot drift.
 * @module
 */
import type { z } from "@hono/zod-openapi";
import type { ImportResult } from "../app/fleet-import.js";
import type { FleetDocument } from "../fleet/fleet-document.js";
import type { GpuModel } from "../fleet/gpu-model.js";
import type {
  ApiKeySchema,
  NodeSchema,
  SiteListingSchema,
  SiteSchema,
  SiteSummarySchema,
  TenantSchema,
  TopologyMapSchema,
} from "../server/schemas.js";

type SiteView = z.infer<typeof SiteSchema>;
type SiteListing = z.infer<typeof SiteListingSchema>;
type SiteSummaryView = z.infer<typeof SiteSummarySchema>;
export type TopologyMapView = z.infer<typeof TopologyMapSchema>;
export type NodeView = z.infer<typeof NodeSchema>;
export type TenantView = z.infer<typeof TenantSchema>;
export type ApiKeyView = z.infer<typeof ApiKeySchema>;

export interface SitesPayload {
  sites: SiteListing[];
}
export interface SitePayload {
  site: SiteView;
  summary: SiteSummaryView;
}
export interface NodePage {
  nodes: NodeView[];
  nextCursor: string | null;
}
interface NodeEventView {
  at: string;
  fromState: NodeView["state"];
  toState: NodeView["state"];
  reason: string;
  actor: string;
}
export interface NodePayload {
  node: NodeView;
  events: NodeEventView[];
}
export interface GpuModelsPayload {
  gpuModels: GpuModel[];
}
export type ImportResultPayload = ImportResult;
export type FleetExportPayload = FleetDocument;
export interface WhoamiPayload {
  role: "operator" | "tenant";
  keyId: string;
  keyName: string;
  tenantId: string | null;
}

/** One line of the import stream (`Accept: application/x-ndjson`). */
export type ImportStreamLine =
  | { type: "progress"; phase: "validated"; sites: number; nodes: number }
  | { type: "progress"; phase: "writing" | "committed"; written: number; total: number }
  | { type: "result"; result: ImportResult }
  | {
      type: "error";
      error: {
        code: string;
        message: string;
        requestId: string;
        issues?: Array<{ field: string; message: string; bound?: string }>;
      };
    };
