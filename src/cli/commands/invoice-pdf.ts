/**
 * Prints an HTML page to PDF with a local Chromium (playwright-core drives it; nothing is
 * downloaded): the invoice a tenant's finance team files.
 * @module
 */
import { writeFile } from "node:fs/promises";

/** Renders `html` (self-contained, no network) to an A4 PDF at `path` with the Chromium at `executablePath`. */
export async function printToPdf(html: string, path: string, executablePath: string): Promise<void> {
  // Loaded on use: only `invoices render` needs a browser driver.
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage();
    await page.route("**/*", (route) => route.abort());
    await page.setContent(html, { waitUntil: "load" });
    await writeFile(path, await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true }));
  } finally {
    await browser.close();
  }
}
