/**
 * How the dashboard presents the two seed scenarios. The requests themselves come from the server
 * (`GET /v1/sites/{site}/lease-templates/{template}`), which sizes them from the site, as for the CLI.
 * @module
 */

export type LeaseTemplateId = "rent-half" | "rent-all";

export interface LeaseTemplate {
  id: LeaseTemplateId;
  label: string;
  summary: string;
}

export const LEASE_TEMPLATES: readonly LeaseTemplate[] = [
  {
    id: "rent-half",
    label: "Rent half",
    summary:
      "Half the site's leasable GPUs as H100, packed, block isolation, islands ≥ 2,048 GPUs, $2.10/GPU-h, 1 year",
  },
  {
    id: "rent-all",
    label: "Rent all",
    summary:
      "Every leasable GPU, isolation site, $1.25B/month, 90-day notice, 50% off for 2 months, to May 31, 2029",
  },
];
