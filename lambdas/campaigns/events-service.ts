/**
 * Bulk event ingest rules, on plain inputs: each event is checked on its own
 * (a bad one is reported by index, the others still stored), the good ones
 * go to the database in one call, and the database's per-row answers
 * (unknown campaign or contact) join the report.
 */
import { getExecutor } from '../platform/db/index.js';
import { NotFoundError, PayloadTooLargeError, ValidationError, type FieldError } from '../platform/errors.js';
import { escapeUnstorable } from '../platform/well-formed.js';
import { campaignWhere } from './repository.js';
import { insertEvents, type RejectReason } from './events-repository.js';
import { EventColumns, type ColumnValues, type EventValues } from './events-columns.js';
import { checkEvent } from './events-validator.js';
import type { BatchEventInput, EventInput } from './schemas.js';

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

/** A key holding a lone surrogate or NUL is named with it as `\uD800` / `\u0000`: the report itself stays storable text. */
function issuePath(base: string, index: number, segments: readonly PropertyKey[]): string {
  let path = `${base}[${index}]`;
  for (const s of segments) path += typeof s === 'number' ? `[${s}]` : `.${escapeUnstorable(String(s))}`;
  return path;
}

/** A validated event as the statement takes it: contacts and campaigns normalised for matching. */
function valuesOf(event: EventInput | BatchEventInput, data: string | null): EventValues {
  const values: EventValues = {
    // uuids compare lower-case; e-mail addresses are matched case-insensitively (lower(email) in SQL).
    contact: event.contact.toLowerCase(),
    event_type: event.event_type,
    event_timestamp: event.event_timestamp,
    data,
    channel: event.channel,
    device_type: event.device_type,
    location: event.location,
  };
  if ('campaign' in event) values.campaign = UUID.test(event.campaign) ? event.campaign.toLowerCase() : event.campaign.toUpperCase();
  return values;
}

const REASONS: Record<RejectReason, { field: string; message: string }> = {
  campaign: { field: 'campaign', message: 'No such campaign' },
  contact: { field: 'contact', message: 'No contact with this uuid or e-mail address' },
  ambiguous_contact: { field: 'contact', message: 'Several contacts have this e-mail address; give the contact uuid' },
};

/** The columns as they will travel: refused (413) when they would not fit in one Data API request. */
function sized(columns: EventColumns): ColumnValues {
  const { values, bytes } = columns.parameters();
  if (bytes > DATA_API_REQUEST_BYTES - ENVELOPE_BYTES) {
    throw new PayloadTooLargeError(
      `These events take ${bytes} bytes as the database parameters; one Data API request holds 4 MiB (${DATA_API_REQUEST_BYTES} bytes) ` +
        'with the SQL. Send fewer events per request. Nothing was stored.',
    );
  }
  return values;
}

/**
 * Ingests `events` (raw items of the body). `campaign`: the path's campaign
 * (events name none); omitted, each event names its campaign. `base` is the
 * field path of the list (`body.events`) for the error report.
 */
export async function ingestEvents(events: readonly unknown[], options: { campaign?: string; base: string }): Promise<IngestResult> {
  const where = options.campaign === undefined ? undefined : campaignWhere(options.campaign, 't');
  if (options.campaign !== undefined && !where) throw new NotFoundError(`No campaign ${options.campaign}.`);
  const batch = options.campaign === undefined;
  const errors: { index: number; error: FieldError }[] = [];
  const columns = new EventColumns(events.length);
  events.forEach((item, index) => {
    const checked = checkEvent(item, batch);
    if (checked.ok) columns.add(index, valuesOf(checked.event, checked.data));
    else
      for (const issue of checked.issues) {
        // Like the platform's validation: each unknown field is its own error at its own path.
        const at = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
        const message = issue.code === 'unrecognized_keys' ? 'Unknown field' : issue.message;
        for (const path of at) errors.push({ index, error: { path: issuePath(options.base, index, path), message } });
      }
  });
  let stored = 0;
  if (columns.count > 0) {
    const outcome = await insertEvents(getExecutor(), sized(columns), where ?? undefined);
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
