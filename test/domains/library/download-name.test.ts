/** The saved name of a download: an extension of the detected type, and Content-Disposition as RFC 8187 and RFC 6266 say. */
import { describe, expect, it } from 'vitest';
import { attachmentDisposition, downloadFilename, rfc8187Value } from '../../../lambdas/library/download-name.js';

describe('downloadFilename', () => {
  it.each([
    ['Villa Azul — Pool (1).PNG', 'image/png', 'Villa Azul — Pool (1).PNG'],
    ['pool.jpeg', 'image/jpeg', 'pool.jpeg'],
    ['brochure.html', 'application/pdf', 'brochure.pdf'],
    ['invoice.exe', 'image/png', 'invoice.png'],
    ['report', 'application/pdf', 'report.pdf'],
    ['Villa v2.0', 'image/jpeg', 'Villa v2.0.jpg'],
    ['notes.backup-copy', 'application/zip', 'notes.backup-copy.zip'],
    ['../../etc/passwd', 'image/gif', 'passwd.gif'],
    ['tour.zip', 'application/zip', 'tour.zip'],
    ['deck.pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'deck.pptx'],
    ['clip.mov', 'video/mp4', 'clip.mp4'],
  ])('%s as %s -> %s', (name, mime, expected) => {
    expect(downloadFilename(name, mime)).toBe(expected);
  });

  it('keeps the name when no type was detected', () => {
    expect(downloadFilename('legacy.bin', null)).toBe('legacy.bin');
  });
});

describe('Content-Disposition', () => {
  it("percent-encodes every byte outside RFC 8187 attr-char, including ' ( ) * which encodeURIComponent leaves", () => {
    expect(rfc8187Value("O'Brien (draft)*.pdf")).toBe("UTF-8''O%27Brien%20%28draft%29%2A.pdf");
    expect(rfc8187Value('€ rates.pdf')).toBe("UTF-8''%E2%82%AC%20rates.pdf");
    expect(rfc8187Value("a!#$&+-.^_`|~z")).toBe("UTF-8''a!#$&+-.^_`|~z");
    expect(rfc8187Value('naïve 日本.png')).toBe("UTF-8''na%C3%AFve%20%E6%97%A5%E6%9C%AC.png");
  });

  it('gives an ASCII filename= fallback without quotes, backslashes or percent signs', () => {
    expect(attachmentDisposition('Pool "final" 50%\\x — é.jpg')).toBe(
      `attachment; filename="Pool _final_ 50__x _ _.jpg"; filename*=UTF-8''Pool%20%22final%22%2050%25%5Cx%20%E2%80%94%20%C3%A9.jpg`,
    );
  });
});
