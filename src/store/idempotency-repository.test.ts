import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeBackends } from "../../test/support/databases.js";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  purgeIdempotencyKeys,
  releaseIdempotencyKey,
} from "./idempotency-repository.js";
import type { Database } from "./sql-client.js";

const request = (key: string, hash = "h1") => ({
  apiKeyId: "key_1",
  key,
  requestHash: hash,
  method: "POST",
  path: "/v1/leases",
});
const T0 = "2026-12-01T00:00:00.000Z";
const claim = (db: Database, key: string, hash = "h1", at = T0) =>
  claimIdempotencyKey(db, request(key, hash), at, "2026-11-30T00:00:00.000Z", "2026-11-30T23:55:00.000Z");

describe.each(storeBackends())("idempotency keys on $name", (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(async () => db?.close());

  it("a claimed key replays its stored response to the same request, refuses another", async () => {
    expect(await claim(db, "a")).toEqual({ kind: "claimed" });
    expect(await claim(db, "a")).toEqual({ kind: "in_progress" });
    await completeIdempotencyKey(
      db,
      "key_1",
      "a",
      { status: 201, contentType: "application/json", body: "{}" },
      T0,
    );
    expect(await claim(db, "a")).toEqual({
      kind: "replay",
      response: { status: 201, contentType: "application/json", body: "{}" },
    });
    expect(await claim(db, "a", "h2")).toEqual({ kind: "mismatch", method: "POST", path: "/v1/leases" });
  });

  it("a released claim, an abandoned one and an expired one can be claimed again", async () => {
    expect(await claim(db, "b")).toEqual({ kind: "claimed" });
    await releaseIdempotencyKey(db, "key_1", "b");
    expect(await claim(db, "b", "h2")).toEqual({ kind: "claimed" });
    // Claimed at 23:50 and never finished: abandoned by 23:55.
    expect(await claim(db, "c", "h1", "2026-11-30T23:50:00.000Z")).toEqual({ kind: "claimed" });
    expect(await claim(db, "c", "h2")).toEqual({ kind: "claimed" });
    expect(await claim(db, "d", "h1", "2026-11-29T12:00:00.000Z")).toEqual({ kind: "claimed" });
    await completeIdempotencyKey(
      db,
      "key_1",
      "d",
      { status: 200, contentType: "application/json", body: "1" },
      T0,
    );
    expect(await claim(db, "d", "h2")).toEqual({ kind: "claimed" });
  });

  it("purging forgets keys claimed before the cut-off", async () => {
    expect(await claim(db, "old", "h1", "2026-11-01T00:00:00.000Z")).toEqual({ kind: "claimed" });
    expect(await purgeIdempotencyKeys(db, "2026-11-15T00:00:00.000Z")).toBeGreaterThanOrEqual(1);
    expect(await claim(db, "old", "h9")).toEqual({ kind: "claimed" });
  });
});
