/**
 * What a file is, from its first bytes (magic numbers), and an image's size
 * from its header (image-size reads headers only, no decoding). Labels
 * (extension, Content-Type) are never consulted here: they are what is checked.
 */
import { imageSize } from 'image-size';

/** Bytes read from the start of an object: enough for every signature below and most image headers. */
export const SNIFF_BYTES = 64 * 1024;
/** A second, larger read for JPEGs whose metadata (EXIF, ICC profiles) pushes the size header further in. */
export const SNIFF_BYTES_LARGE = 1024 * 1024;

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return Buffer.from(bytes.subarray(start, start + length)).toString('latin1');
}

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((b, i) => bytes[offset + i] === b);
}

/** ISO base media files (MP4, MOV, M4A, AVIF) name their kind in the `ftyp` box's brands. */
function isoBmff(bytes: Uint8Array): string | null {
  if (ascii(bytes, 4, 4) !== 'ftyp') {
    // Old QuickTime files start with other atoms.
    return ['moov', 'mdat', 'wide', 'free', 'skip', 'pnot'].includes(ascii(bytes, 4, 4)) ? 'video/quicktime' : null;
  }
  const boxSize = Buffer.from(bytes.subarray(0, 4)).readUInt32BE(0);
  const major = ascii(bytes, 8, 4);
  const compatible: string[] = [];
  for (let at = 16; at + 4 <= Math.min(boxSize, bytes.length); at += 4) compatible.push(ascii(bytes, at, 4));
  const brands = [major, ...compatible];
  if (major === 'avif' || major === 'avis' || (major === 'mif1' && brands.includes('avif'))) return 'image/avif';
  if (major === 'qt  ') return 'video/quicktime';
  if (major === 'M4A ' || major === 'M4B ') return 'audio/mp4';
  if (['isom', 'iso2', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'dash', 'M4V ', 'MSNV', '3gp4', '3gp5'].includes(major)) {
    return 'video/mp4';
  }
  return null;
}

/** Office Open XML files are ZIP archives whose first entries name the application's folder. */
function zipKind(bytes: Uint8Array): string {
  const head = ascii(bytes, 0, bytes.length);
  if (head.includes('word/')) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  if (head.includes('ppt/')) return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
  if (head.includes('xl/')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return 'application/zip';
}

/** The MIME type the bytes prove, or null when no known signature matches. */
export function sniffMime(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'image/webp';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE') return 'audio/wav';
  if (ascii(bytes, 0, 5) === '%PDF-') return 'application/pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return zipKind(bytes);
  if (ascii(bytes, 0, 4) === 'OggS') return 'audio/ogg';
  if (ascii(bytes, 0, 4) === 'fLaC') return 'audio/flac';
  if (ascii(bytes, 0, 3) === 'ID3') return 'audio/mpeg';
  // An MPEG audio frame header: 11 set sync bits, then a version and layer that are not "reserved".
  if (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0 && ((bytes[1] ?? 0) & 0x06) !== 0) return 'audio/mpeg';
  // EBML (Matroska family): WebM names its DocType in the header.
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return ascii(bytes, 0, 64).includes('webm') ? 'video/webm' : null;
  return isoBmff(bytes);
}

export type Orientation = 'landscape' | 'portrait' | 'square';

export interface ImageFacts {
  /** As displayed: EXIF orientations 5–8 (rotated 90°) swap the stored width and height. */
  width: number;
  height: number;
  orientation: Orientation;
}

export function orientationOf(width: number, height: number): Orientation {
  if (width === height) return 'square';
  return width > height ? 'landscape' : 'portrait';
}

/** Width, height and orientation from an image's header bytes; null when the header is not (fully) in `bytes`. */
export function imageFacts(bytes: Uint8Array): ImageFacts | null {
  try {
    const size = imageSize(bytes);
    if (!size.width || !size.height) return null;
    const rotated = (size.orientation ?? 1) >= 5;
    const width = rotated ? size.height : size.width;
    const height = rotated ? size.width : size.height;
    return { width, height, orientation: orientationOf(width, height) };
  } catch {
    return null;
  }
}
