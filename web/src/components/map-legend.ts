/**
 * The map's "Colour by" selector and its legend, with how many racks fall in each category.
 * @module
 */
import type { RackCell } from "../../../src/contract/generated/api.js";
import { countByCategory, type RackColouring } from "../charts/rack-colouring.js";
import { el } from "../element.js";
import { formatCount } from "../format.js";

export interface MapLegend {
  element: HTMLElement;
  /** Shows `colouring` as chosen among `choices` and its legend over `racks`. */
  update(colouring: RackColouring, racks: RackCell[], choices: readonly RackColouring[]): void;
}

/** `onChange` gets the id of the colouring the user picked. */
export function mapLegend(onChange: (id: string) => void): MapLegend {
  const select = el("select", {
    attrs: { id: "colour-by", "data-testid": "colour-by" },
    on: { change: () => onChange(select.value) },
  });
  const items = el("ul", { class: "legend", attrs: { "aria-label": "Map legend" } });
  const element = el(
    "div",
    { class: "map-controls" },
    el("label", { class: "colour-by", attrs: { for: "colour-by" } }, "Colour by", select),
    items,
  );
  return {
    element,
    update(colouring, racks, choices) {
      const ids = choices.map((c) => c.id).join(",");
      if (select.dataset.choices !== ids) {
        select.replaceChildren(...choices.map((c) => el("option", { attrs: { value: c.id } }, c.label)));
        select.dataset.choices = ids;
      }
      select.value = colouring.id;
      const counts = countByCategory(colouring, racks);
      items.dataset.colouring = colouring.id;
      items.replaceChildren(
        ...colouring.categories.map((c) =>
          el(
            "li",
            {
              class: c.detail ? "legend-rich" : "",
              attrs: { title: c.description, "data-category": c.key },
            },
            el("span", { class: "swatch", attrs: { style: `background:${c.colour}` } }),
            c.detail ? el("span", { class: "legend-name" }, el("b", {}, c.label), ` · ${c.detail}`) : c.label,
            el("span", { class: "legend-count" }, `${formatCount(counts.get(c.key) ?? 0)} racks`),
          ),
        ),
      );
    },
  };
}
