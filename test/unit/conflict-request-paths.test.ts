/**
 * The error mapping names a constraint's columns by the request fields that
 * gave them (http/request-fields.ts): declared sources first, then a body
 * field of the same name, then a camelCase path parameter; nothing for a
 * column the client did not send. Exclusion violations are 409s like unique ones.
 */
import { describe, expect, it } from 'vitest';
import { ExclusionViolationError, postgresError } from '../../lambdas/platform/db/errors.js';
import { toHttpError } from '../../lambdas/platform/http/error-mapping.js';
import type { RequestTerms } from '../../lambdas/platform/http/request-fields.js';

const unique = (columns: string, constraint = 't_key') =>
  postgresError(`ERROR: duplicate key value violates unique constraint "${constraint}"\n  Detail: Key (${columns})=(1, 2) already exists.; SQLState: 23505`, 'DatabaseErrorException');
const paths = (error: unknown, terms?: RequestTerms) => toHttpError(error, terms)?.errors?.map((e) => e.path);

describe('conflict paths in the request\'s terms', () => {
  it('without a request (workers, scripts) a column is named as a body field, as before', () => {
    expect(paths(unique('a, b'))).toEqual(['body.a', 'body.b']);
  });

  it('declared sources win, in order: the first the request carries', () => {
    const terms: RequestTerms = {
      writes: { table: 'marketing.calendar_items', columns: { calendar_id: ['body.calendar_id', 'params.calendarId'], title: ['body.title'] } },
      params: { calendarId: 'CAL-010001', id: 'x' },
      body: { title: 'T' },
    };
    expect(paths(unique('calendar_id, title'), terms)).toEqual(['params.calendarId', 'body.title']);
    expect(paths(unique('calendar_id, title'), { ...terms, body: { title: 'T', calendar_id: 'CAL-010002' } })).toEqual(['body.calendar_id', 'body.title']);
  });

  it('an undeclared column is the body field of its name, else the camelCase path parameter, else not named', () => {
    const terms: RequestTerms = { params: { propertyId: 'p' }, body: { platform: 'instagram' } };
    expect(paths(unique('property_id, platform'), terms)).toEqual(['params.propertyId', 'body.platform']);
    expect(paths(unique('account_id, external_id'), terms)).toBeUndefined();
    expect(toHttpError(unique('account_id, external_id'), terms)?.message).toMatch(/same account_id, external_id already exists/);
  });

  it('a server column ([]) is never named, even if a body field of that name was sent', () => {
    const terms: RequestTerms = { writes: { table: 't', columns: { code: [] } }, params: {}, body: { code: 'X', name: 'N' } };
    expect(paths(unique('code, name'), terms)).toEqual(['body.name']);
  });

  it('maps an exclusion violation (23P01) to a 409 naming its columns as the request gave them', () => {
    const error = postgresError(
      'ERROR: conflicting key value violates exclusion constraint "property_content_one_hero_excl"\n  Detail: Key (property_id)=(0190) conflicts with existing key (property_id)=(0190).; SQLState: 23P01',
      'DatabaseErrorException',
    );
    expect(error).toBeInstanceOf(ExclusionViolationError);
    const mapped = toHttpError(error, { params: { propertyId: '0190' }, body: {} });
    expect(mapped?.status).toBe(409);
    expect(mapped?.errors).toEqual([{ path: 'params.propertyId', message: 'Conflicts with an existing record' }]);
    expect(mapped?.message).toMatch(/propertyId \(in the path\) conflicts with an existing record \(constraint property_content_one_hero_excl\)/);
  });

  it('foreign-key violations are named the same way', () => {
    const error = postgresError(
      'ERROR: insert or update on table "website_pages" violates foreign key constraint "website_pages_website_id_fkey"\n  Detail: Key (website_id)=(0190) is not present in table "websites".; SQLState: 23503',
      'DatabaseErrorException',
    );
    expect(paths(error, { writes: { table: 'marketing.website_pages', columns: { website_id: ['params.websiteId'] } }, params: { websiteId: 'WEB-1' }, body: {} })).toEqual(['params.websiteId']);
  });
});
