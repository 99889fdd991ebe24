/**
 * List paging primitives: the `limit` parameter and the opaque keyset cursor.
 *
 * Lists never use OFFSET (it rescans skipped rows and shifts under concurrent
 * writes). A page ends with a cursor holding the sort key of its last row; the
 * next page asks for rows strictly after that key (list-query.ts builds the SQL).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { signingKey } from '../crypto/signing-secret.js';
import { ValidationError, type FieldError } from '../errors.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export type { FieldError };

/**
 * Invalid query parameters (limit, cursor, order, filters): a 422
 * ValidationError, so the shared problem+json mapping renders its field paths.
 */
export class QueryValidationError extends ValidationError {
  declare readonly errors: FieldError[];

  constructor(errors: readonly FieldError[]) {
    super([...errors], `The query has invalid parameters: ${errors.map((e) => e.path).join(', ')}.`);
  }
}

export function queryPath(parameter: string): string {
  return `query.${parameter}`;
}

/** `limit`: absent -> 50; otherwise a whole number from 1 to 200 written in plain digits. */
export function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  const value = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < 1 || value > MAX_LIMIT) {
    throw new QueryValidationError([
      { path: queryPath('limit'), message: `must be a whole number from 1 to ${MAX_LIMIT}` },
    ]);
  }
  return value;
}

/** A sort key value as the cursor carries it (text form of the column, or null). */
export type CursorValue = string | null;

export interface CursorPayload {
  /** Format version, so a future change can reject old cursors cleanly. */
  v: 1;
  /** The order the cursor was issued for, e.g. `created_at.desc,id.desc`. */
  o: string;
  /** Sort column values of the last row, in order-key order (the id excluded). */
  k: CursorValue[];
  /** The id of the last row (the tie breaker). */
  id: string;
  /** The list that issued it (e.g. its table and parent), when the caller names one: checked on the way back. */
  l?: string;
}

/*
 * The MAC keeps every value in a cursor as this API wrote it: a truncated,
 * edited or made-up cursor is refused with a clear 422 instead of paging from
 * a surprising place. Its key is derived from the stage's signing secret
 * (platform/crypto/signing-secret.ts), so nobody without that secret, the
 * repository's readers included, can make a cursor the API accepts, and a
 * cursor of one stage is refused by another.
 */
const cursorKey = (): Buffer => signingKey('list-cursor/v1');
const MAC_BYTES = 16;
const MAX_CURSOR_LENGTH = 4096;

function mac(body: string, key: string | Buffer): Buffer {
  return createHmac('sha256', key).update(body).digest().subarray(0, MAC_BYTES);
}

export function encodeCursor(payload: CursorPayload, key: string | Buffer = cursorKey()): string {
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${body}.${mac(body, key).toString('base64url')}`;
}

function invalidCursor(message: string): QueryValidationError {
  return new QueryValidationError([{ path: queryPath('cursor'), message }]);
}

function isCursorPayload(value: unknown): value is CursorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    p.v === 1 &&
    typeof p.o === 'string' &&
    typeof p.id === 'string' &&
    (p.l === undefined || typeof p.l === 'string') &&
    Array.isArray(p.k) &&
    p.k.every((x) => x === null || typeof x === 'string')
  );
}

/**
 * Decodes and checks a cursor. `expectedOrder` is the order of the current
 * request and `expectedList` (when the caller names its lists) the list: a
 * cursor issued for another list or order would page from a meaningless
 * place, so it is refused with a message saying which and how to recover.
 */
export function decodeCursor(raw: string, expectedOrder: string, key: string | Buffer = cursorKey(), expectedList?: string): CursorPayload {
  if (raw.length === 0 || raw.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(raw)) {
    throw invalidCursor('is not a cursor issued by this API');
  }
  const [body = '', tag = ''] = raw.split('.');
  const given = Buffer.from(tag, 'base64url');
  const expected = mac(body, key);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw invalidCursor('is not a cursor issued by this API (it was altered or truncated)');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor('is not a cursor issued by this API');
  }
  if (!isCursorPayload(payload)) throw invalidCursor('has an unsupported format; start again without a cursor');
  if (expectedList !== undefined && payload.l !== undefined && payload.l !== expectedList) {
    throw invalidCursor('belongs to another list; a cursor pages only the list that returned it (start again without a cursor)');
  }
  if (payload.o !== expectedOrder) {
    // Cursors issued before lists named themselves (no `l`) land here when they come from another list.
    throw invalidCursor(
      `was issued for another list or another order (order=${payload.o}); use next_cursor only with the list and order that returned it, or start again without a cursor`,
    );
  }
  return payload;
}
