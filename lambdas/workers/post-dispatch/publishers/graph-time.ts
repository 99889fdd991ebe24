/** Graph writes times as `2026-07-01T09:00:00+0000`; this reads them (and ISO 8601) as epoch ms. */
export function graphTimeMs(value: unknown): number {
  if (typeof value !== 'string') return Number.NaN;
  return Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
}

/** How far back from the attempt's start a reconcile still accepts a post as its own (clock skew). */
export const RECONCILE_SKEW_MS = 5 * 60_000;
