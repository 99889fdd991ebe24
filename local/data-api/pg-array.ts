/**
 * Parses PostgreSQL's text output of an array (`{a,"b c",NULL}`) so the local
 * Data API can return `arrayValue`s. Nested braces mean a multidimensional
 * array, which the Data API does not support; the caller reports that.
 */

export interface ParsedArray {
  /** Elements of a one-dimensional array; null for SQL NULL. */
  elements: (string | null)[];
  multidimensional: boolean;
}

export function parsePgArray(text: string): ParsedArray {
  // Arrays with non-default bounds print as `[0:1]={...}`; the bounds do not matter here.
  let i = text.startsWith('[') ? text.indexOf('=') + 1 : 0;
  if (text[i] !== '{') throw new Error(`Not an array literal: ${text.slice(0, 40)}`);
  i++;
  const elements: (string | null)[] = [];
  if (text[i] === '{') return { elements: [], multidimensional: true };
  while (i < text.length && text[i] !== '}') {
    if (text[i] === '"') {
      let value = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\') i++;
        value += text[i] ?? '';
        i++;
      }
      i++; // closing quote
      elements.push(value);
    } else {
      let end = i;
      while (end < text.length && text[end] !== ',' && text[end] !== '}') end++;
      const raw = text.slice(i, end);
      elements.push(raw === 'NULL' ? null : raw);
      i = end;
    }
    if (text[i] === ',') i++;
  }
  return { elements, multidimensional: false };
}
