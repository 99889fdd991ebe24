import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMIT,
  MAX_LIMIT,
  QueryValidationError,
  decodeCursor,
  encodeCursor,
  parseLimit,
  type CursorPayload,
} from '../../lambdas/platform/lists/pagination.js';
import { ValidationError } from '../../lambdas/platform/errors.js';
import { useSigningSecret } from '../../lambdas/platform/crypto/signing-secret.js';

function validationErrors(work: () => unknown): Array<{ path: string; message: string }> {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(QueryValidationError);
    // The shared problem+json mapping renders every HttpError; this one as a 422 with field paths.
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as QueryValidationError).status).toBe(422);
    return [...(error as QueryValidationError).errors];
  }
  throw new Error('expected a QueryValidationError');
}

describe('parseLimit', () => {
  it('defaults to 50 and accepts 1 to 200', () => {
    expect(parseLimit(undefined)).toBe(DEFAULT_LIMIT);
    expect(DEFAULT_LIMIT).toBe(50);
    expect(parseLimit('1')).toBe(1);
    expect(parseLimit('200')).toBe(MAX_LIMIT);
    expect(parseLimit('007')).toBe(7);
  });

  it.each(['0', '201', '-1', '1.5', '1e2', '', ' 5', 'abc', '0x10', '99999'])('rejects %j with the field path', (raw) => {
    const errors = validationErrors(() => parseLimit(raw));
    expect(errors).toEqual([{ path: 'query.limit', message: expect.stringContaining('1 to 200') }]);
  });
});

describe('cursor', () => {
  const payload: CursorPayload = { v: 1, o: 'created_at.desc,id.desc', k: ['2025-01-01 10:00:00.123456'], id: '0190a000-0000-7000-8000-000000000001' };

  it('round-trips and is opaque base64url', () => {
    const cursor = encodeCursor(payload);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('created_at');
    expect(decodeCursor(cursor, payload.o)).toEqual(payload);
  });

  it('refuses a cursor whose body was edited even by one character', () => {
    const cursor = encodeCursor(payload);
    const body = cursor.split('.')[0] ?? '';
    const forged = Buffer.from(JSON.stringify({ ...payload, id: '0190a000-0000-7000-8000-000000000002' })).toString('base64url');
    const flipped = `${body.slice(0, 5)}${body[5] === 'A' ? 'B' : 'A'}${body.slice(6)}.${cursor.split('.')[1]}`;
    for (const bad of [`${forged}.${cursor.split('.')[1]}`, flipped]) {
      expect(validationErrors(() => decodeCursor(bad, payload.o))).toEqual([
        { path: 'query.cursor', message: expect.stringContaining('altered') },
      ]);
    }
  });

  it.each(['garbage', 'a.b', '...', 'x'.repeat(5000), '%%%', cursorWithoutMac()])('refuses garbage %#', (raw) => {
    expect(validationErrors(() => decodeCursor(raw, payload.o))[0]?.path).toBe('query.cursor');
  });

  it('refuses a cursor signed with another key and one issued for another order', () => {
    expect(validationErrors(() => decodeCursor(encodeCursor(payload, 'other-key'), payload.o))[0]?.path).toBe('query.cursor');
    const errors = validationErrors(() => decodeCursor(encodeCursor(payload), 'title.asc,id.asc'));
    expect(errors[0]?.message).toContain('order=created_at.desc,id.desc');
    expect(errors[0]?.message).toContain('another list or another order');
  });

  it("refuses a cursor made under another stage's signing secret, and the old repository key no longer signs", () => {
    useSigningSecret(Buffer.alloc(32, 1));
    const issued = encodeCursor(payload);
    expect(decodeCursor(issued, payload.o)).toEqual(payload);
    // The fixed key this file used to hold: whoever read the repository could sign any cursor with it.
    expect(validationErrors(() => decodeCursor(encodeCursor(payload, 'mkt-list-cursor-v1'), payload.o))[0]?.message).toContain('altered');
    useSigningSecret(Buffer.alloc(32, 2));
    expect(validationErrors(() => decodeCursor(issued, payload.o))).toEqual([{ path: 'query.cursor', message: expect.stringContaining('altered') }]);
    expect(decodeCursor(encodeCursor(payload), payload.o)).toEqual(payload);
  });

  it('says a cursor belongs to another list when the lists name themselves', () => {
    const fromSegments = encodeCursor({ ...payload, l: 'segments' });
    expect(decodeCursor(fromSegments, payload.o, undefined, 'segments')).toEqual({ ...payload, l: 'segments' });
    const errors = validationErrors(() => decodeCursor(fromSegments, payload.o, undefined, 'content'));
    expect(errors).toEqual([{ path: 'query.cursor', message: expect.stringContaining('belongs to another list') }]);
  });

  it('refuses a correctly signed payload of the wrong shape', () => {
    const wrong = { v: 2, o: payload.o, k: [1], id: 5 } as unknown as CursorPayload;
    expect(validationErrors(() => decodeCursor(encodeCursor(wrong), payload.o))[0]?.message).toContain('unsupported format');
  });
});

function cursorWithoutMac(): string {
  return Buffer.from('{"v":1}').toString('base64url');
}
