/** The window an availability timeline covers: a year from now unless asked otherwise, ten years at most. */
import { LeaseholdError } from "../shared/errors.js";

const DAY_MS = 86_400_000;

/** Availability windows: a year unless asked otherwise, ten years at most. */
const AVAILABILITY_WINDOW = { defaultDays: 365, maxDays: 3650 } as const;

/**
 * The window [from, until) asked for (ISO 8601 instants, normalised to UTC), `from` defaulting to
 * `now` and `until` to a year after `from`; refuses an empty window or one longer than ten years
 * (VALIDATION_FAILED naming `until` and its bound).
 */
export function availabilityWindow(
  asked: { from?: string; until?: string },
  now: string,
): { from: string; until: string } {
  const from = new Date(asked.from ?? now).toISOString();
  const until = asked.until
    ? new Date(asked.until).toISOString()
    : new Date(Date.parse(from) + AVAILABILITY_WINDOW.defaultDays * DAY_MS).toISOString();
  const latest = new Date(Date.parse(from) + AVAILABILITY_WINDOW.maxDays * DAY_MS).toISOString();
  if (until <= from || until > latest) {
    const bound = until <= from ? `> ${from}` : `<= ${latest} (${AVAILABILITY_WINDOW.maxDays} days)`;
    throw new LeaseholdError("VALIDATION_FAILED", `until must be ${bound} (got ${until})`, [
      { field: "until", message: `until must be ${bound}`, bound },
    ]);
  }
  return { from, until };
}
