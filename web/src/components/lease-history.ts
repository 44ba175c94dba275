/**
 * A lease's history: its amendments (versions, newest first, with who changed what and why) and
 * its outbox events, side by side.
 * @module
 */
import type { LeaseHistory } from "../../../src/contract/generated/api.js";
import { el } from "../element.js";
import { formatCount, formatDateTime } from "../format.js";

function changeText(change: LeaseHistory["versions"][number]["changes"][number]): string {
  const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
  return `${change.field}: ${show(change.from)} → ${show(change.to)}`;
}

/** "operator:bootstrap(key_01…)" → "operator:bootstrap": the key id stays in the title. */
function actorName(actor: string): string {
  return actor.replace(/\(.*\)$/, "");
}

/** The Amendments and Events cards in a two-column row; each says so when it is empty. */
export function leaseHistoryCards(history: LeaseHistory): HTMLElement {
  const feedItem = (badge: string, title: Node | string, at: string, ...lines: Array<Node | string | null>) =>
    el(
      "li",
      { class: "feed-item" },
      el("span", { class: "feed-badge" }, badge),
      el(
        "div",
        { class: "feed-body" },
        el("div", { class: "feed-head" }, title, el("time", { attrs: { datetime: at } }, formatDateTime(at))),
        ...lines,
      ),
    );
  const versions = history.versions.length
    ? el(
        "ol",
        { class: "feed", attrs: { "data-testid": "lease-versions" } },
        ...[...history.versions]
          .reverse()
          .map((v) =>
            feedItem(
              `v${v.version}`,
              el("b", {}, v.kind),
              v.at,
              el(
                "div",
                { class: "feed-detail" },
                v.reason,
                el("span", { class: "muted", attrs: { title: v.actor } }, ` · by ${actorName(v.actor)}`),
              ),
              ...v.changes.map((c) =>
                el("div", { class: "change", attrs: { title: changeText(c) } }, changeText(c)),
              ),
            ),
          ),
      )
    : el("p", { class: "empty" }, "No amendments.");
  const events = history.events.length
    ? el(
        "ol",
        { class: "feed", attrs: { "data-testid": "lease-events" } },
        ...[...history.events].reverse().map((e) => {
          const payload = JSON.stringify(e.payload);
          return feedItem(
            `#${e.id}`,
            el("code", {}, e.topic),
            e.createdAt,
            el("div", { class: "payload", attrs: { title: payload } }, payload),
          );
        }),
      )
    : el("p", { class: "empty" }, "No events.");
  return el(
    "div",
    { class: "two-col" },
    el(
      "section",
      { class: "card" },
      el(
        "header",
        { class: "card-header" },
        el("h2", {}, "Amendments"),
        el("span", { class: "muted" }, `${formatCount(history.versions.length)} versions`),
      ),
      versions,
    ),
    el(
      "section",
      { class: "card" },
      el(
        "header",
        { class: "card-header" },
        el("h2", {}, "Events"),
        el("span", { class: "muted" }, "outbox, newest first"),
      ),
      events,
    ),
  );
}
