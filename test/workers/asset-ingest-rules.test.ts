/** The ingest's pure rules: signatures, image headers, the allow-list, keys, event keys and sequencers. */
import { describe, expect, it } from 'vitest';
import { decodeEventKey, isNewerSequencer, normaliseSequencer } from '../../lambdas/workers/asset-ingest/event-key.js';
import { ALLOW_LIST, checkDeclared, checkStored, extensionFor } from '../../lambdas/library/allow-list.js';
import { assetIdOfKey, parseS3Uri, safeObjectName } from '../../lambdas/library/object-keys.js';
import { imageFacts, orientationOf, sniffMime } from '../../lambdas/library/sniff.js';
import { encodeEventKey } from '../../local/s3.js';
import { makeJpeg, makePng } from '../support/images.js';

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

function ftyp(major: string, ...compatible: string[]): Uint8Array {
  const size = 16 + 4 * compatible.length;
  return bytes([0, 0, 0, size], 'ftyp', major, [0, 0, 0, 0], ...compatible);
}

describe('sniffMime', () => {
  it.each([
    ['image/jpeg', makeJpeg(8, 8)],
    ['image/png', makePng(2, 2)],
    ['image/gif', bytes('GIF89a', [1, 0, 1, 0])],
    ['image/webp', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 ')],
    ['audio/wav', bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt ')],
    ['image/avif', ftyp('avif', 'mif1', 'miaf')],
    ['image/avif', ftyp('mif1', 'avif')],
    ['video/mp4', ftyp('isom', 'iso2', 'mp41')],
    ['video/quicktime', ftyp('qt  ')],
    ['video/quicktime', bytes([0, 0, 0, 8], 'wide')],
    ['audio/mp4', ftyp('M4A ', 'isom')],
    ['video/webm', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84], 'webm')],
    ['application/pdf', bytes('%PDF-1.7\n')],
    ['application/zip', bytes([0x50, 0x4b, 0x03, 0x04], 'tour/manifest.json')],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes([0x50, 0x4b, 0x03, 0x04], '[Content_Types].xml', 'word/document.xml')],
    ['audio/ogg', bytes('OggS', [0])],
    ['audio/flac', bytes('fLaC')],
    ['audio/mpeg', bytes('ID3', [4, 0])],
    ['audio/mpeg', bytes([0xff, 0xfb, 0x90, 0x00])],
  ])('recognises %s', (mime, content) => {
    expect(sniffMime(content)).toBe(mime);
  });

  it('recognises nothing in text, empty input, Matroska that is not WebM, or an unknown ftyp brand', () => {
    expect(sniffMime(bytes('hello, I am a PNG'))).toBeNull();
    expect(sniffMime(new Uint8Array())).toBeNull();
    expect(sniffMime(bytes([0x1a, 0x45, 0xdf, 0xa3], 'matroska'))).toBeNull();
    expect(sniffMime(ftyp('heic', 'mif1'))).toBeNull();
    // Looks like an MPEG sync but with the reserved layer bits: not audio.
    expect(sniffMime(bytes([0xff, 0xe0, 0, 0]))).toBeNull();
  });
});

describe('imageFacts', () => {
  it('reads width, height and orientation from PNG and JPEG headers', () => {
    expect(imageFacts(makePng(30, 20))).toEqual({ width: 30, height: 20, orientation: 'landscape' });
    expect(imageFacts(makeJpeg(16, 24))).toEqual({ width: 16, height: 24, orientation: 'portrait' });
    expect(imageFacts(makePng(7, 7))).toEqual({ width: 7, height: 7, orientation: 'square' });
  });

  it('needs only the header bytes, and says null when the header is cut off', () => {
    const png = makePng(300, 200);
    expect(imageFacts(png.subarray(0, 33))).toEqual({ width: 300, height: 200, orientation: 'landscape' });
    expect(imageFacts(png.subarray(0, 12))).toBeNull();
    const jpeg = makeJpeg(16, 24);
    expect(imageFacts(jpeg.subarray(0, 30))).toBeNull();
  });

  it('orients by the displayed shape', () => {
    expect(orientationOf(4, 3)).toBe('landscape');
    expect(orientationOf(3, 4)).toBe('portrait');
    expect(orientationOf(5, 5)).toBe('square');
  });
});

