/**
 * The dashboard and the API docs under the server's security headers, in headless Chromium: the
 * headers are there, and neither page breaks a rule of its own Content-Security-Policy.
 * @module
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, requireBuiltDashboard } from "./support/browser.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

describe("security headers in the browser", () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    requireBuiltDashboard();
    server = await startTestServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each(["/", "/docs", "/v1/sites", "/openapi.json", "/healthz"])("%s carries them", async (path) => {
    const response = await fetch(`${server.url}${path}`);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });

  it.each([
    ["the dashboard", "/#key=", "[data-page=fleet]"],
    ["the API docs", "/docs#", ".swagger-ui .info"],
  ])("%s renders without a Content-Security-Policy violation", async (_name, path, ready) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) =>
        console.error(`Content Security Policy: ${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    const url = path.startsWith("/#key=")
      ? `${server.url}${path}${server.operatorKey}`
      : `${server.url}${path}`;
    await page.goto(url);
    await page.locator(ready).first().waitFor();
    await page.waitForTimeout(300);
    expect(violations).toEqual([]);
    await context.close();
  });

  it("a page that frames the dashboard is refused by the browser", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setContent(`<iframe id="f" src="${server.url}/"></iframe>`);
    await page.waitForTimeout(500);
    const framed = page.frames().find((f) => f.url().startsWith(server.url));
    const content = framed ? await framed.content().catch(() => "") : "";
    expect(content).not.toContain("data-page");
    await context.close();
  });
});
