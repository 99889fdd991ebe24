/** RFC 5545 text escaping and 75-octet line folding. */
import { describe, expect, it } from 'vitest';
import { CRLF, MAX_LINE_OCTETS, escapeText, foldLine } from '../../../lambdas/calendar-feeds/ical-text.js';

const octets = (s: string) => Buffer.byteLength(s, 'utf8');
const unfold = (folded: string) => folded.replace(/\r\n[ \t]/g, '');

describe('escapeText', () => {
  it('escapes backslash, semicolon and comma, and turns every kind of line break into \\n', () => {
    expect(escapeText('a\\b;c,d')).toBe('a\\\\b\\;c\\,d');
    expect(escapeText('one\r\ntwo\nthree\rfour')).toBe('one\\ntwo\\nthree\\nfour');
  });

  it('escapes a backslash before the characters it would otherwise escape (no double escaping)', () => {
    expect(escapeText('\\,')).toBe('\\\\\\,');
    expect(escapeText('\\n')).toBe('\\\\n');
  });

  it('drops control characters that TEXT cannot carry but keeps tabs and non-ASCII', () => {
    expect(escapeText('a\u0000b\u0007c\td\u007f é 🎉')).toBe('abc\td é 🎉');
  });

  it('leaves a colon and double quotes alone (they need no escaping in TEXT)', () => {
    expect(escapeText('Launch: "Summer" 10:00')).toBe('Launch: "Summer" 10:00');
  });
});

describe('foldLine', () => {
  it('leaves a line of exactly 75 octets unfolded and folds one of 76', () => {
    const exact = `SUMMARY:${'x'.repeat(MAX_LINE_OCTETS - 8)}`;
    expect(octets(exact)).toBe(75);
    expect(foldLine(exact)).toBe(exact);
    const over = `${exact}y`;
    expect(foldLine(over)).toBe(`${exact}${CRLF} y`);
  });

  it('keeps every physical line within 75 octets, counting the continuation space', () => {
    const line = `DESCRIPTION:${'abcdefghij'.repeat(40)}`;
    const physical = foldLine(line).split(CRLF);
    expect(physical.length).toBeGreaterThan(5);
    for (const [i, l] of physical.entries()) {
      expect(octets(l)).toBeLessThanOrEqual(MAX_LINE_OCTETS);
      if (i > 0) expect(l.startsWith(' ')).toBe(true);
    }
    // Lines are filled: only the last may be short.
    expect(physical.slice(0, -1).every((l) => octets(l) === MAX_LINE_OCTETS)).toBe(true);
    expect(unfold(foldLine(line))).toBe(line);
  });

  it('never splits a multi-byte character: 2-, 3- and 4-byte characters round-trip and every line is valid UTF-8', () => {
    // é (2 bytes), 日 (3 bytes), 🎉 (4 bytes, a surrogate pair in JavaScript): offsets drift so boundaries land mid-character.
    const line = `SUMMARY:${'é日🎉a'.repeat(30)}`;
    const folded = foldLine(line);
    const physical = folded.split(CRLF);
    for (const l of physical) {
      expect(octets(l)).toBeLessThanOrEqual(MAX_LINE_OCTETS);
      // Re-decoding the line's bytes is lossless only if no character was cut.
      expect(Buffer.from(l, 'utf8').toString('utf8')).toBe(l);
      expect(l).not.toMatch(/[\uD800-\uDBFF]$|^ ?[\uDC00-\uDFFF]/);
    }
    expect(unfold(folded)).toBe(line);
    // At least one line ends short of 75 because the next character did not fit whole.
    expect(physical.some((l, i) => i < physical.length - 1 && octets(l) < MAX_LINE_OCTETS)).toBe(true);
  });
});
