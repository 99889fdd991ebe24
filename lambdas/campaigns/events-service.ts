/**
 * Bulk event ingest rules, on plain inputs: each event is checked on its own
 * (a bad one is reported by index, the others still stored), the good ones
 * go to the database in one call, and the database's per-row answers
 * (unknown campaign or contact) join the report.
 */
import { getExecutor } from '../platform/db/index.js';
import type { SqlValue } from '../platform/db/executor.js';
import { NotFoundError, PayloadTooLargeError, ValidationError, type FieldError } from '../platform/errors.js';
import { campaignWhere } from './repository.js';
import { insertEvents, rowsParameter, type EventRow, type RejectReason } from './events-repository.js';
import { batchEventInput, eventInput, type BatchEventInput, type EventInput } from './schemas.js';

/** The Data API's request limit (DATA_API.md): the rows, the SQL and the request envelope share it. */
export const DATA_API_REQUEST_BYTES = 4 * 1024 * 1024;
/** Room left in that request for the SQL text (≤ 64 KiB) and the JSON envelope. */
const ENVELOPE_BYTES = 80 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface IngestResult {
  received: number;
  stored: number;
  rejected: number;
  errors: FieldError[];
}

function issuePath(base: string, index: number, segments: readonly PropertyKey[]): string {
  let path = `${base}[${index}]`;
  for (const s of segments) path += typeof s === 'number' ? `[${s}]` : `.${String(s)}`;
  return path;
}

function toRow(index: number, event: EventInput | BatchEventInput): EventRow {
  const row: EventRow = { i: index, t: event.event_type };
  if (UUID.test(event.contact)) row.ku = event.contact.toLowerCase();
  else row.ke = event.contact.toLowerCase();
  if ('campaign' in event) {
    if (UUID.test(event.campaign)) row.cu = event.campaign.toLowerCase();
    else row.cb = event.campaign.toUpperCase();
  }
  if (event.event_timestamp !== undefined) row.ts = event.event_timestamp;
  if (event.event_data !== undefined) row.d = event.event_data;
  if (event.channel !== undefined) row.ch = event.channel;
  if (event.device_type !== undefined) row.dv = event.device_type;
  if (event.location !== undefined) row.lo = event.location;
  return row;
}

const REASONS: Record<RejectReason, { field: string; message: string }> = {
  campaign: { field: 'campaign', message: 'No such campaign' },
  contact: { field: 'contact', message: 'No contact with this uuid or e-mail address' },
  ambiguous_contact: { field: 'contact', message: 'Several contacts have this e-mail address; give the contact uuid' },
};

/**
 * UTF-8 bytes of `text` written as a JSON string: its quotes, and a backslash
 * before each `"` and `\` (the rows' JSON has no raw control characters or
 * lone surrogates, JSON.stringify escaped them; they are counted anyway).
 * Counted, not built: JSON.stringify of a 3 MB text only to measure it cost
 * ~10 ms per 10,000 events.
 */
export function jsonStringBytes(text: string): number {
  let extra = 2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) extra += 1;
    else if (c < 0x20) extra += c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d ? 1 : 5;
  }
  return Buffer.byteLength(text, 'utf8') + extra;
}

/** The rows as they will travel: refused (413) when they would not fit in one Data API request. */
function sized(rows: EventRow[]): SqlValue {
  const parameter = rowsParameter(rows);
  // The parameter is a JSON string inside the request's JSON, so its quotes and backslashes are escaped once more.
  const text = typeof parameter === 'object' && parameter !== null && 'value' in parameter ? parameter.value : '';
  const bytes = jsonStringBytes(text);
  if (bytes > DATA_API_REQUEST_BYTES - ENVELOPE_BYTES) {
    throw new PayloadTooLargeError(
      `These events take ${bytes} bytes as the database parameter; one Data API request holds 4 MiB (${DATA_API_REQUEST_BYTES} bytes) ` +
        'with the SQL. Send fewer events per request. Nothing was stored.',
    );
  }
  return parameter;
}

/**
 * Ingests `events` (raw items of the body). `campaign`: the path's campaign
 * (events name none); omitted, each event names its campaign. `base` is the
 * field path of the list (`body.events`) for the error report.
 */
export async function ingestEvents(events: readonly unknown[], options: { campaign?: string; base: string }): Promise<IngestResult> {
  const where = options.campaign === undefined ? undefined : campaignWhere(options.campaign, 't');
  if (options.campaign !== undefined && !where) throw new NotFoundError(`No campaign ${options.campaign}.`);
  const schema = options.campaign === undefined ? batchEventInput : eventInput;
  const errors: { index: number; error: FieldError }[] = [];
  const rows: EventRow[] = [];
  events.forEach((item, index) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) rows.push(toRow(index, parsed.data));
    else
      for (const issue of parsed.error.issues) {
        // Like the platform's validation: each unknown field is its own error at its own path.
        const at = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
        const message = issue.code === 'unrecognized_keys' ? 'Unknown field' : issue.message;
        for (const path of at) errors.push({ index, error: { path: issuePath(options.base, index, path), message } });
      }
  });
  let stored = 0;
  if (rows.length > 0) {
    const outcome = await insertEvents(getExecutor(), sized(rows), where ?? undefined);
    if (!outcome.campaignFound) throw new NotFoundError(`No campaign ${options.campaign ?? ''}.`);
    stored = outcome.stored;
    for (const { index, reason } of outcome.rejected) {
      const { field, message } = REASONS[reason];
      errors.push({ index, error: { path: `${options.base}[${index}].${field}`, message } });
    }
  }
  errors.sort((a, b) => a.index - b.index);
  const report = errors.map((e) => e.error);
  if (stored === 0) throw new ValidationError(report, 'No event was stored; see errors.');
  return { received: events.length, stored, rejected: new Set(errors.map((e) => e.index)).size, errors: report };
}
