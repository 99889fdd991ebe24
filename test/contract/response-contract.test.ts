/**
 * The response check every test API response goes through (test/support/response-contract.ts)
 * catches what it is there to catch: undeclared statuses and media types, bodies off
 * their schema, ETags the document does not promise.
 */
import { describe, expect, it } from 'vitest';
import { contractBreaches, type ObservedResponse } from '../support/response-contract.js';

const problem = { type: 'urn:marketing-ops:problem:not-found', title: 'Not Found', status: 404, detail: 'No content CON-000001.' };
const page = { data: [], next_cursor: null };
const base = { contentType: 'application/json', etag: null } as const;

const check = (response: Partial<ObservedResponse> & Pick<ObservedResponse, 'method' | 'url' | 'status' | 'body'>) =>
  contractBreaches({ ...base, ...response });

describe('response contract check', () => {
  it('accepts a response as declared', () => {
    expect(check({ method: 'GET', url: '/v1/content?limit=5', status: 200, body: page })).toEqual([]);
    expect(check({ method: 'GET', url: '/v1/content/CON-000001', status: 404, contentType: 'application/problem+json', body: problem })).toEqual([]);
  });

  it('flags a body off its schema, naming where', () => {
    const breaches = check({ method: 'GET', url: '/v1/content', status: 200, body: { data: [{ id: 5 }], next_cursor: null } });
    expect(breaches.join('\n')).toMatch(/listContent.*body\/data\/0/);
    expect(check({ method: 'GET', url: '/v1/content/x', status: 404, contentType: 'application/problem+json', body: { title: 'x' } })).not.toEqual([]);
  });

  it('flags an undeclared status or media type', () => {
    expect(check({ method: 'GET', url: '/v1/content', status: 412, contentType: 'application/problem+json', body: problem })[0]).toMatch(/status 412 is not declared/);
    expect(check({ method: 'GET', url: '/v1/content', status: 200, contentType: 'text/html', body: '<p>' })[0]).toMatch(/text\/html is not declared/);
  });

  it('holds ETags to the document: a list has none, a resource has one', () => {
    expect(check({ method: 'GET', url: '/v1/content', status: 200, etag: '"abc"', body: page })[0]).toMatch(/etag: false/);
    const item = check({ method: 'GET', url: '/v1/websites/WEB-000001', status: 200, etag: null, body: {} });
    expect(item[0]).toMatch(/no ETag/);
  });

  it('checks problems of requests that match no operation, and refuses a success for them', () => {
    expect(check({ method: 'GET', url: '/v1/nothing-here', status: 404, contentType: 'application/problem+json', body: problem })).toEqual([]);
    expect(check({ method: 'GET', url: '/v1/nothing-here', status: 404, contentType: 'application/problem+json', body: { detail: 1 } })).not.toEqual([]);
    expect(check({ method: 'GET', url: '/v1/nothing-here', status: 200, body: {} })).not.toEqual([]);
  });
});
