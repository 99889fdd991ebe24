/** The README's answer comparison (test/readme/expected.ts) and the split into commands (extract.ts). */
import { describe, expect, it } from 'vitest';
import { compareAnswer, parsePattern } from './expected.js';
import { shellBlocks } from './extract.js';

describe('compareAnswer', () => {
  it('matches a JSON subset and says where it differs', () => {
    expect(compareAnswer('{"a":1,"b":{"c":"x"}}', '{"a":1,"b":{"c":"x","d":2},"e":3}', 200)).toBeUndefined();
    expect(compareAnswer('{"a":1,"b":{"c":"x"}}', '{"a":1,"b":{"c":"y"}}', 200)).toBe('$.b.c: expected "x", got "y"');
    expect(compareAnswer('{"a":1}', '{"b":1}', 200)).toBe('$.a: missing');
    expect(compareAnswer('{"a":1}', 'not json', 200)).toMatch(/^expected JSON/);
  });

  it('reads … as a value, a string wildcard, array elements and more members', () => {
    expect(compareAnswer('{"id":…,"code":"CON-0100…",…}', '{"id":"x","code":"CON-010001","more":true}', 200)).toBeUndefined();
    expect(compareAnswer('{"code":"CON-0100…"}', '{"code":"CMP-010001"}', 200)).toMatch(/expected "CON-0100…"/);
    expect(compareAnswer('[1,…]', '[1,2,3]', 200)).toBeUndefined();
    expect(compareAnswer('[…,3]', '[1,2,3]', 200)).toBeUndefined();
    expect(compareAnswer('[1,2]', '[1,2,3]', 200)).toBe('$: expected 2 elements, got 3');
    expect(compareAnswer('[2,…]', '[1,2,3]', 200)).toMatch(/^\$\[0\]: expected 2, got 1/);
    expect(parsePattern('{"a":[…]}')).toBeDefined();
  });

  it('compares text whole, with … for any characters', () => {
    expect(compareAnswer('active', 'active\n', undefined)).toBeUndefined();
    expect(compareAnswer('active', 'error', undefined)).toMatch(/expected the text "active"/);
    expect(compareAnswer('…Created 15 records…', '> npm\nDemo\nCreated 15 records through the API.', undefined)).toBeUndefined();
    expect(compareAnswer('2 read', '1 read', undefined)).toBeDefined();
  });

  it('checks a leading status against the last curl status, or one the command printed', () => {
    expect(compareAnswer('404 {"status":404}', '{"status":404}', 404)).toBeUndefined();
    expect(compareAnswer('404 {"status":404}', '{"status":404}', 200)).toBe('expected HTTP 404, got 200');
    expect(compareAnswer('200 {"stored":5}', '200 {"stored":5,"ignored":1}', undefined)).toBeUndefined();
    expect(compareAnswer('200 {"stored":5}', '401 {"message":"Unauthorized"}', undefined)).toBe('expected HTTP 200, got 401');
    // A bare three-digit number is a value, not a status.
    expect(compareAnswer('812', '812', undefined)).toBeUndefined();
  });
});

describe('shellBlocks', () => {
  const fence = '```';
  it('splits commands where bash can parse them and attaches each expected answer', () => {
    const md = [
      'text',
      `${fence}bash`,
      '# a comment',
      'A=1',
      "curl -s --json '{\"a\":1,",
      "  \"b\":2}' $API/x",
      '# → {"ok":true}',
      'for i in 1 2; do',
      '  echo $i',
      'done',
      fence,
      `${fence}bash aws`,
      'aws s3 ls',
      fence,
      `${fence}text`,
      'not run',
      fence,
    ].join('\n');
    const blocks = shellBlocks(md);
    expect(blocks.map((b) => b.aws)).toEqual([false, true]);
    expect(blocks[0]!.steps).toEqual([
      { line: 4, command: 'A=1' },
      { line: 5, command: 'curl -s --json \'{"a":1,\n  "b":2}\' $API/x', expected: '{"ok":true}' },
      { line: 8, command: 'for i in 1 2; do\n  echo $i\ndone' },
    ]);
  });

  it('refuses an answer without a command, and a command that never ends', () => {
    expect(() => shellBlocks(`${fence}bash\n# → 1\n${fence}`)).toThrow(/line 2: an expected answer with no command/);
    expect(() => shellBlocks(`${fence}bash\necho 'open\n${fence}`)).toThrow(/line 2: the command never ends/);
  });
});
