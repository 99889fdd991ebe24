/**
 * The per-item check of the ingest's hot path. The rules are the declared
 * item schemas (schemas.ts, also the OpenAPI document's). The quick check runs
 * them without event_data's byte cap and well-formedness walk, which are
 * checked on the JSON text the statement sends anyway (the cap's refine would
 * stringify each event_data once more, and the walk visits every string and
 * key for a lone surrogate: on the text that is one substring search), and it
 * stops at the first issue. An item the quick check does not accept is parsed
 * by the declared schema, which decides and words the errors exactly as before.
 *
 * zod's ahead-of-time compiler (`z.compile`) made the quick check ~4× cheaper
 * per item, but it adds ~31 KB to the bundle (its code generator), which put
 * this function over its size budget; without it the ingest is ~5% slower
 * (bench `ingest`).
 */
import * as z from 'zod/mini';
import { jsonObject } from '../platform/schemas.js';
import { batchEventInput, eventInput, EVENT_DATA_MAX_BYTES, type BatchEventInput, type EventInput } from './schemas.js';

/** The item schemas without event_data's byte cap and well-formedness walk (both checked below on the text). */
const uncappedData = { event_data: z.optional(z.nullable(jsonObject)) };
export const quickEvent = z.extend(eventInput, uncappedData);
export const quickBatchEvent = z.extend(batchEventInput, uncappedData);

export type CheckedEvent =
  | { ok: true; event: EventInput | BatchEventInput; /** event_data as JSON text, or null. */ data: string | null }
  | { ok: false; issues: z.core.$ZodIssue[] };

/** UTF-8 bytes within the cap; a UTF-16 unit is at most 3 bytes, so most texts need no counting. */
function dataWithinCap(text: string): boolean {
  return text.length * 3 <= EVENT_DATA_MAX_BYTES || Buffer.byteLength(text, 'utf8') <= EVENT_DATA_MAX_BYTES;
}

/**
 * Whether the JSON text may hold a lone surrogate or NUL. JSON.stringify
 * writes a well-formed pair as the character itself, a lone surrogate as an
 * escape `\ud800` to `\udfff` and NUL as `\u0000`; its only other `\u` escapes
 * are other control characters (`\u00XX`). So an absent `\ud` and `\u0000`
 * prove the text storable; a present one (rarely a literal backslash before
 * "ud") sends the item to the declared schema, which decides exactly.
 */
function mayHoldUnstorable(text: string): boolean {
  return text.includes('\\ud') || text.includes('\\u0000');
}

/**
 * Checks one item. `batch`: an item of the cross-campaign route (it names
 * its campaign). The fast path keeps the item as it came (JSON.parse output,
 * plain strings): what the declared schema would output for it is the same.
 */
export function checkEvent(item: unknown, batch: boolean): CheckedEvent {
  if (z.validate(batch ? quickBatchEvent : quickEvent, item)) {
    const data = item.event_data;
    if (data === undefined || data === null) return { ok: true, event: item as EventInput, data: null };
    // zod's record output drops an own `__proto__` key; such an item takes the declared schema's path and output.
    if (!Object.hasOwn(data, '__proto__')) {
      const text = JSON.stringify(data);
      if (dataWithinCap(text) && !mayHoldUnstorable(text)) return { ok: true, event: item as EventInput, data: text };
    }
  }
  const parsed = (batch ? batchEventInput : eventInput).safeParse(item);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues };
  const data = parsed.data.event_data;
  return { ok: true, event: parsed.data, data: data === undefined || data === null ? null : JSON.stringify(data) };
}
