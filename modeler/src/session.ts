/** The API key of this browser tab: kept in sessionStorage only, so it is gone when the tab closes. */
const KEY = 'baton.apiKey';

export function storedKey(): string | undefined {
  try {
    return sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function storeKey(key: string | undefined): void {
  try {
    if (key) sessionStorage.setItem(KEY, key);
    else sessionStorage.removeItem(KEY);
  } catch {
    // storage disabled: the key lives as long as the page
  }
}
