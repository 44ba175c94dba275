/**
 * Invoices: a lease's month computed from its metered history into a draft; issued (numbered
 * without gaps, then immutable); and a closed month whose history changed since corrected by a
 * credit or debit note for the difference, never by touching what was issued.
 * @module
 */
import { actorOf, type Principal, tenantScope } from "../access/principal.js";
import { adjustmentLines, noteKind } from "../billing/adjustment.js";
import { decimalQuantity } from "../billing/cents.js";
import { invoiceHtml } from "../billing/invoice-html.js";
import { type InvoiceLine, totalOf } from "../billing/invoice-line.js";
import { monthInvoice, type PowerPassThrough } from "../billing/month-invoice.js";
import { leaseStartsAt } from "../leasing/lease.js";
import { totalGpuMs } from "../metering/delivered-hours.js";
import type { EnergySource } from "../metering/energy-source.js";
import { HOUR_MS, monthOf, monthPeriod, periodEndMs } from "../metering/usage-period.js";
import { LeaseholdError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import { appendAudit } from "../store/access-repository.js";
import {
  type DocumentFilter,
  deleteDraft,
  documentsOfMonth,
  findDocument,
  type InvoiceBasis,
  type InvoiceRecord,
  insertDraft,
  issueDraft,
  leaseNamesByIds,
  listDocuments,
  rewriteDraft,
} from "../store/invoice-repository.js";
import { appendOutbox, tenantAndSiteNames } from "../store/lease-repository.js";
import { findSite } from "../store/site-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Clock } from "./clock.js";
import { auditEntry, leaseMessage } from "./event-entries.js";
import { meterLeaseMonth } from "./lease-metering.js";
import { resolveLease } from "./lease-ref.js";
import { monthOrNow } from "./usage-service.js";

const gpuHours = (gpuMs: number) => decimalQuantity(BigInt(Math.round(gpuMs)), BigInt(HOUR_MS), 3);

/** A document with the names a person reads it by. */
export interface NamedDocument extends InvoiceRecord {
  leaseName: string;
  tenantName: string;
  siteName: string;
}

export class InvoiceService {
  constructor(
    private readonly db: SqlClient,
    private readonly clock: Clock,
    /** The energy source to read within a transaction (`tx`): PGlite has one connection. */
    private readonly energyIn: (tx: SqlClient) => EnergySource,
  ) {}

  /**
   * Computes a lease's month from its history as it stands: a draft invoice (written anew while a
   * draft), or, once the month's invoice is issued, a draft note for what changed since.
   * NOTHING_TO_INVOICE when the month is outside the lease, or an issued month has not changed.
   */
  async prepare(by: Principal, ref: string, input: { month?: string; powerPassThrough?: boolean }) {
    const now = this.clock.now();
    const month = monthOrNow(input.month, now);
    return this.db.transaction(async (tx) => {
      const lease = await resolveLease(tx, tenantScope(by), ref);
      const startMonth = monthOf(leaseStartsAt(lease));
      const endMonth = monthOf(Date.parse(lease.endsAt) - 1);
      if (!lease.siteId || lease.status === "draft" || lease.status === "cancelled")
        throw new LeaseholdError(
          "NOTHING_TO_INVOICE",
          `lease ${lease.name} was never placed, so it owes nothing`,
        );
      if (month < startMonth || month > endMonth || month > monthOf(now))
        throw new LeaseholdError(
          "NOTHING_TO_INVOICE",
          `lease ${lease.name} runs ${startMonth} to ${endMonth}, up to now ${monthOf(now)}: nothing to invoice for ${month}`,
          [
            {
              field: "month",
              message: `month must be ${startMonth}..${[endMonth, monthOf(now)].sort()[0]}`,
              bound: `${startMonth}..${endMonth}`,
            },
          ],
        );
      const site = await findSite(tx, lease.siteId);
      if (!site) throw new LeaseholdError("NOTHING_TO_INVOICE", `lease ${lease.name} has no site`);
      const metered = await meterLeaseMonth(tx, lease, month, Date.parse(now));
      let power: PowerPassThrough | null = null;
      let energySource: string | null = null;
      if (input.powerPassThrough) {
        const byModel = new Map(
          [...metered.delivered.keys()].map((m) => [m, totalGpuMs(metered.delivered, m)]),
        );
        const reading = await this.energyIn(tx).itEnergy({
          siteId: site.id,
          leaseId: lease.id,
          fromMs: metered.period.startMs,
          untilMs: metered.asOfMs,
          deliveredGpuMsByModel: byModel,
        });
        energySource = reading.source;
        power = {
          itEnergyWh: reading.itEnergyWh,
          source: reading.source,
          pueMilli: Math.round(site.pue * 1000),
          microsPerMwh: site.electricityPriceMicrosPerMwh,
        };
      }
      const lines = monthInvoice({
        terms: lease,
        month,
        delivered: metered.delivered,
        availabilityBps: metered.availabilityBps,
        power,
      });
      const basis: InvoiceBasis = {
        deliveredGpuHours: gpuHours(totalGpuMs(metered.delivered)),
        committedGpuHours: gpuHours(totalGpuMs(metered.committed)),
        availabilityBps: metered.availabilityBps,
        slaTargetBps: lease.sla?.availabilityTargetBps ?? null,
        powerPassThrough: input.powerPassThrough === true,
        energySource,
        computedAt: now,
      };
      const docs = await documentsOfMonth(tx, lease.id, month);
      const invoice = docs.find((d) => d.kind === "invoice");
      const base = {
        leaseId: lease.id,
        tenantId: lease.tenantId,
        siteId: site.id,
        period: month,
        basis,
        createdAt: now,
      };
      if (!invoice) {
        const id = newId("invoice");
        await insertDraft(tx, {
          ...base,
          id,
          kind: "invoice",
          corrects: null,
          lines,
          totalMicros: totalOf(lines),
        });
        return this.named(tx, id);
      }
      if (invoice.status === "draft") {
        await rewriteDraft(tx, invoice.id, { kind: "invoice", lines, totalMicros: totalOf(lines), basis });
        return this.named(tx, invoice.id);
      }
      const issuedLines: InvoiceLine[] = docs.filter((d) => d.status === "issued").flatMap((d) => d.lines);
      const changes = adjustmentLines(issuedLines, lines);
      const draftNote = docs.find((d) => d.kind !== "invoice" && d.status === "draft");
      if (changes.length === 0) {
        if (draftNote) await deleteDraft(tx, draftNote.id);
        throw new LeaseholdError(
          "NOTHING_TO_INVOICE",
          `${month} of lease ${lease.name} is invoiced (${invoice.number}) and its history has not changed since: no note is due`,
        );
      }
      const kind = noteKind(changes);
      if (draftNote) {
        await rewriteDraft(tx, draftNote.id, { kind, lines: changes, totalMicros: totalOf(changes), basis });
        return this.named(tx, draftNote.id);
      }
      const id = newId("invoice");
      await insertDraft(tx, {
        ...base,
        id,
        kind,
        corrects: invoice.id,
        lines: changes,
        totalMicros: totalOf(changes),
      });
      return this.named(tx, id);
    });
  }

  /** Issues a draft: the next number of its series, then it never changes. Its month must be over. */
  async issue(by: Principal, ref: string): Promise<NamedDocument> {
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const doc = await findDocument(tx, tenantScope(by), ref, true);
      if (!doc) throw notFound(ref);
      if (doc.status === "issued")
        throw new LeaseholdError(
          "INVOICE_ISSUED",
          `${doc.number} was issued at ${doc.issuedAt} and cannot be issued again`,
        );
      const lease = await resolveLease(tx, tenantScope(by), doc.leaseId);
      const closes = Math.min(periodEndMs(monthPeriod(doc.period)), Date.parse(lease.endsAt));
      if (Date.parse(now) < closes)
        throw new LeaseholdError(
          "INVOICE_PERIOD_OPEN",
          `${doc.period} of lease ${lease.name} runs until ${new Date(closes).toISOString()}: issue its invoice after that`,
        );
      const number = await issueDraft(tx, doc, now);
      await appendAudit(
        tx,
        auditEntry(actorOf(by), "invoice.issued", doc.id, { number, period: doc.period }),
        now,
      );
      await appendOutbox(
        tx,
        leaseMessage(lease, "invoice.issued", {
          invoiceId: doc.id,
          number,
          kind: doc.kind,
          period: doc.period,
          total: doc.totalMicros.toString(),
        }),
        now,
      );
      return this.named(tx, doc.id);
    });
  }

  async show(by: Principal, ref: string): Promise<NamedDocument> {
    const doc = await findDocument(this.db, tenantScope(by), ref);
    if (!doc) throw notFound(ref);
    return this.name(this.db, [doc]).then((d) => d[0] as NamedDocument);
  }

  /** The printable HTML page of a document. */
  async html(by: Principal, ref: string): Promise<{ number: string | null; id: string; html: string }> {
    const d = await this.show(by, ref);
    const corrected = d.corrects ? await findDocument(this.db, tenantScope(by), d.corrects) : undefined;
    return {
      number: d.number,
      id: d.id,
      html: invoiceHtml({
        ...d,
        correctsNumber: corrected ? (corrected.number ?? corrected.id) : null,
        availabilityBps: d.basis.availabilityBps,
        deliveredGpuHours: d.basis.deliveredGpuHours,
      }),
    };
  }

  /** Documents in the caller's scope; `lease` narrows to one lease (by reference). */
  async list(
    by: Principal,
    filter: Omit<DocumentFilter, "leaseId"> & { lease?: string },
  ): Promise<NamedDocument[]> {
    const scope = tenantScope(by);
    const { lease: leaseRef, ...rest } = filter;
    const leaseId = leaseRef ? (await resolveLease(this.db, scope, leaseRef)).id : undefined;
    const docs = await listDocuments(this.db, scope, { ...rest, ...(leaseId ? { leaseId } : {}) });
    return this.name(this.db, docs);
  }

  private async named(db: SqlClient, id: string): Promise<NamedDocument> {
    const doc = await findDocument(db, { tenantId: null }, id);
    if (!doc) throw notFound(id);
    return (await this.name(db, [doc]))[0] as NamedDocument;
  }

  private async name(db: SqlClient, docs: InvoiceRecord[]): Promise<NamedDocument[]> {
    const ids = [...new Set(docs.flatMap((d) => [d.tenantId, d.siteId]))];
    const names = await tenantAndSiteNames(db, ids);
    const leaseNames = await leaseNamesByIds(db, [...new Set(docs.map((d) => d.leaseId))]);
    return docs.map((d) => ({
      ...d,
      leaseName: leaseNames.get(d.leaseId) ?? d.leaseId,
      tenantName: names.get(d.tenantId) ?? d.tenantId,
      siteName: names.get(d.siteId) ?? d.siteId,
    }));
  }
}

function notFound(ref: string): LeaseholdError {
  return new LeaseholdError("INVOICE_NOT_FOUND", `no invoice or note with id or number ${ref}`);
}
