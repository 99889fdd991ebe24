/**
 * RFC 5545 content-line mechanics: TEXT value escaping (§3.3.11) and line
 * folding (§3.1). Kept apart from the calendar model so both can be tested on
 * their own.
 */

/** Longest content line in octets, not counting the CRLF (§3.1). */
export const MAX_LINE_OCTETS = 75;

export const CRLF = '\r\n';

/**
 * Escapes a TEXT value: backslash, semicolon and comma get a backslash, any
 * line break becomes `\n`. Other control characters (except HTAB) are not
 * allowed in TEXT at all (TSAFE-CHAR excludes CONTROL), so they are dropped.
 */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n|\r|\n/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '') // eslint-disable-line no-control-regex
    .replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/**
 * Folds one content line so no physical line exceeds 75 octets of UTF-8: a
 * continuation starts with one space, which counts toward its 75. Breaks
 * fall between code points, never inside a multi-byte character.
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= MAX_LINE_OCTETS) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = MAX_LINE_OCTETS;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = MAX_LINE_OCTETS - 1; // the leading space of the continuation
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

