/**
 * Where the dashboard keeps its API key: taken once from `#key=…`, then kept in localStorage.
 * @module
 */

const STORAGE_KEY = "leasehold.apiKey";

/**
 * Moves a key given in the URL fragment (`#key=lh_op_…`) into storage and strips it from the
 * address bar, so it does not linger in history or get copied with the link.
 */
export function adoptKeyFromFragment(): void {
  const match = /^#key=([^&]+)/.exec(window.location.hash);
  if (!match?.[1]) return;
  saveKey(decodeURIComponent(match[1]));
  history.replaceState(null, "", `${window.location.pathname}${window.location.search}#/`);
}

export function storedKey(): string | null {
  return localStorage.getItem(STORAGE_KEY);
}

export function saveKey(key: string): void {
  localStorage.setItem(STORAGE_KEY, key.trim());
}

export function clearKey(): void {
  localStorage.removeItem(STORAGE_KEY);
}
