/**
 * queryPairs splits plain query strings itself (URLSearchParams is slow); the
 * pairs must be exactly URLSearchParams' for every kind of input.
 */
import { describe, expect, it } from 'vitest';
import { parseQueryString } from '../../lambdas/platform/http/query-string.js';
import { queryPairs } from '../../lambdas/platform/lists/list-query.js';

const CASES = [
  '',
  '?',
  'limit=50&order=id.desc',
  '?limit=50',
  '??limit=50',
  '???limit=50',
  'a=1&&b=2&',
  'flag&x=',
  '=v&k==v=w',
  'title=ilike.*villa*&status=in.(draft,review)',
  'tags=cs.%7Bsummer%7D&title=in.(%22a%2Cb%22%2Cc)',
  'q=a+b&q=c%2Bd&sp%20ace=x+y',
  'name=%C3%A9t%C3%A9&emoji=%F0%9F%8C%8A',
  'bad=%&worse=%zz&half=%C3',
  '?bad=%',
  '??bad=%',
  '???bad=%&x=1',
  'notutf8=%FF%FE&ok=1',
  'cursor=eyJ2IjoxfQ.abc-_&limit=7',
  'plain=é&x=\u{1F30A}',
];

describe('queryPairs on a raw query string', () => {
  it.each(CASES)('reads %j as URLSearchParams does', (raw) => {
    expect(queryPairs(raw)).toEqual([...new URLSearchParams(raw.replace(/^\?/, ''))]);
  });
});

describe('parseQueryString as the chain reads names (one leading ? dropped)', () => {
  it.each(CASES)('reads %j as new URLSearchParams(raw) does', (raw) => {
    expect(parseQueryString(raw, 1)).toEqual([...new URLSearchParams(raw)]);
  });
});
