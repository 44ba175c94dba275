/**
 * The frame around every signed-in page: brand, navigation, who is signed in, and "Sign out".
 * @module
 */
import type { Principal } from "../api-types.js";
import { el } from "../element.js";
import { fleetHref } from "../router.js";

export interface AppShell {
  element: HTMLElement;
  /** Replaces the page area's content. */
  show(content: HTMLElement): void;
}

export function appShell(principal: Principal, onSignOut: () => void): AppShell {
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
  const header = el(
    "header",
    { class: "topbar" },
    el(
      "a",
      { class: "brand", attrs: { href: fleetHref() } },
      el("span", { class: "brand-mark", attrs: { "aria-hidden": "true" } }),
      "Leasehold",
    ),
    el("nav", { class: "topnav" }, el("a", { attrs: { href: fleetHref() } }, "Fleet")),
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
    show(content) {
      main.replaceChildren(content);
      window.scrollTo(0, 0);
    },
  };
}
