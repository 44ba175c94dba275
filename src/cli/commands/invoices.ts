/**
 * `leasehold invoices`: a lease's monthly invoices and credit/debit notes — list, show, prepare
 * (compute a month's draft, or a note for a changed issued month), issue, and render (a printable
 * HTML page and its PDF, printed by Chromium).
 * @module
 */
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Command } from "commander";
import type { components } from "../../contract/generated/api.js";
import { formatMoney, formatRate } from "../../shared/money.js";
import type { CliIo } from "../cli-io.js";
import { contextOf } from "../context.js";
import { renderTable } from "../output.js";
import { nextPageHint, type PageOptions, pagesFor, withPageOptions } from "../page-options.js";
import { printToPdf } from "./invoice-pdf.js";

type Invoice = components["schemas"]["InvoiceDocument"];

const KIND_TEXT = { invoice: "invoice", credit_note: "credit note", debit_note: "debit note" } as const;

function invoiceTable(invoices: Invoice[]): string {
  return renderTable(
    [
      { header: "NUMBER", value: (i) => i.number ?? "(draft)" },
      { header: "KIND", value: (i) => KIND_TEXT[i.kind] },
      { header: "LEASE", value: (i) => `${i.tenantName}/${i.leaseName}` },
      { header: "MONTH", value: (i) => i.period },
      { header: "STATUS", value: (i) => i.status },
      { header: "TOTAL", value: (i) => formatMoney(i.total), align: "right" },
      { header: "ID", value: (i) => i.id },
    ],
    invoices,
  );
}

function invoiceText(i: Invoice): string {
  const head = [
    `${KIND_TEXT[i.kind]} ${i.number ?? "(draft, not yet numbered)"} — ${i.tenantName}/${i.leaseName} at ${i.siteName}, ${i.period}`,
    `status ${i.status}${i.issuedAt ? ` (issued ${i.issuedAt})` : ""}; delivered ${i.deliveredGpuHours} of ${i.committedGpuHours} GPU-hours, availability ${(i.availabilityBps / 100).toFixed(2)}%${i.slaTargetBps === null ? "" : ` (SLA target ${(i.slaTargetBps / 100).toFixed(2)}%)`}`,
    ...(i.corrects ? [`corrects ${i.corrects}`] : []),
    "",
  ];
  const lines = renderTable(
    [
      { header: "DESCRIPTION", value: (l) => l.description },
      { header: "QUANTITY", value: (l) => `${l.quantity} ${l.unit}`, align: "right" },
      {
        header: "UNIT PRICE",
        value: (l) => (l.unitPrice === null ? "" : formatRate(l.unitPrice)),
        align: "right",
      },
      { header: "AMOUNT", value: (l) => formatMoney(l.amount), align: "right" },
    ],
    i.lines,
  );
  return `${head.join("\n")}${lines}\nTOTAL ${formatMoney(i.total)}\n`;
}

export function invoicesCommand(io: CliIo): Command {
  const invoices = new Command("invoices").description(
    "Monthly invoices and credit/debit notes of leases: list, show, prepare, issue, render",
  );

  invoices.addCommand(
    withPageOptions(
      new Command("list")
        .description("List invoices and notes, oldest first (a tenant key sees its own)")
        .option("--lease <lease>", "only this lease (id, name or tenant/name)")
        .option("--status <status>", "draft or issued")
        .option("--month <YYYY-MM>", "only this month"),
      "invoices",
    ).action(
      async (
        options: PageOptions & { lease?: string; status?: string; month?: string },
        command: Command,
      ) => {
        const ctx = contextOf(command, io);
        const query = {
          ...(options.lease ? { lease: options.lease } : {}),
          ...(options.status ? { status: options.status as "draft" | "issued" } : {}),
          ...(options.month ? { month: options.month } : {}),
        };
        const payload = await pagesFor("invoices", options, (page) =>
          ctx.call((api) => api.GET("/v1/invoices", { params: { query: { ...query, ...page } } })),
        );
        ctx.emit(payload, (p) => invoiceTable(p.invoices));
        nextPageHint(ctx, "invoices", payload.nextCursor);
      },
    ),
  );

  invoices.addCommand(
    new Command("show")
      .description("Show an invoice or note line by line (by id or number, e.g. INV-000001)")
      .argument("<invoice>", "id or number")
      .action(async (ref: string, _options: unknown, command: Command) => {
        const ctx = contextOf(command, io);
        const payload = await ctx.call((api) =>
          api.GET("/v1/invoices/{invoice}", { params: { path: { invoice: ref } } }),
        );
        ctx.emit(payload, (p) => invoiceText(p.invoice));
      }),
  );

  invoices.addCommand(
    new Command("prepare")
      .description(
        "Compute a lease's month from its history: a draft invoice, or a credit/debit note once the month is issued",
      )
      .argument("<lease>", "lease id, name or tenant/name")
      .option("--month <YYYY-MM>", "the month (UTC; default: this month)")
      .option("--power-pass-through", "bill energy × the site's PUE × its $/MWh on top")
      .action(
        async (lease: string, options: { month: string; powerPassThrough?: boolean }, command: Command) => {
          const ctx = contextOf(command, io);
          const payload = await ctx.call((api) =>
            api.POST("/v1/leases/{lease}/invoices", {
              params: { path: { lease } },
              body: {
                ...(options.month ? { month: options.month } : {}),
                ...(options.powerPassThrough ? { powerPassThrough: true } : {}),
              },
            }),
          );
          ctx.emit(payload, (p) => invoiceText(p.invoice));
        },
      ),
  );

  invoices.addCommand(
    new Command("issue")
      .description("Issue a draft: it takes the next number of its series and never changes again")
      .argument("<invoice>", "the draft's id")
      .action(async (ref: string, _options: unknown, command: Command) => {
        const ctx = contextOf(command, io);
        const payload = await ctx.call((api) =>
          api.POST("/v1/invoices/{invoice}/issue", { params: { path: { invoice: ref } } }),
        );
        ctx.emit(payload, (p) => invoiceText(p.invoice));
      }),
  );

  invoices.addCommand(
    new Command("render")
      .description("Write an invoice or note as a printable HTML page and a PDF (Chromium's print to PDF)")
      .argument("<invoice>", "id or number")
      .option("-f, --file <path>", "the PDF to write (default <number or id>.pdf); the HTML goes beside it")
      .option("--no-pdf", "write the HTML page only")
      .option(
        "--chromium <path>",
        "the Chromium to print with (env LEASEHOLD_CHROMIUM; default /usr/bin/chromium)",
      )
      .action(
        async (
          ref: string,
          options: { file?: string; pdf: boolean; chromium?: string },
          command: Command,
        ) => {
          const ctx = contextOf(command, io);
          const html = await ctx.call((api) =>
            api.GET("/v1/invoices/{invoice}/document", {
              params: { path: { invoice: ref } },
              parseAs: "text",
            }),
          );
          const pdfPath = resolve(io.cwd, options.file ?? `${ref}.pdf`);
          const htmlPath = `${pdfPath.replace(/\.pdf$/i, "")}.html`;
          await writeFile(htmlPath, html);
          const written: { html: string; pdf?: string } = { html: htmlPath };
          if (options.pdf) {
            const chromium = options.chromium ?? io.env.LEASEHOLD_CHROMIUM ?? "/usr/bin/chromium";
            await printToPdf(html, pdfPath, chromium);
            written.pdf = pdfPath;
          }
          ctx.emit(written, (w) => `wrote ${w.html}${w.pdf ? `\nwrote ${w.pdf}` : ""}\n`);
        },
      ),
  );

  return invoices;
}
