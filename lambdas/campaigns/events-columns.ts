/**
 * The ingest's rows as the statement takes them, column by column, in the
 * forms that are cheapest on every leg of the one Data API call:
 *
 * - each text column (contact, campaign, event type, timestamp, channel,
 *   device type, location) as one PostgreSQL array literal
 *   (`{a,"b c",NULL}`), a plain string parameter cast in SQL (DATA_API.md:
 *   arrays travel as text literals and are cast);
 * - event_data as one JSON array (`[{…},null,…]`) sent as a blob: the SDK
 *   writes a blob as base64, while a string parameter has each of the JSON
 *   texts' quotes escaped once more into the request (a character-by-character
 *   slow path in the SDK's JSON writer, and again in the service's parser).
 *
 * Against the former single JSON document of row objects: no key names
 * repeated 10,000 times, and PostgreSQL splits literals and one JSON array
 * for about half of what building a 3 MB jsonb and taking records out of it
 * cost.
 *
 * Element `i` of every column is item `i` of the request: an item left out
 * (it failed validation) is NULL throughout, and the statement skips rows
 * without an event type. A text column that is NULL throughout is sent as
 * `{}` and event_data as `[]` (the statement pads shorter columns with NULL).
 */

/** One valid event, as validated (contact and campaign already normalised). */
export interface EventValues {
  /** A lower-case uuid, or a lower-case e-mail address (the only values with '@'). */
  contact: string;
  /** A lower-case uuid or an upper-case CMP-NNNNNN (batch route only). */
  campaign?: string;
  event_type: string;
  event_timestamp?: string;
  /** event_data as JSON text, or null. */
  data: string | null;
  channel?: string | null;
  device_type?: string | null;
  location?: string | null;
}

const NULL = 'NULL';
const SPECIAL = /["\\]/;
const SPECIALS = /["\\]/g;

/** A quoted array element: inside double quotes only `"` and `\` need a backslash. */
function quoted(value: string): string {
  return SPECIAL.test(value) ? `"${value.replace(SPECIALS, '\\$&')}"` : `"${value}"`;
}

/**
 * UTF-8 bytes of `text` written as a JSON string: its quotes, and a backslash
 * before each `"` and `\` and for control characters (the Data API request is
 * JSON, so each string parameter is escaped once more). Counted, not built.
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

/** Bytes of a blob as the request carries it: base64 in a JSON string. */
export function blobBytes(length: number): number {
  return 4 * Math.ceil(length / 3) + 2;
}

/** One text column's elements, NULL until set. */
class TextColumn {
  private readonly elements: string[];
  private filled = false;
  private quotedText = false;
  private lastText: string | undefined;
  private lastElement = NULL;

  constructor(size: number) {
    this.elements = new Array<string>(size).fill(NULL);
  }

  /** `bare`: a value that never needs quotes (a validated uuid, enum value, ISO timestamp or CMP- ID). */
  set(index: number, value: string | null | undefined, bare: boolean): void {
    if (value === null || value === undefined) return;
    this.filled = true;
    if (bare) {
      this.elements[index] = value;
      return;
    }
    this.quotedText = true;
    // Free text repeats (a channel, a device type): the last one's element is reused.
    if (value !== this.lastText) {
      this.lastText = value;
      this.lastElement = quoted(value);
    }
    this.elements[index] = this.lastElement;
  }

  /** The literal, and its bytes as it travels inside the Data API request's JSON. */
  literal(): { text: string; bytes: number } {
    if (!this.filled) return { text: '{}', bytes: 4 };
    const text = `{${this.elements.join(',')}}`;
    // Bare values are ASCII without `"` or `\`; free text may hold anything, so it is counted.
    return { text, bytes: this.quotedText ? jsonStringBytes(text) : text.length + 2 };
  }
}

/** event_data: one JSON array of the items' JSON texts (`null` for none), in UTF-8. */
class DataColumn {
  private readonly texts: string[];
  private filled = false;

  constructor(size: number) {
    this.texts = new Array<string>(size).fill('null');
  }

  set(index: number, text: string | null): void {
    if (text === null) return;
    this.filled = true;
    this.texts[index] = text;
  }

  blob(): { value: Buffer; bytes: number } {
    const value = Buffer.from(this.filled ? `[${this.texts.join(',')}]` : '[]', 'utf8');
    return { value, bytes: blobBytes(value.length) };
  }
}

/** The text columns, as the statement names its parameters. */
export const TEXT_COLUMNS = ['k', 'c', 't', 'ts', 'ch', 'dv', 'lo'] as const;
export type TextColumnName = (typeof TEXT_COLUMNS)[number];
/** Every parameter of the rows: the literals, and `d` (event_data, a blob). */
export type ColumnValues = Record<TextColumnName, string> & { d: Buffer };

export class EventColumns {
  private readonly text: Record<TextColumnName, TextColumn>;
  private readonly data: DataColumn;
  /** Events added (the other items stay NULL). */
  count = 0;

  constructor(size: number) {
    this.text = Object.fromEntries(TEXT_COLUMNS.map((name) => [name, new TextColumn(size)])) as Record<TextColumnName, TextColumn>;
    this.data = new DataColumn(size);
  }

  add(index: number, event: EventValues): void {
    this.count += 1;
    const { k, c, t, ts, ch, dv, lo } = this.text;
    // An e-mail address may hold any of `"\,{}` and spaces; a uuid never needs quotes.
    k.set(index, event.contact, !event.contact.includes('@'));
    c.set(index, event.campaign, true);
    t.set(index, event.event_type, true);
    ts.set(index, event.event_timestamp, true);
    ch.set(index, event.channel, false);
    dv.set(index, event.device_type, false);
    lo.set(index, event.location, false);
    this.data.set(index, event.data);
  }

  /** Every parameter, and their bytes as the request carries them. */
  parameters(): { values: ColumnValues; bytes: number } {
    const data = this.data.blob();
    const values = { d: data.value } as ColumnValues;
    let bytes = data.bytes;
    for (const name of TEXT_COLUMNS) {
      const literal = this.text[name].literal();
      values[name] = literal.text;
      bytes += literal.bytes;
    }
    return { values, bytes };
  }
}
