/**
 * The reference portfolio from the public reporting on the lab that leased Colossus 1: AWS 5 GW,
 * Google + Broadcom TPUs 3.5 GW, Google Cloud 5 GW, SpaceXAI 0.3 GW (the Colossus 1 lease) and
 * 1.0 GW of earlier capacity, 14.8 GW committed, against a rival's 30 GW by 2030. The sizes are
 * the reported ones; online dates and ramps are illustrative, and the only spend given is the
 * Colossus filing's $1.25B a month for 36 months.
 * @module
 */
import type { DealInput } from "./deal-input.js";

export const REFERENCE_DEALS: readonly DealInput[] = [
  {
    name: "earlier-capacity",
    provider: "Earlier capacity",
    chip: "H100",
    powerMw: 1_000,
    onlineAt: "2025-01-01",
  },
  {
    name: "aws-trainium",
    provider: "AWS",
    chip: "Trainium2",
    powerMw: 5_000,
    onlineAt: "2026-01-01",
    rampMonths: 36,
  },
  {
    name: "spacexai-colossus-1",
    provider: "SpaceXAI",
    chip: "H100",
    powerMw: 300,
    onlineAt: "2026-05-01",
    rampMonths: 2,
    termMonths: 36,
    committedSpend: "45000000000.00",
  },
  {
    name: "google-broadcom-tpu",
    provider: "Google + Broadcom",
    chip: "TPU",
    powerMw: 3_500,
    onlineAt: "2027-01-01",
    rampMonths: 24,
  },
  {
    name: "google-cloud",
    provider: "Google Cloud",
    chip: "TPU",
    powerMw: 5_000,
    onlineAt: "2027-07-01",
    rampMonths: 30,
  },
];
