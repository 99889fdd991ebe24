/**
 * Well-formed Unicode for values bound for PostgreSQL. A JavaScript string
 * may hold a lone UTF-16 surrogate (`"\uD800"`, a half of a pair), which
 * JSON.parse accepts from a `\ud800` escape, but which no UTF-8 text can
 * carry. The SDK sends it in the Data API request as the JSON escape
 * `\ud800`; in a jsonb value PostgreSQL then refuses it (22P02, failing the
 * whole statement), and a text parameter is silently altered (the local Data
 * API's pg encodes it as U+FFFD; the real service cannot store it as sent
 * either). So such a string is refused at the edge, with its path, like any
 * other invalid value.
 */

/** With the `u` flag a lone surrogate is a code point of category Cs; a well-formed pair is one astral code point, not Cs. */
const LONE_SURROGATE = /\p{Cs}/u;

export const NOT_WELL_FORMED = 'must be well-formed Unicode: it holds a lone UTF-16 surrogate (U+D800 to U+DFFF without its pair), which cannot be stored';
export const KEY_NOT_WELL_FORMED = `this key ${NOT_WELL_FORMED}`;
/** PostgreSQL's text and jsonb cannot hold U+0000 either (it is well-formed Unicode, but not storable). */
export const NUL_MESSAGE = 'Must not contain the NUL character (\\u0000)';

/** Whether a string or key holds U+0000. */
export function holdsNulCharacter(text: string): boolean {
  return text.includes('\u0000');
}

/** One regex test; true for every string PostgreSQL can store as it is. */
export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

// NUL is the point of this class: the lint rule against control characters in a regex does not apply.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /[\u0000\p{Cs}]/gu;

/** `text` with each lone surrogate and NUL written as `\uXXXX`, so a path naming one is itself storable (and readable). */
export function escapeUnstorable(text: string): string {
  return isWellFormed(text) && !holdsNulCharacter(text)
    ? text
    : text.replace(UNSTORABLE, (unit) => `\\u${unit.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

export interface IllFormed {
  /** Path from the value's root: object keys and array indexes. */
  path: (string | number)[];
  /** A key (the path ends at it) rather than a string value. */
  key: boolean;
}

/**
 * Every string value and object key of a JSON value (JSON.parse output) for
 * which `ok` fails, in document order. Bodies are depth-limited
 * (platform/http/json-depth.ts), so the recursion is bounded.
 */
function stringsFailing(value: unknown, ok: (text: string) => boolean, path: (string | number)[], found: IllFormed[]): IllFormed[] {
  if (typeof value === 'string') {
    if (!ok(value)) found.push({ path, key: false });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => stringsFailing(item, ok, [...path, index], found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (!ok(key)) found.push({ path: [...path, key], key: true });
      stringsFailing(item, ok, [...path, key], found);
    }
  }
  return found;
}

/** Every string value and object key that is not well-formed (a lone surrogate). */
export function illFormedStrings(value: unknown): IllFormed[] {
  return stringsFailing(value, isWellFormed, [], []);
}

/** Every string value and object key that holds U+0000. */
export function stringsWithNul(value: unknown): IllFormed[] {
  return stringsFailing(value, (text) => !holdsNulCharacter(text), [], []);
}
