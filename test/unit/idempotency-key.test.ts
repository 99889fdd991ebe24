import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../lambdas/platform/errors.js';
import { fingerprint, parseKey } from '../../lambdas/platform/idempotency/policy.js';
import { buildOpenApiDocument } from '../../lambdas/platform/openapi.js';
import { routes } from '../../lambdas/app.js';

describe('Idempotency-Key header', () => {
  it('reads the Structured Field string of the draft and the bare form clients send', () => {
    expect(parseKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseKey('"a \\"quoted\\" key"')).toBe('a "quoted" key');
    expect(parseKey(' padded ')).toBe('padded');
  });

  it('refuses empty, over-long, broken and non-printable keys', () => {
    for (const header of ['', '""', '"open', 'x'.repeat(256), 'caf\u00e9', 'a\tb']) expect(() => parseKey(header), header).toThrow(BadRequestError);
    expect(parseKey('x'.repeat(255))).toHaveLength(255);
  });
});

describe('request fingerprint', () => {
  it('changes with the method, the path and any byte of the body', () => {
    const body = Buffer.from('{"events":[]}');
    const base = fingerprint('POST', '/v1/x', body);
    expect(fingerprint('POST', '/v1/x', Buffer.from('{"events":[]}'))).toBe(base);
    expect(fingerprint('PUT', '/v1/x', body)).not.toBe(base);
    expect(fingerprint('POST', '/v1/y', body)).not.toBe(base);
    expect(fingerprint('POST', '/v1/x', Buffer.from('{"events": []}'))).not.toBe(base);
    expect(fingerprint('POST', '/v1/x', undefined)).toBe(fingerprint('POST', '/v1/x', Buffer.alloc(0)));
  });
});

describe('OpenAPI', () => {
  it('documents the Idempotency-Key header on exactly the routes that honour it', () => {
    const doc = buildOpenApiDocument({ routes }) as unknown as { paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>> };
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, op]) => op.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key'))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    const declared = routes.filter((r) => r.idempotent).map((r) => `${r.method} ${r.path}`);
    expect(documented.sort()).toEqual(declared.sort());
    expect(declared).toContain('POST /v1/campaigns/{id}/events');
  });
});
