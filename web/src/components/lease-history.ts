/**
 * A lease's history: its amendments (versions, newest first) and its outbox events, side by side,
 * each as the sentence the server wrote for it ("Reserved at colossus-1 by operator (bootstrap)").
 * @module
 */
import type { LeaseHistory } from "../../../src/contract/generated/api.js";
import { el } from "../element.js";
import { formatCount, formatDateTime } from "../format.js";

/** Kinds of change whose reason a person wrote (the others are recorded by the server and in the sentence). */
const WRITTEN_REASONS = new Set(["notice", "cancel", "extend", "terminate_early", "upsize", "add_tranche"]);

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
              el("span", { class: "feed-sentence", attrs: { "data-kind": v.kind } }, v.summary),
              v.at,
              WRITTEN_REASONS.has(v.kind) && v.reason
                ? el("div", { class: "feed-detail muted" }, `Reason: ${v.reason}`)
                : null,
            ),
          ),
      )
    : el("p", { class: "empty" }, "No amendments.");
  const events = history.events.length
    ? el(
        "ol",
        { class: "feed", attrs: { "data-testid": "lease-events" } },
        ...[...history.events]
          .reverse()
          .map((e) =>
            feedItem(
              `#${e.id}`,
              el(
                "span",
                { class: "feed-sentence", attrs: { "data-topic": e.topic, title: e.topic } },
                e.summary,
              ),
              e.createdAt,
            ),
          ),
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
