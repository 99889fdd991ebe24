/** Query strings read as URLSearchParams reads them, without its cost. */

/**
 * A query string's pairs exactly as URLSearchParams reads them. Node's
 * URLSearchParams costs more than the rest of building a list query, and a
 * list's query string is short and mostly plain, so plain pairs are split
 * here; percent escapes go through decodeURIComponent, and anything it refuses
 * (a stray `%`, bytes that are not UTF-8) goes back to URLSearchParams, which
 * reads those leniently.
 *
 * `leading`: how many leading `?` to drop: 1 is `new URLSearchParams(raw)`;
 * 2 (the list builder's) is `new URLSearchParams(raw.replace(/^\?/, ''))`, what its callers always got.
 */
export function parseQueryString(raw: string, leading: 1 | 2 = 2): Array<[string, string]> {
  const text = raw.replace(leading === 2 ? /^\?{1,2}/ : /^\?/, '');
  const pairs: Array<[string, string]> = [];
  const hasEscapes = text.includes('%') || text.includes('+');
  try {
    for (const part of text.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const name = eq === -1 ? part : part.slice(0, eq);
      const value = eq === -1 ? '' : part.slice(eq + 1);
      pairs.push(hasEscapes ? [decodeFormComponent(name), decodeFormComponent(value)] : [name, value]);
    }
  } catch {
    return [...new URLSearchParams(leading === 2 ? raw.replace(/^\?/, '') : raw)];
  }
  return pairs;
}

function decodeFormComponent(text: string): string {
  return decodeURIComponent(text.replaceAll('+', ' '));
}
