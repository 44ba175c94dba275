/**
 * What a tenant key sees after signing in: the dashboard's views are the site owner's, so instead of
 * pages that the API would refuse (403), it says where a tenant key does work, and offers to sign out.
 * @module
 */
import type { Whoami } from "../../../src/contract/generated/api.js";
import { el } from "../element.js";

/** `onSignOut` forgets the key and returns to the sign-in form. */
export function tenantKeyPage(principal: Whoami, onSignOut: () => void): HTMLElement {
  const signOut = el(
    "button",
    {
      class: "button primary",
      attrs: { type: "button", "data-testid": "sign-out" },
      on: { click: onSignOut },
    },
    "Sign out",
  );
  return el(
    "div",
    { class: "sign-in-page", attrs: { "data-page": "tenant-key" } },
    el(
      "section",
      { class: "sign-in card", attrs: { role: "status", "data-testid": "tenant-key" } },
      el(
        "div",
        { class: "brand sign-in-brand" },
        el("span", { class: "brand-mark", attrs: { "aria-hidden": "true" } }),
        "Leasehold",
      ),
      el("h1", {}, "This dashboard is for operators"),
      el(
        "p",
        {},
        "You signed in with a tenant key (",
        el("code", {}, principal.keyName),
        "). This dashboard is for the site owner's operators; a tenant key works with the ",
        el("a", { attrs: { href: "/docs" } }, "API (/docs)"),
        " and the ",
        el("code", {}, "leasehold"),
        " CLI, where it sees its own tenant's leases.",
      ),
      el("p", { class: "muted" }, "To use the dashboard, sign out and sign in with an operator key."),
      signOut,
    ),
  );
}
