/**
 * The dashboard's entry point: finds an API key, signs in, and renders the page the hash names (or,
 * for a tenant key, where such a key does work).
 * @module
 */
import type { Whoami } from "../../src/contract/generated/api.js";
import { ApiError, createApiClient } from "./api-client.js";
import { adoptKeyFromFragment, clearKey, saveKey, storedKey } from "./auth.js";
import { appShell } from "./components/app-shell.js";
import { el } from "./element.js";
import { whoami } from "./fleet-api.js";
import type { PageContext, PageView } from "./page-view.js";
import { economicsPage } from "./pages/economics-page.js";
import { fleetPage } from "./pages/fleet-page.js";
import { leasePage } from "./pages/lease-page.js";
import { leasesPage } from "./pages/leases-page.js";
import { limitsPage } from "./pages/limits-page.js";
import { portfolioPage } from "./pages/portfolio-page.js";
import { signInPage } from "./pages/sign-in-page.js";
import { sitePage } from "./pages/site-page.js";
import { tenantKeyPage } from "./pages/tenant-key-page.js";
import { fleetHref, parseRoute } from "./router.js";

const root = document.getElementById("app") ?? document.body;
let current: PageView | undefined;
/** Renders the page the hash names; set while signed in. */
let renderRoute: (() => void) | undefined;

function leave(): void {
  current?.dispose();
  current = undefined;
  renderRoute = undefined;
}

function showSignIn(notice?: string): void {
  leave();
  document.title = "Sign in · Leasehold";
  root.replaceChildren(
    signInPage((key, principal) => {
      saveKey(key);
      start(key, principal);
    }, notice),
  );
}

function errorPanel(error: unknown): HTMLElement {
  const message = error instanceof ApiError ? `${error.code}: ${error.message}` : String(error);
  return el(
    "div",
    { class: "card error-panel", attrs: { role: "alert" } },
    el("h2", {}, "Something went wrong"),
    el("p", {}, message),
    el("a", { attrs: { href: fleetHref() } }, "Back to the fleet"),
  );
}

function signOut(): void {
  clearKey();
  showSignIn("Signed out.");
}

function start(key: string, principal: Whoami): void {
  leave();
  if (principal.role !== "operator") {
    // Every page reads operator-only routes; say what a tenant key is for instead of failing them.
    document.title = "Tenant key · Leasehold";
    root.replaceChildren(tenantKeyPage(principal, signOut));
    return;
  }
  const shell = appShell(principal, signOut);
  root.replaceChildren(shell.element);
  const ctx: PageContext = {
    api: createApiClient(key),
    fail(error) {
      if (error instanceof ApiError && error.status === 401) {
        clearKey();
        showSignIn("Your key is no longer accepted. Sign in again.");
      } else shell.show(errorPanel(error));
    },
  };
  const render = () => {
    current?.dispose();
    const route = parseRoute(window.location.hash);
    if (route.page === "fleet") current = fleetPage(ctx);
    else if (route.page === "site") current = sitePage(ctx, route.site);
    else if (route.page === "leases") current = leasesPage(ctx);
    else if (route.page === "lease") current = leasePage(ctx, route.lease);
    else if (route.page === "limits") current = limitsPage(ctx, route.tenant);
    else if (route.page === "economics") current = economicsPage(ctx, route.site);
    else if (route.page === "portfolio") current = portfolioPage(ctx, route.tenant);
    else current = { element: errorPanel(`No page at ${route.hash}`), dispose: () => {} };
    document.title =
      route.page === "site"
        ? `${route.site} · Leasehold`
        : route.page === "leases"
          ? "Leases · Leasehold"
          : route.page === "lease"
            ? `${route.lease} · Leasehold`
            : route.page === "limits"
              ? "Usage limits · Leasehold"
              : route.page === "economics"
                ? "Economics · Leasehold"
                : route.page === "portfolio"
                  ? "Portfolio · Leasehold"
                  : "Fleet · Leasehold";
    const section =
      route.page === "leases" || route.page === "lease"
        ? "leases"
        : route.page === "limits" || route.page === "economics" || route.page === "portfolio"
          ? route.page
          : "fleet";
    shell.show(current.element, section);
  };
  renderRoute = render;
  render();
}

async function boot(): Promise<void> {
  adoptKeyFromFragment();
  const key = storedKey();
  if (!key) return showSignIn();
  try {
    start(key, await whoami(createApiClient(key)));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      clearKey();
      showSignIn("The saved key was not accepted. Sign in again.");
    } else root.replaceChildren(errorPanel(error));
  }
}

window.addEventListener("hashchange", () => {
  if (window.location.hash.startsWith("#key=")) void boot();
  else renderRoute?.();
});
void boot();
