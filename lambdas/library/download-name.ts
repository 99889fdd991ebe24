/**
 * The name a downloaded file is saved under, and its Content-Disposition.
 *
 * The user's filename is metadata and can say anything (`brochure.html` for a
 * PDF); the saved file keeps the name but ends in an extension of the type the
 * ingest detected from the bytes, so the operating system opens it as what it
 * is. `filename*` carries the exact name as RFC 8187 encodes it (UTF-8, every
 * byte outside attr-char percent-encoded), `filename=` an ASCII fallback for
 * clients that do not read `filename*` (RFC 6266 section 4.3).
 */
import { ALLOW_LIST } from './allow-list.js';

/** MIME type -> the extensions that name it; the first is the one added. */
const EXTENSIONS: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const type of Object.values(ALLOW_LIST)) {
    for (const [mime, ext] of Object.entries(type.mimeTypes)) if (!map.has(mime)) map.set(mime, [ext]);
  }
  // Other spellings people and tools use for the same types.
  map.get('image/jpeg')?.push('jpeg', 'jpe');
  map.get('video/quicktime')?.push('qt');
  return map;
})();

/** An ending that reads as a file-type extension (`.html`, `.mp4`), not part of a name (`v2.0`). */
const TYPE_EXTENSION = /\.([A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*)$/;

export function downloadFilename(filename: string, detectedMime: string | null): string {
  const base = filename.split(/[\\/]/).pop() || 'download';
  const extensions = detectedMime ? EXTENSIONS.get(detectedMime) : undefined;
  if (!extensions) return base;
  const current = TYPE_EXTENSION.exec(base);
  if (current && extensions.includes(current[1]!.toLowerCase())) return base;
  const stem = current && current[1]!.length <= 5 ? base.slice(0, current.index) : base;
  return `${stem || 'download'}.${extensions[0]}`;
}

/** RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~". */
const ATTR_CHAR = /^[A-Za-z0-9!#$&+\-.^_`|~]$/;

export function rfc8187Value(value: string): string {
  let encoded = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    encoded += byte < 0x80 && ATTR_CHAR.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `UTF-8''${encoded}`;
}

export function attachmentDisposition(filename: string): string {
  // Quoted-string fallback: printable ASCII only, without the quote, backslash and percent (some clients decode %XX).
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=${rfc8187Value(filename)}`;
}
