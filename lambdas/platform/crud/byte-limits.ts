/**
 * Byte caps for zod fields. The Data API limits a result row to 64 KB of
 * bytes, while zod's .max() counts characters (a CJK character is 3 bytes in
 * UTF-8) and leaves JSON and arrays unbounded; capping a field's JSON text in
 * bytes keeps each field well inside a row. The writes also refuse a whole
 * row that would be too large (MAX_ROW_JSON_BYTES), so these caps only give
 * a clearer 422 with the field's path.
 */
import * as z from 'zod/mini';
import { withMeta } from '../schema-meta.js';

/** A cap for one JSON or array field: several fit in one row next to the long texts. */
export const FIELD_JSON_MAX_BYTES = 8000;

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
}

/**
 * The schema, refusing values whose text (strings) or JSON text (anything else)
 * exceeds maxBytes in UTF-8. OpenAPI has no byte length (`maxLength` counts
 * characters, and a character is 1 to 4 bytes), so the document carries the
 * cap as `x-max-bytes`; a string schema's own `.max()` stays the character cap.
 */
export function withinBytes<T extends z.ZodMiniType>(schema: T, maxBytes: number = FIELD_JSON_MAX_BYTES): T {
  return withMeta(schema.check(z.refine((value) => value === null || value === undefined || jsonBytes(value) <= maxBytes, {
      message: `must be at most ${maxBytes} bytes in UTF-8 (lists and objects as JSON)`,
    })), { 'x-max-bytes': maxBytes });
}
