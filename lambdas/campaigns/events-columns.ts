/**
 * The ingest's rows as the statement takes them: one PostgreSQL array literal
 * per column (`{a,"b c",NULL}`), each a plain string parameter cast in SQL
 * (`CAST(:d AS jsonb[])`) and zipped back into rows by a multi-argument
 * `unnest` (DATA_API.md: arrays travel as text literals and are cast). This
 * form, not one JSON document of row objects, because it is what is cheapest
 * on every leg of the one call: no key names repeated 10,000 times (~17%
 * fewer bytes for the SDK to escape, the Data API to parse and PostgreSQL to
 * read), and `array_in` splitting a literal costs PostgreSQL about half of
 * what building the 3 MB jsonb and taking records out of it did.
 *
 * Element `i` of every array is item `i` of the request: an item left out (it
 * failed validation) is NULL in every column, and the statement skips rows
 * without an event type. A column that is NULL throughout is sent as `{}`
 * (`unnest` pads shorter arrays with NULL).
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
 * JSON, so each parameter's text is escaped once more). Counted, not built.
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

/**
 * How an element is written: `bare` for values that never need quotes
 * (validated uuids, enum values, ISO timestamps, CMP- IDs), `json` for JSON
 * text (quoted; it holds no control characters), `text` for free text.
 */
type Kind = 'bare' | 'json' | 'text';

/** One column's elements, NULL until set. */
class Column {
  private readonly elements: string[];
  private filled = false;
  private freeText = false;
  /** `"` and `\` in the quoted JSON elements, counted as they are escaped. */
  private specials = 0;
  private lastText: string | undefined;
  private lastElement = NULL;

  constructor(size: number) {
    this.elements = new Array<string>(size).fill(NULL);
  }

  set(index: number, value: string | null | undefined, kind: Kind): void {
    if (value === null || value === undefined) return;
    this.filled = true;
    if (kind === 'bare') {
      this.elements[index] = value;
      return;
    }
    if (kind === 'json') {
      // JSON text holds no control characters and no lone surrogates (JSON.stringify escaped them), so
      // JSON.stringify of it escapes exactly `"` and `\`: the quoted element, written natively.
      const element = JSON.stringify(value);
      // The element's own quotes, and each escaped `"`/`\` (now two characters, both escaped again in JSON).
      this.specials += 2 + 2 * (element.length - 2 - value.length);
      this.elements[index] = element;
      return;
    }
    this.freeText = true;
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
    // Free text may hold control characters (escaped as \n or \u0001): counted over the literal.
    if (this.freeText) return { text, bytes: jsonStringBytes(text) };
    return { text, bytes: Buffer.byteLength(text, 'utf8') + 2 + this.specials };
  }
}

/** The parameters of the ingest statement, named as the SQL names them. */
export const COLUMNS = ['k', 'c', 't', 'ts', 'd', 'ch', 'dv', 'lo'] as const;
export type ColumnName = (typeof COLUMNS)[number];

export class EventColumns {
  private readonly columns: Record<ColumnName, Column>;
  /** Events added (the rest of the `size` elements stay NULL). */
  count = 0;

  constructor(size: number) {
    this.columns = Object.fromEntries(COLUMNS.map((name) => [name, new Column(size)])) as Record<ColumnName, Column>;
  }

  add(index: number, event: EventValues): void {
    this.count += 1;
    const { k, c, t, ts, d, ch, dv, lo } = this.columns;
    // An e-mail address may hold any of `"\,{}` and spaces; a uuid never needs quotes.
    k.set(index, event.contact, event.contact.includes('@') ? 'text' : 'bare');
    c.set(index, event.campaign, 'bare');
    t.set(index, event.event_type, 'bare');
    ts.set(index, event.event_timestamp, 'bare');
    d.set(index, event.data, 'json');
    ch.set(index, event.channel, 'text');
    dv.set(index, event.device_type, 'text');
    lo.set(index, event.location, 'text');
  }

  /** Every column's literal, and their bytes as the request carries them. */
  parameters(): { values: Record<ColumnName, string>; bytes: number } {
    const values = {} as Record<ColumnName, string>;
    let bytes = 0;
    for (const name of COLUMNS) {
      const literal = this.columns[name].literal();
      values[name] = literal.text;
      bytes += literal.bytes;
    }
    return { values, bytes };
  }
}
