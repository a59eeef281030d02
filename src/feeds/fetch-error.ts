// Its own module so that the address check (address.ts) and the fetcher (http.ts) can both
// throw it without importing each other.

/** Why a fetch failed, in words for /readyz and the log. */
export class FetchError extends Error {}
