/**
 * Keyset pages over rows held in memory: rows in (sort key, id) order, and a page starts after the
 * last row of the previous one, so a row inserted meanwhile neither repeats a row nor skips one
 * (an offset would do both).
 * @module
 */

/** Where a row sits in the order: its sort key (a name, an ISO 8601 instant), then its id. */
export interface KeysetPosition {
  key: string;
  id: string;
}

function compare(a: KeysetPosition, b: KeysetPosition): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/**
 * The first `limit` rows after `after` in (key, id) order, and the position to continue from
 * (null when no row follows the page).
 */
export function keysetPage<T>(
  rows: readonly T[],
  positionOf: (row: T) => KeysetPosition,
  page: { limit: number; after?: KeysetPosition | undefined },
): { rows: T[]; next: KeysetPosition | null } {
  const ordered = rows
    .map((row) => ({ row, at: positionOf(row) }))
    .sort((a, b) => compare(a.at, b.at))
    .filter(({ at }) => !page.after || compare(at, page.after) > 0);
  const taken = ordered.slice(0, page.limit);
  const last = taken[taken.length - 1];
  return { rows: taken.map(({ row }) => row), next: ordered.length > page.limit && last ? last.at : null };
}