describe('allow-list', () => {
  it('accepts the listed types within the size limit, naming each bad field', () => {
    expect(checkDeclared('image', 'image/png', 25 * 1024 * 1024)).toEqual([]);
    expect(checkDeclared('image', 'image/png', 25 * 1024 * 1024 + 1).map((e) => e.path)).toEqual(['body.size_bytes']);
    expect(checkDeclared('image', 'image/svg+xml', 10).map((e) => e.path)).toEqual(['body.mime_type']);
    expect(checkDeclared('video', 'video/mp4', 2 * 1024 ** 3)).toEqual([]);
    expect(checkDeclared('pdf', 'application/zip', 10)[0]?.message).toBe('pdf accepts application/pdf');
    expect(extensionFor('video', 'video/quicktime')).toBe('mov');
    expect(extensionFor('audio', 'image/png')).toBeUndefined();
  });

  it('checks the stored object against the declaration: empty, too big, other size, unknown or other type', () => {
    const declared = { assetType: 'image' as const, mime: 'image/png', sizeBytes: 1000 };
    expect(checkStored(declared, { sizeBytes: 1000, sniffedMime: 'image/png' })).toBeNull();
    expect(checkStored(declared, { sizeBytes: 0, sniffedMime: null })).toBe('the object is empty');
    expect(checkStored(declared, { sizeBytes: ALLOW_LIST.image.maxBytes + 1, sniffedMime: 'image/png' })).toMatch(/at most 26214400 bytes/);
    expect(checkStored(declared, { sizeBytes: 999, sniffedMime: 'image/png' })).toBe('the object is 999 bytes but the upload declared 1000');
    expect(checkStored(declared, { sizeBytes: 1000, sniffedMime: null })).toMatch(/not a recognised image format/);
    expect(checkStored(declared, { sizeBytes: 1000, sniffedMime: 'image/jpeg' })).toBe('the content is image/jpeg but the upload declared image/png');
  });

  it('lists only types whose signature sniffMime knows (so every allowed type can be verified)', () => {
    const known = new Set([
      'image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'video/mp4', 'video/quicktime', 'video/webm',
      'audio/mpeg', 'audio/mp4', 'audio/wav', 'audio/ogg', 'audio/flac', 'application/pdf', 'application/zip',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    for (const type of Object.values(ALLOW_LIST)) for (const mime of Object.keys(type.mimeTypes)) expect(known.has(mime), mime).toBe(true);
  });
});

describe('object keys', () => {
  it('slugs the user filename and never keeps it raw', () => {
    expect(safeObjectName('Villa Azul — Pool (1).JPG', 'jpg')).toBe('villa-azul-pool-1.jpg');
    expect(safeObjectName('../../etc/passwd', 'png')).toBe('passwd.png');
    expect(safeObjectName('Ça été.exe.png', 'png')).toBe('ca-ete-exe.png');
    expect(safeObjectName('....', 'pdf')).toBe('asset.pdf');
    expect(safeObjectName('日本語.png', 'png')).toBe('asset.png');
    expect(safeObjectName('x'.repeat(300), 'mp4')).toBe(`${'x'.repeat(60)}.mp4`);
  });

  it('finds the asset uuid only in keys of the generated shape', () => {
    const id = '0190a5f0-1234-7000-8000-00000000abcd';
    expect(assetIdOfKey(`uploads/${id}/villa.jpg`)).toBe(id);
    expect(assetIdOfKey(`uploads/${id}/Villa Azul.jpg`)).toBeNull();
    expect(assetIdOfKey(`library/${id}/villa.jpg`)).toBeNull();
    expect(parseS3Uri('s3://bucket/uploads/a/b.png')).toEqual({ bucket: 'bucket', key: 'uploads/a/b.png' });
    expect(parseS3Uri('https://example.com/a.png')).toBeNull();
  });
});

describe('event keys and sequencers', () => {
  it('decodes notification keys: + is a space, %2B a plus', () => {
    const key = 'uploads/some dir/a+b (1).png';
    expect(encodeEventKey(key)).toBe('uploads/some+dir/a%2Bb+%281%29.png');
    expect(decodeEventKey(encodeEventKey(key))).toBe(key);
  });

  it('compares sequencers numerically after left-padding, and rejects non-hex', () => {
    const a = normaliseSequencer('FF')!;
    const b = normaliseSequencer('0193A1B2C3D4E5F600')!;
    expect(a).toHaveLength(64);
    expect(isNewerSequencer(b, a)).toBe(true);
    expect(isNewerSequencer(a, b)).toBe(false);
    expect(isNewerSequencer(b, b)).toBe(false);
    expect(isNewerSequencer(a, null)).toBe(true);
    expect(normaliseSequencer('00ff')).toBe(normaliseSequencer('FF'));
    expect(normaliseSequencer('xyz')).toBeNull();
    expect(normaliseSequencer(undefined)).toBeNull();
  });
});
