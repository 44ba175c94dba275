import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createLimiter, MemoryLimits, rateLimitHeaders, subjectKey } from "./index.js";

const limits = new MemoryLimits();
limits.publish("my-lab", [
  {
    plan: "pro",
    modelClass: "large",
    limits: [
      { dimension: "requests", window: "minute", limit: 2 },
      { dimension: "output_tokens", window: "five_hours", limit: 10_000 },
    ],
  },
]);

describe("the library entry point", () => {
  it("guards a Hono route as the README shows: 429 with retry-after once the plan's limit is spent", async () => {
    let nowMs = Date.UTC(2026, 11, 2, 12);
    const limiter = createLimiter({ limits, now: () => nowMs });
    const app = new Hono();
    app.use("/v1/messages", async (c, next) => {
      const verdict = limiter.check({
        tenantId: "my-lab",
        subject: c.req.header("x-user") ?? "anonymous",
        plan: "pro",
        modelClass: "large",
        inputTokens: 0,
        maxOutputTokens: 1_000,
      });
      const headers = rateLimitHeaders(
        verdict.limits,
        nowMs,
        verdict.granted ? undefined : verdict.retryAfterMs,
      );
      for (const [name, value] of Object.entries(headers)) c.header(name, value);
      if (!verdict.granted) return c.json({ error: `${verdict.dimension} per ${verdict.window}` }, 429);
      return next();
    });
    app.post("/v1/messages", (c) => c.json({ ok: true }));
    const send = () => app.request("/v1/messages", { method: "POST", headers: { "x-user": "ada" } });
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    const denied = await send();
    expect(denied.status).toBe(429);
    expect(denied.headers.get("retry-after")).toBe("30");
    expect(await denied.json()).toEqual({ error: "requests per minute" });
    nowMs += 30_000;
    expect((await send()).status).toBe(200);
  });

  it("gives the same answers on the allocation-free hot path as through check", () => {
    const nowMs = Date.UTC(2026, 11, 2, 12);
    const a = createLimiter({ limits, now: () => nowMs });
    const b = createLimiter({ limits, now: () => nowMs });
    const compiled = b.limitsFor("my-lab", "pro", "large");
    if (!compiled) throw new Error("the plan is published");
    const key = subjectKey("my-lab", "ada", "large");
    for (let i = 0; i < 4; i++) {
      const verdict = a.check({
        tenantId: "my-lab",
        subject: "ada",
        plan: "pro",
        modelClass: "large",
        inputTokens: 0,
        maxOutputTokens: 4_000,
      });
      expect(b.allow(key, compiled, 0, 4_000).granted).toBe(verdict.granted);
    }
  });
});
