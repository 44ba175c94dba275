/**
 * "Did you mean": the names closest to a misspelled one, by edit distance, for not-found messages.
 * The caller passes only the names the asker may see, so a suggestion never reveals another's.
 * @module
 */

/**
 * Levenshtein distance between `a` and `b` (insertions, deletions and substitutions, each 1),
 * ignoring case: `H100` and `h100` are the same name to a person typing it.
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[t.length] ?? 0;
}

/**
 * The candidates within a typo's reach of `input`, closest first (ties by name), at most `max`:
 * a distance of at most a third of the input's length (at least 1, at most 3), so `colosus-1`
 * finds `colossus-1` while `lab` does not suggest every three-letter name.
 */
export function closestNames(input: string, candidates: Iterable<string>, max = 3): string[] {
  const reach = Math.min(3, Math.max(1, Math.floor(input.length / 3)));
  const scored: { name: string; distance: number }[] = [];
  for (const name of new Set(candidates)) {
    if (name === input) continue;
    const distance = editDistance(input, name);
    if (distance <= reach) scored.push({ name, distance });
  }
  scored.sort((x, y) => x.distance - y.distance || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return scored.slice(0, max).map((s) => s.name);
}

/** `; did you mean colossus-1?` (or `a or b`), or "" when nothing is close: appended to a not-found message. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  return suggestionHint(closestNames(input, candidates));
}

/** `; did you mean a, b or c?` for suggestions already chosen, or "" for none. */
export function suggestionHint(names: readonly string[]): string {
  if (names.length === 0) return "";
  const last = names[names.length - 1];
  const head = names.slice(0, -1);
  return `; did you mean ${head.length ? `${head.join(", ")} or ${last}` : last}?`;
}
