/**
 * One site's economics under one scenario: the monthly P&L and what the owner reads off it: cost
 * per GPU-hour, margins, breakeven price and utilisation, payback, NPV and IRR of the horizon's
 * cash against the capex, and the company view. Money is exact micros; ratios are estimates.
 * @module
 */
import type { LeaseTerms } from "../leasing/lease.js";
import { breakevenBasis, breakevenPrice, breakevenUtilisation } from "./breakeven.js";
import { annualise, type CompanyView, companyView } from "./company-view.js";
import { annualised, irrMonthly, monthlyRate, npvAtMonthly, paybackMonths } from "./discounting.js";
import type { EconomicInputs } from "./economic-inputs.js";
import { type Horizon, leaseMonths } from "./lease-months.js";
import { costPerGpuHour, operatingMargin, type SitePnl, sitePnl } from "./site-pnl.js";

export interface SiteEconomics {
  pnl: SitePnl;
  capexMicros: bigint;
  costPerGpuHourMicros: bigint | null;
  costBeforeOtherOpexPerGpuHourMicros: bigint | null;
  operatingMargin: number | null;
  marginBeforeOtherOpex: number | null;
  /** Share of the fleet's GPU-hours at work (leased or the owner's own), an estimate. */
  utilisation: number;
  breakeven: {
    atUtilisationBps: number;
    priceMicrosPerGpuHour: bigint | null;
    atPriceMicrosPerGpuHour: bigint;
    utilisation: number | null;
  };
  paybackMonths: number | null;
  npvMicros: number;
  irrAnnual: number | null;
  company: CompanyView;
}

export interface EconomicsAsk {
  gpusByModel: Readonly<Record<string, number>>;
  inputs: EconomicInputs;
  leases: readonly LeaseTerms[];
  horizon: Horizon;
  /** Breakeven price at this utilisation (bps); default: the scenario's own, at least 1%. */
  utilisationBps?: number | undefined;
  /** Breakeven utilisation at this price; default: what the scenario earns per GPU-hour at work. */
  priceMicrosPerGpuHour?: bigint | undefined;
}

export function siteEconomics(ask: EconomicsAsk): SiteEconomics {
  const months = leaseMonths(ask.leases, ask.horizon);
  const pnl = sitePnl(ask.gpusByModel, ask.inputs, months, ask.horizon);
  const t = pnl.total;
  const used = t.leasedGpuHours + t.internalGpuHours;
  const utilisation = t.fleetGpuHours > 0n ? Number((used * 1_000_000n) / t.fleetGpuHours) / 1_000_000 : 0;
  const basis = breakevenBasis(pnl, ask.inputs.otherOpexBps);
  const atUtilisationBps = ask.utilisationBps ?? Math.max(100, Math.round(utilisation * 10_000));
  const atPrice = ask.priceMicrosPerGpuHour ?? (used > 0n ? t.revenueMicros / used : 0n);
  const capexMicros = pnl.itCapexMicros + pnl.facilityCapexMicros;
  const flows = [-Number(capexMicros), ...pnl.months.map((m) => Number(m.cashFlowMicros))];
  const irr = irrMonthly(flows);
  const leaseMonthsCount = months.revenueMicros.filter((r) => r > 0n).length;
  return {
    pnl,
    capexMicros,
    costPerGpuHourMicros: costPerGpuHour(t),
    costBeforeOtherOpexPerGpuHourMicros: costPerGpuHour(t, true),
    operatingMargin: operatingMargin(t),
    marginBeforeOtherOpex: operatingMargin(t, true),
    utilisation,
    breakeven: {
      atUtilisationBps,
      priceMicrosPerGpuHour: breakevenPrice(basis, atUtilisationBps),
      atPriceMicrosPerGpuHour: atPrice,
      utilisation: breakevenUtilisation(basis, atPrice),
    },
    paybackMonths: paybackMonths(
      capexMicros,
      pnl.months.map((m) => m.cashFlowMicros),
    ),
    npvMicros: npvAtMonthly(monthlyRate(ask.inputs.financingRateBps / 10_000), flows),
    irrAnnual: irr === null ? null : annualised(irr),
    company: companyView(annualise(t.leaseRevenueMicros, leaseMonthsCount), ask.inputs.annualNetLossMicros),
  };
}
