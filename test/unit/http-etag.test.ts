import { describe, expect, it } from 'vitest';
import { assertIfMatch, etagOf, ifMatchVersions, ifNoneMatchHits, versionEtag } from '../../lambdas/platform/http/etag.js';
import { PreconditionFailedError } from '../../lambdas/platform/errors.js';

const req = (ifMatch?: string) => ({ headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });

describe('etagOf', () => {
  it('is strong, stable for equal JSON and different for any change', () => {
    const a = etagOf({ id: 1, name: 'x' });
    expect(a).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(etagOf({ id: 1, name: 'x' })).toBe(a);
    expect(etagOf({ id: 1, name: 'y' })).not.toBe(a);
    expect(etagOf({ id: 10n })).toBe(etagOf({ id: '10' }));
  });
});

describe('assertIfMatch', () => {
  const current = etagOf({ v: 1 });
  it('lets a write through without the header, with the current tag, in a list, or with *', () => {
    expect(() => assertIfMatch(req(), current)).not.toThrow();
    expect(() => assertIfMatch(req(current), current)).not.toThrow();
    expect(() => assertIfMatch(req(`"a", ${current}`), current)).not.toThrow();
    expect(() => assertIfMatch(req('*'), current)).not.toThrow();
  });

  it('412 for a stale or weak tag, and for any If-Match on a missing resource', () => {
    expect(() => assertIfMatch(req('"old"'), current)).toThrow(PreconditionFailedError);
    expect(() => assertIfMatch(req(`W/${current}`), current)).toThrow(PreconditionFailedError);
    expect(() => assertIfMatch(req('*'), null)).toThrow(PreconditionFailedError);
    expect(() => assertIfMatch(req(), null)).not.toThrow();
  });
});

describe('ifNoneMatchHits', () => {
  it('compares weakly', () => {
    expect(ifNoneMatchHits('W/"abc"', '"abc"')).toBe(true);
    expect(ifNoneMatchHits('"x", "abc"', '"abc"')).toBe(true);
    expect(ifNoneMatchHits('*', '"abc"')).toBe(true);
    expect(ifNoneMatchHits('"abd"', '"abc"')).toBe(false);
    expect(ifNoneMatchHits(undefined, '"abc"')).toBe(false);
  });
});

describe('version ETags', () => {
  it('round-trip the versions a client sends back', () => {
    const updatedAt = '2025-06-01 10:11:12.123456';
    const tag = versionEtag(updatedAt);
    expect(tag).toMatch(/^"v\.[A-Za-z0-9_-]+"$/);
    expect(ifMatchVersions(req(tag))).toEqual([updatedAt]);
    expect(ifMatchVersions(req(`${versionEtag(3)}, "other", ${tag}`))).toEqual(['3', updatedAt]);
  });

  it('distinguish no header, any, and tags that are not versions', () => {
    expect(ifMatchVersions(req())).toBeUndefined();
    expect(ifMatchVersions(req('*'))).toBe('*');
    expect(ifMatchVersions(req('"abc"'))).toEqual([]);
  });
});
