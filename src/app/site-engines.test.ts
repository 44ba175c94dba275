/**
 * The per-site writer lock: node state changes queue in an urgent lane that is served before any
 * lease work waiting for the same site, without interrupting the change that holds the lock.
 */
import { describe, expect, it } from "vitest";
import { SiteEngines } from "./site-engines.js";

describe("the site writer lock", () => {
  it("serves a waiting urgent change before queued lease work, each lane in arrival order", async () => {
    const engines = new SiteEngines({ nodesPerBlock: 1 });
    const order: string[] = [];
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holder = engines.exclusive("site_a", async () => {
      order.push("holder");
      await held;
      order.push("holder done");
    });
    const queued = [
      engines.exclusive("site_a", async () => order.push("lease 1")),
      engines.exclusive("site_a", async () => order.push("lease 2")),
      engines.exclusive("site_a", async () => order.push("urgent 1"), "urgent"),
      engines.exclusive("site_a", async () => order.push("lease 3")),
      engines.exclusive("site_a", async () => order.push("urgent 2"), "urgent"),
    ];
    // Another site's lock is its own: it does not wait for site_a's holder.
    await engines.exclusive("site_b", async () => order.push("other site"));
    release();
    await Promise.all([holder, ...queued]);
    expect(order).toEqual([
      "holder",
      "other site",
      "holder done",
      "urgent 1",
      "urgent 2",
      "lease 1",
      "lease 2",
      "lease 3",
    ]);
  });

  it("runs urgent and lease work one at a time", async () => {
    const engines = new SiteEngines({ nodesPerBlock: 1 });
    let inside = 0;
    let most = 0;
    const work = async () => {
      inside++;
      most = Math.max(most, inside);
      await new Promise((r) => setTimeout(r, 1));
      inside--;
    };
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => engines.exclusive("site_a", work, i % 3 ? "lease" : "urgent")),
    );
    expect(most).toBe(1);
  });
});
