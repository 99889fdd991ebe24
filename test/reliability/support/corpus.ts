/**
 * The bad-input corpus, generated from the OpenAPI document: for every
 * operation, each path parameter, each query parameter and each top-level body
 * field gets values of the wrong type, NUL bytes, strings over their limit (or
 * over the body limit where the field has none) and nesting far past the JSON
 * depth limit; each body is also sent whole in broken shapes. A body case
 * changes one field of a valid body, so the case itself is what is wrong.
 */
import { MAX_BODY_BYTES } from '../../../lambdas/platform/http/body.js';
import { MAX_JSON_DEPTH } from '../../../lambdas/platform/http/json-depth.js';
import { resolve, typesOf, type JsonSchema, type Operation, type OpenApiDocument } from './json-schema.js';

export interface BadCase {
  operation: string;
  method: string;
  /** Path with query string. */
  url: string;
  /** Raw body text, when the case has one. */
  body?: string;
  contentType?: string;
  /** A body case must be refused (4xx); a query or path case must not fail (no 5xx), since some values are legal. */
  mustRefuse: boolean;
  what: string;
}

/** As deep as the nesting that once overflowed the stack (issue 13 item 4), far past MAX_JSON_DEPTH. */
const NESTING = Math.max(3_000, MAX_JSON_DEPTH * 10);
const NESTED = `${'['.repeat(NESTING)}${']'.repeat(NESTING)}`;
const PLACEHOLDER = '"__RELIABILITY_VALUE__"';

const WRONG_TYPES: Array<[string, unknown]> = [
  ['integer', 12345],
  ['number', 1.5],
  ['string', 'not-the-right-type'],
  ['boolean', true],
  ['object', { unexpected: 'object' }],
  ['array', ['unexpected', 'array']],
  ['null', null],
];

const PATH_VALUES = ['%00', 'x'.repeat(2000), "'%20OR%201%3D1--", '..%2F..%2Fetc%2Fpasswd', '%FF%FE'];
const QUERY_VALUES = ['%00', `eq.${'x'.repeat(4000)}`, 'zz.1', '1e999', 'in.(', 'eq.%FF'];

function bodyWith(base: Record<string, unknown>, key: string, raw: string): string {
  return JSON.stringify({ ...base, [key]: '__RELIABILITY_VALUE__' }).replace(PLACEHOLDER, raw);
}

function fieldCases(doc: OpenApiDocument, base: Record<string, unknown>, key: string, property: JsonSchema): Array<{ what: string; body: string; value?: unknown }> {
  const p = resolve(doc, property);
  const alternatives = (p.anyOf ?? p.oneOf ?? [p]).map((a) => resolve(doc, a));
  const types = new Set(alternatives.flatMap((a) => typesOf(a)));
  if (types.has('integer')) types.add('number');
  const out: Array<{ what: string; body: string; value?: unknown }> = [];
  for (const [type, value] of WRONG_TYPES) {
    if (types.has(type) || (type === 'integer' && types.has('number'))) continue;
    out.push({ what: `body.${key} as ${type}`, body: bodyWith(base, key, JSON.stringify(value)), value });
  }
  const text = alternatives.find((a) => typesOf(a).includes('string'));
  if (text) {
    out.push({ what: `body.${key} with NUL`, body: bodyWith(base, key, JSON.stringify('a\u0000b')) });
    const huge = text.maxLength !== undefined ? 'x'.repeat(text.maxLength + 1) : 'x'.repeat(MAX_BODY_BYTES);
    out.push({ what: `body.${key} ${huge.length} chars`, body: bodyWith(base, key, JSON.stringify(huge)), value: huge });
  }
  const numeric = alternatives.find((a) => typesOf(a).some((t) => t === 'integer' || t === 'number'));
  if (numeric) out.push({ what: `body.${key} 1e308`, body: bodyWith(base, key, '1e308'), value: 1e308 });
  out.push({ what: `body.${key} nested ${NESTING} deep`, body: bodyWith(base, key, NESTED) });
  return out;
}

export interface CorpusInput {
  doc: OpenApiDocument;
  operation: Operation;
  /** The concrete path (real parents and ids). */
  path: string;
  /** A valid body for it, or {} when none could be made. */
  base: unknown;
  /** Whether a body value is valid by the route's own schema (such cases are not bad input and are left out). */
  accepts(body: unknown): boolean;
}

export function casesFor(input: CorpusInput): BadCase[] {
  const { doc, operation, path, base } = input;
  const { method, op } = operation;
  const name = `${method} ${operation.path}`;
  const out: BadCase[] = [];
  const push = (c: Omit<BadCase, 'operation' | 'method'>) => out.push({ operation: name, method, ...c });

  // Path parameters: each one replaced, the others real.
  for (const param of (op.parameters ?? []).filter((p) => p.in === 'path')) {
    const real = path.split('/');
    for (const value of PATH_VALUES) {
      const built = operation.path.split('/').map((segment, i) => (segment === `{${param.name}}` ? value : real[i] ?? segment)).join('/');
      push({ url: built, what: `params.${param.name}=${value.slice(0, 20)}`, mustRefuse: false });
    }
  }

  // Query parameters (reads): each one with each bad value, nested and repeated forms, and an unknown one.
  if (method === 'GET') {
    const query = (op.parameters ?? []).filter((p) => p.in === 'query');
    for (const param of query) {
      for (const value of QUERY_VALUES) push({ url: `${path}?${encodeURIComponent(param.name)}=${value}`, what: `query.${param.name}=${value.slice(0, 20)}`, mustRefuse: false });
      push({ url: `${path}?${param.name}[a][b][c]=1`, what: `query.${param.name}[a][b][c]`, mustRefuse: false });
      push({ url: `${path}?${param.name}=1&${param.name}=2`, what: `query.${param.name} twice`, mustRefuse: false });
    }
    push({ url: `${path}?zz_unknown_parameter=1`, what: 'unknown query parameter', mustRefuse: false });
  }

  // Bodies: one field wrong at a time, then the whole body in broken shapes.
  const content = op.requestBody?.content ?? {};
  const jsonType = Object.keys(content).find((t) => /json/.test(t));
  if (jsonType) {
    const contentType = jsonType.includes('*') ? 'application/json' : jsonType;
    const schema = resolve(doc, content[jsonType]!.schema);
    const object = base && typeof base === 'object' && !Array.isArray(base) ? (base as Record<string, unknown>) : {};
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      for (const c of fieldCases(doc, object, key, property)) {
        // A value the route's schema accepts is not bad input (e.g. a number where any JSON is allowed).
        if (c.value !== undefined && input.accepts({ ...object, [key]: c.value })) continue;
        push({ url: path, body: c.body, contentType, what: c.what, mustRefuse: true });
      }
    }
    const whole: Array<[string, string]> = [
      ['not JSON', '{"unterminated": '],
      ['JSON null', 'null'],
      ['a string', '"text"'],
      ['nested arrays', NESTED],
      ['an unknown field', JSON.stringify({ ...object, zz_unknown_field: 1 })],
      ['a NUL in a key', JSON.stringify({ ...object, 'a\u0000b': 1 })],
    ];
    if (typesOf(schema).includes('object')) whole.push(['an array', '[]']);
    if (input.accepts({ ...object, zz_unknown_field: 1 })) whole.splice(4, 1);
    for (const [what, body] of whole) push({ url: path, body, contentType, what: `body ${what}`, mustRefuse: true });
    push({ url: path, body: JSON.stringify(object), contentType: 'text/plain', what: 'body as text/plain', mustRefuse: true });
  }
  return out;
}
