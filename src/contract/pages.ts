/**
 * The clients' side of the API's one pagination convention (`limit` + `cursor` → `nextCursor`),
 * shared by the CLI and the dashboard: follow the cursors to list everything.
 * @module
 */

/** The largest page the API serves; the fewest requests when following every cursor. */
export const LARGEST_PAGE = 1000;

type Page<K extends string> = { nextCursor: string | null } & { [key in K]: unknown[] };

/**
 * Every row of a list: fetches the page at `from` (the first when undefined) and each next one,
 * joining their `key` rows into one answer of the same shape whose `nextCursor` is null.
 */
export async function everyPage<K extends string, P extends Page<K>>(
  key: K,
  fetchPage: (cursor: string | undefined) => Promise<P>,
  from?: string,
): Promise<P> {
  let page = await fetchPage(from);
  const rows: unknown[] = [...page[key]];
  while (page.nextCursor) {
    page = await fetchPage(page.nextCursor);
    rows.push(...page[key]);
  }
  return { ...page, [key]: rows, nextCursor: null };
}
