/**
 * Entity tags. A read's ETag is a strong hash of the exact bytes sent, so
 * `etagOf(representation)` computed by a service for the current row matches
 * what a client got from GET, and a stale `If-Match` is caught (412).
 */
import { createHash } from 'node:crypto';
import { PreconditionFailedError } from '../errors.js';

const bigintAsText = (_key: string, v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);

/**
 * The JSON text the chain sends for a body; ETags hash this. A BigInt is
 * written as a string. Bodies rarely hold one, and a replacer costs a call per
 * value (18% of a 50-row list), so the plain stringify runs first; a BigInt
 * makes it throw, and only then does the replacer run. Either way the text is
 * what the replacer alone would give.
 */
export function serialiseJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (error instanceof TypeError) return JSON.stringify(value, bigintAsText);
    throw error;
  }
}

export function etagOfBytes(bytes: string | Uint8Array): string {
  return `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 32)}"`;
}

/** The ETag a GET returns for this JSON representation. */
export function etagOf(representation: unknown): string {
  return etagOfBytes(serialiseJson(representation));
}

function listedTags(header: string): string[] {
  return header
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

const opaque = (tag: string): string => tag.replace(/^W\//, '');

/**
 * RFC 9110 If-Match with strong comparison. No header: the write goes ahead
 * (If-Match is optional). `currentEtag` null means the resource does not exist,
 * which fails any If-Match, even `*`.
 */
export function assertIfMatch(
  request: { headers: Readonly<Record<string, string | undefined>> },
  currentEtag: string | null,
): void {
  const header = request.headers['if-match'];
  if (header === undefined || header.trim() === '') return;
  if (currentEtag === null) throw new PreconditionFailedError('The resource does not exist, so If-Match cannot hold.');
  const tags = listedTags(header);
  if (tags.includes('*')) return;
  const strong = !currentEtag.startsWith('W/');
  if (strong && tags.some((tag) => !tag.startsWith('W/') && tag === currentEtag)) return;
  throw new PreconditionFailedError();
}

/** RFC 9110 If-None-Match with weak comparison: true when the client's copy is current (answer 304). */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined || header.trim() === '') return false;
  const tags = listedTags(header);
  return tags.includes('*') || tags.some((tag) => opaque(tag) === opaque(etag));
}

/*
 * Conditional writes in one statement. Hashing a representation needs the
 * current row first (a second Data API call); a version ETag does not: GET
 * returns `versionEtag(row.updated_at)`, and PATCH/DELETE put the versions
 * from `ifMatchVersions(request)` into the statement's WHERE clause, then
 * throw PreconditionFailedError when the row exists but was not changed.
 */
const VERSION_PREFIX = 'v.';

/** A strong ETag for a row version (its `updated_at` text as the Data API returns it, or a version number). */
export function versionEtag(version: string | number): string {
  return `"${VERSION_PREFIX}${Buffer.from(String(version), 'utf8').toString('base64url')}"`;
}

/**
 * The row versions an `If-Match` names: undefined without the header
 * (unconditional write), `'*'` for any existing row, else the decoded versions
 * (empty when no tag is a version ETag, so nothing can match: 412 if the row exists).
 */
export function ifMatchVersions(request: { headers: Readonly<Record<string, string | undefined>> }): string[] | '*' | undefined {
  const header = request.headers['if-match'];
  if (header === undefined || header.trim() === '') return undefined;
  const tags = listedTags(header);
  if (tags.includes('*')) return '*';
  return tags
    .filter((tag) => tag.startsWith(`"${VERSION_PREFIX}`) && tag.endsWith('"'))
    .map((tag) => Buffer.from(tag.slice(VERSION_PREFIX.length + 1, -1), 'base64url').toString('utf8'))
    // A version is printable text; anything else cannot match a row (412) and must not reach SQL as a parameter.
    .filter((version) => /^[\x20-\x7e]{1,200}$/.test(version));
}
