/**
 * The map's "Colour by" selector and its legend, with how many racks fall in each category.
 * @module
 */
import type { TopologyRack } from "../api-types.js";
import { countByCategory, type RackColouring } from "../charts/rack-colouring.js";
import { el } from "../element.js";
import { formatCount } from "../format.js";

export interface MapLegend {
  element: HTMLElement;
  update(colouring: RackColouring, racks: TopologyRack[]): void;
}

export function mapLegend(
  colourings: readonly RackColouring[],
  onChange: (colouring: RackColouring) => void,
): MapLegend {
  const select = el(
    "select",
    {
      attrs: { id: "colour-by", "data-testid": "colour-by" },
      on: {
        change: () => {
          const chosen = colourings.find((c) => c.id === select.value);
          if (chosen) onChange(chosen);
        },
      },
    },
    ...colourings.map((c) => el("option", { attrs: { value: c.id } }, c.label)),
  );
  const items = el("ul", { class: "legend", attrs: { "aria-label": "Map legend" } });
  const element = el(
    "div",
    { class: "map-controls" },
    el("label", { class: "colour-by", attrs: { for: "colour-by" } }, "Colour by", select),
    items,
  );
  return {
    element,
    update(colouring, racks) {
      select.value = colouring.id;
      const counts = countByCategory(colouring, racks);
      items.replaceChildren(
        ...colouring.categories.map((c) =>
          el(
            "li",
            { attrs: { title: c.description, "data-category": c.key } },
            el("span", { class: "swatch", attrs: { style: `background:${c.colour}` } }),
            c.label,
            el("span", { class: "legend-count" }, `${formatCount(counts.get(c.key) ?? 0)} racks`),
          ),
        ),
      );
    },
  };
}
