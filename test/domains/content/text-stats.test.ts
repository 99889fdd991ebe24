import { describe, expect, it } from 'vitest';
import { derivedTextStats, plainText, readingMinutes, wordCount } from '../../../lambdas/content/text-stats.js';
import { CONTENT_STATUSES, TRANSITIONS, allowedSources, isAllowed } from '../../../lambdas/content/workflow.js';

describe('word counts', () => {
  it('counts words, not markup', () => {
    expect(wordCount('')).toBe(0);
    expect(wordCount('  \n ')).toBe(0);
    expect(wordCount('# Title\n\n- one\n- two\n\n---\n\n| a | b |')).toBe(5);
    expect(wordCount('**bold** _it_ `code` ~~gone~~')).toBe(4);
    expect(wordCount('See [the villa](https://example.com/a/b?c=d) and ![pool view](img/pool.jpg).')).toBe(6);
    expect(wordCount('<p>Hello<br>world</p><script>var x = 1;</script><style>p{}</style><!-- note -->&nbsp;end')).toBe(3);
    expect(wordCount("Don't stop: a well-known 3.5-star café, 1,200 guests")).toBe(8);
    expect(wordCount('```ts\nconst a = 1;\n```')).toBe(3);
  });

  it('keeps link text and drops targets', () => {
    expect(plainText('[x](http://y)')).toBe('x');
  });

  it('reads at 200 words a minute, at least one minute for any words', () => {
    expect([0, 1, 200, 201, 400, 401].map(readingMinutes)).toEqual([0, 1, 1, 2, 2, 3]);
  });

  it('derives only what the write does not give', () => {
    expect(derivedTextStats({ title: 'x' })).toEqual({});
    expect(derivedTextStats({ content_body: 'a b c' })).toEqual({ word_count: 3, reading_time_min: 1 });
    expect(derivedTextStats({ content_body: 'a b c', word_count: 450 })).toEqual({ reading_time_min: 3 });
    expect(derivedTextStats({ content_body: 'a b c', reading_time_min: 9 })).toEqual({ word_count: 3 });
    expect(derivedTextStats({ content_body: null })).toEqual({ word_count: null, reading_time_min: null });
    expect(derivedTextStats({ word_count: 201 })).toEqual({ reading_time_min: 2 });
    expect(derivedTextStats({ word_count: 201, reading_time_min: 7 })).toEqual({});
  });
});

describe('status workflow table', () => {
  it('moves forward one step at a time, archives, and allows the documented backward moves only', () => {
    expect(TRANSITIONS).toEqual({
      draft: ['review', 'archived'],
      review: ['approved', 'draft'],
      approved: ['published', 'review', 'draft'],
      published: ['archived'],
      archived: ['draft'],
    });
    expect(allowedSources('published')).toEqual(['approved']);
    expect(allowedSources('draft')).toEqual(['review', 'approved', 'archived']);
    expect(isAllowed('draft', 'published')).toBe(false);
    expect(isAllowed(null, 'draft')).toBe(false);
    for (const s of CONTENT_STATUSES) expect(isAllowed(s, s)).toBe(false);
  });
});
