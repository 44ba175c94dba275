/**
 * Usage held in Redis, shared by every server that points at it: one script call (one round trip)
 * per check or settle, over two keys that share the subject's hash tag, so a Redis Cluster keeps
 * them in one slot. Errors (Redis unreachable, a timeout) are thrown; the caller's failure policy
 * decides what a check answers then.
 * @module
 */
import type { Redis } from "ioredis";
import { SLOT_COUNT, type SlotLimits } from "./compiled-limits.js";
import { DEFAULT_RESERVATION_TTL_MS } from "./in-process-store.js";
import { LIMIT_SCRIPT } from "./limit-script.lua.js";
import type { LimitStore, StoredCheck } from "./limit-store.js";
import { type CheckCost, type SettleOutcome, type SubjectUsage, slotStatuses } from "./usage-meter.js";

type ScriptReply = (Buffer | number)[];

interface LimitScriptClient {
  /** The script with bulk replies as Buffers (the packed usage is binary). */
  leaseholdLimitBuffer(...keysThenArgs: (string | number)[]): Promise<ScriptReply>;
}

export class RedisStore implements LimitStore {
  readonly kind = "redis";
  private readonly client: LimitScriptClient;

  /** `prefix` namespaces the keys (several deployments on one Redis). */
  constructor(
    redis: Redis,
    private readonly reservationTtlMs = DEFAULT_RESERVATION_TTL_MS,
    private readonly prefix = "lh:",
  ) {
    if (!("leaseholdLimitBuffer" in redis))
      redis.defineCommand("leaseholdLimit", { numberOfKeys: 3, lua: LIMIT_SCRIPT });
    this.client = redis as unknown as LimitScriptClient;
  }

  private keys(subjectKey: string): [string, string, string] {
    const usage = this.prefix + subjectKey;
    return [usage, `${usage}:r`, `${usage}:a`];
  }

  async check(subjectKey: string, limits: SlotLimits, cost: CheckCost, nowMs: number): Promise<StoredCheck> {
    const args: (string | number)[] = [
      ...this.keys(subjectKey),
      "check",
      nowMs,
      this.reservationTtlMs,
      cost.inputTokens,
      cost.maxOutputTokens,
    ];
    for (let s = 0; s < SLOT_COUNT; s++) args.push(limits.limit[s] as number);
    const reply = await this.client.leaseholdLimitBuffer(...args);
    const packed = reply[5] as Buffer;
    const usage: SubjectUsage = {
      levels: new Float64Array(SLOT_COUNT),
      rates: new Float64Array(SLOT_COUNT),
      atMs: packed.readDoubleLE(0),
      reservations: [],
      nextReservation: 0,
      lastLimits: null,
    };
    for (let s = 0; s < SLOT_COUNT; s++) {
      usage.levels[s] = packed.readDoubleLE(8 * (3 + s));
      usage.rates[s] = packed.readDoubleLE(8 * (12 + s));
    }
    return {
      decision: {
        granted: reply[0] === 1,
        deniedSlot: Number(reply[1]),
        retryAfterMs: Number(reply[2]),
        exceedsLimit: reply[3] === 1,
        reservationId: Number(reply[4]),
      },
      statuses: slotStatuses(usage, limits, nowMs),
    };
  }

  async settle(
    subjectKey: string,
    reservationId: number,
    outputTokens: number,
    nowMs: number,
  ): Promise<SettleOutcome> {
    const reply = await this.client.leaseholdLimitBuffer(
      ...this.keys(subjectKey),
      "settle",
      nowMs,
      reservationId,
      outputTokens,
    );
    return reply[0] === 1 ? { settled: true, refundedTokens: Number(String(reply[1])) } : { settled: false };
  }
}
