/**
 * The Data API's result size limits, counted on the data the database returns,
 * as AWS describes them, not on this endpoint's JSON encoding of it:
 * - "If the binary response data from the database is more than 1 MB, the call is
 *   terminated" (API_ExecuteStatement); "The response size limit is 1 MiB"
 *   (data-api.limitations). 50,000 small integers are ~250 KB of data even though
 *   their `{"longValue":…}` wrapping is larger than 1 MiB.
 * - "The Data API size limit is 64 KB per row in the result set returned by the
 *   database" (data-api.limitations): a bytea counts its bytes, not the hex text
 *   PostgreSQL prints for it.
 * - `formattedRecords` has a limit of its own: "The size limit for this field is
 *   currently 10 MB" (API_ExecuteStatement, response elements), since JSON
 *   repeats every column label on every row.
 */
import { badRequest } from './service-error.js';

/** Bytes of one value as the database holds it: bytea prints as `\x` + two hex digits a byte. */
export function valueBytes(text: string | null, typeName: string): number {
  if (text === null) return 0;
  if (typeName === 'bytea' && text.startsWith('\\x')) return (text.length - 2) / 2;
  return Buffer.byteLength(text);
}

/** Checks every row against the row limit and the whole result against the response limit. */
export function checkResultSize(
  rows: readonly (readonly (string | null)[])[],
  typeNames: readonly string[],
  limits: { maxRowBytes: number; maxResponseBytes: number },
): void {
  let total = 0;
  for (const row of rows) {
    const bytes = row.reduce((sum, v, i) => sum + valueBytes(v, typeNames[i] ?? ''), 0);
    if (bytes > limits.maxRowBytes) throw badRequest('Packet for query is too large');
    total += bytes;
    if (total > limits.maxResponseBytes) throw badRequest('Database returned more than the allowed response size limit');
  }
}
