/**
 * Renders a lease quote for the API: each month's charge and the total as exact decimal strings.
 * @module
 */

import type { z } from "@hono/zod-openapi";
import type { Quote } from "../app/lease-quote.js";
import { wireAmount } from "../shared/money.js";
import type { QuoteSchema } from "./capacity-schemas.js";

export function quoteView(quote: Quote): z.infer<typeof QuoteSchema> {
  const { schedule, totalMicros, ...rest } = quote;
  return {
    ...rest,
    // A month's GPU-hours stay far below 2^53 (a 10M-GPU portfolio runs ~7.4e9 in a month).
    schedule: schedule.map((m) => ({
      month: m.month,
      amount: wireAmount(m.micros),
      gpuHours: Number(m.gpuHours),
    })),
    total: wireAmount(totalMicros),
  };
}
