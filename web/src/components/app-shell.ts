/**
 * The frame around every signed-in page: brand, navigation, who is signed in, and "Sign out".
 * @module
 */
import type { Whoami } from "../../../src/contract/generated/api.js";
import { el } from "../element.js";
import { economicsHref, fleetHref, leasesHref, limitsHref, portfolioHref } from "../router.js";

export interface AppShell {
  element: HTMLElement;
  /** Replaces the page area's content and marks `section` current in the navigation. */
  show(content: HTMLElement, section?: "fleet" | "leases" | "limits" | "economics" | "portfolio"): void;
}

export function appShell(principal: Whoami, onSignOut: () => void): AppShell {
  const main = el("main", { class: "page", attrs: { id: "page" } });
  const signOut = el(
    "a",
    {
      class: "sign-out",
      attrs: { href: fleetHref(), "data-testid": "sign-out" },
      on: {
        click: (event) => {
          event.preventDefault();
          onSignOut();
        },
      },
    },
    "Sign out",
  );
  const links = {
    fleet: el("a", { attrs: { href: fleetHref(), "data-nav": "fleet" } }, "Fleet"),
    leases: el("a", { attrs: { href: leasesHref(), "data-nav": "leases" } }, "Leases"),
    limits: el("a", { attrs: { href: limitsHref(), "data-nav": "limits" } }, "Limits"),
    economics: el("a", { attrs: { href: economicsHref(), "data-nav": "economics" } }, "Economics"),
    portfolio: el("a", { attrs: { href: portfolioHref(), "data-nav": "portfolio" } }, "Portfolio"),
  };
  const header = el(
    "header",
    { class: "topbar" },
    el(
      "a",
      { class: "brand", attrs: { href: fleetHref() } },
      el("span", { class: "brand-mark", attrs: { "aria-hidden": "true" } }),
      "Leasehold",
    ),
    el("nav", { class: "topnav" }, links.fleet, links.leases, links.limits, links.economics, links.portfolio),
    el(
      "div",
      { class: "whoami" },
      el("span", { class: "role-badge" }, principal.role),
      el("span", { class: "key-name" }, principal.keyName),
      signOut,
    ),
  );
  return {
    element: el("div", { class: "shell" }, header, main),
    show(content, section = "fleet") {
      for (const [name, link] of Object.entries(links)) {
        if (name === section) link.setAttribute("aria-current", "page");
        else link.removeAttribute("aria-current");
      }
      main.replaceChildren(content);
      window.scrollTo(0, 0);
    },
  };
}
