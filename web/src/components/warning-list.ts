/**
 * A site's power warnings as prominent alert banners, with the excess in MW up front.
 * @module
 */
import type { SiteWarning } from "../../../src/contract/generated/api.js";
import { el } from "../element.js";
import { formatMw, powerSourceLabel } from "../format.js";

function headline(warning: SiteWarning): string {
  const subject = warning.source ? powerSourceLabel(warning.source) : "The site";
  const excess = formatMw(warning.excessMw);
  switch (warning.code) {
    case "INSTALLED_OVER_PERMIT":
      return `${subject} installed ${excess} beyond its permit`;
    case "DRAW_OVER_PERMIT":
      return `${subject} draws ${excess} more than permitted`;
    case "DESIGN_OVER_PERMIT":
      return `${subject} is designed for ${excess} more than permitted`;
  }
}

/** Nothing when there are no warnings. */
export function warningList(warnings: SiteWarning[]): HTMLElement | null {
  if (warnings.length === 0) return null;
  return el(
    "ul",
    { class: "warnings", attrs: { role: "alert" } },
    ...warnings.map((w) =>
      el(
        "li",
        { class: "warning", attrs: { "data-warning": w.code } },
        el("span", { class: "warning-icon", attrs: { "aria-hidden": "true" } }, "!"),
        el("div", {}, el("strong", {}, headline(w)), el("div", { class: "warning-detail" }, w.message)),
      ),
    ),
  );
}
