/**
 * Every response the test API returns is checked against the OpenAPI document
 * of the real route table (Ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses, with
 * formats): its status must be declared for the operation, its media type
 * declared for that status, and its body valid against the declared schema.
 * A response that breaks its contract fails the test that received it, so the
 * document cannot drift from what the API sends.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { routes } from '../../lambdas/app.js';
import { createRouter } from '../../lambdas/platform/http/router.js';
import { buildOpenApiDocument } from '../../lambdas/platform/openapi.js';

type MediaObject = { schema?: unknown };
type ResponseObject = { content?: Record<string, MediaObject> };
type Operation = { operationId: string; responses: Record<string, ResponseObject> };

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const DOCUMENT_ID = 'openapi.json';

let state: { ajv: Ajv2020; paths: Record<string, Record<string, Operation>>; router: ReturnType<typeof createRouter<(typeof routes)[number]>> } | undefined;
const compiled = new Map<string, ValidateFunction>();

function contract() {
  if (!state) {
    const document = buildOpenApiDocument({ routes }) as unknown as { paths: Record<string, Record<string, Operation>> };
    // strict: false because an OpenAPI document is more than a schema (paths, `example`, `x-` keys).
    const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true, validateFormats: true }));
    ajv.addSchema(document, DOCUMENT_ID);
    state = { ajv, paths: document.paths, router: createRouter(routes) };
  }
  return state;
}

/** A JSON pointer segment (`/` and `~` escaped). */
const pointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

function validatorAt(path: string[]): ValidateFunction {
  const ref = `${DOCUMENT_ID}#/${path.map(pointer).join('/')}`;
  let validate = compiled.get(ref);
  if (!validate) {
    validate = contract().ajv.compile({ $ref: ref });
    compiled.set(ref, validate);
  }
  return validate;
}

const essence = (mediaType: string): string => mediaType.split(';')[0]!.trim().toLowerCase();

export interface ObservedResponse {
  method: string;
  /** Path and query as requested. */
  url: string;
  status: number;
  contentType: string | null;
  etag: string | null;
  /** Parsed JSON for JSON media types, else the text. */
  body: unknown;
}

/** The contract breaches of one response (empty when it honours its operation's declaration). */
export function contractBreaches(response: ObservedResponse): string[] {
  const method = response.method.toUpperCase();
  // CORS preflights and HEAD are the gateway's, not operations.
  if (method === 'OPTIONS' || method === 'HEAD') return [];
  const pathname = new URL(response.url, 'http://x').pathname;
  const { router, paths } = contract();
  const match = router(method, pathname);
  const where = `${method} ${pathname} -> ${response.status}`;
  if (match.kind !== 'match') {
    // No operation (unknown path, wrong method): an error in the API's problem format or the gateway's.
    if (response.status < 400) return [`${where}: a success for a request that matches no operation`];
    if (response.contentType && essence(response.contentType) === 'application/problem+json') {
      const validate = validatorAt(['components', 'schemas', 'Problem']);
      return validate(response.body) ? [] : [`${where}: not a Problem: ${contract().ajv.errorsText(validate.errors)}`];
    }
    return [];
  }
  const documentedPath = match.route.clientPath ?? match.route.path;
  const operation = paths[documentedPath]?.[method.toLowerCase()];
  if (!operation) return [`${where}: ${documentedPath} ${method} is not in the OpenAPI document`];
  const declared = operation.responses[String(response.status)];
  if (!declared) {
    return [`${where}: status ${response.status} is not declared for ${operation.operationId} (declared: ${Object.keys(operation.responses).join(', ')})`];
  }
  if (method === 'GET' && response.status === 200) {
    const offers304 = operation.responses['304'] !== undefined;
    if (offers304 && !response.etag) return [`${where}: no ETag, but ${operation.operationId} offers If-None-Match/304 (declare the route \`etag: false\`)`];
    if (!offers304 && response.etag) return [`${where}: an ETag, but ${operation.operationId} is declared \`etag: false\``];
  }
  const content = declared.content;
  const hasBody = response.body !== '' && response.body !== undefined;
  if (!content) return hasBody ? [`${where}: a body, but ${operation.operationId} ${response.status} declares none`] : [];
  if (!response.contentType) return hasBody ? [`${where}: a body without Content-Type`] : [`${where}: no body, but ${operation.operationId} ${response.status} declares one`];
  const mediaType = Object.keys(content).find((m) => essence(m) === essence(response.contentType!));
  if (!mediaType) return [`${where}: Content-Type ${response.contentType} is not declared (declared: ${Object.keys(content).join(', ')})`];
  if (content[mediaType]?.schema === undefined) return [];
  const validate = validatorAt(['paths', documentedPath, method.toLowerCase(), 'responses', String(response.status), 'content', mediaType, 'schema']);
  if (validate(response.body)) return [];
  return (validate.errors ?? []).slice(0, 10).map((e) => `${where} (${operation.operationId}): body${e.instancePath} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`);
}

/** Throws when the response breaks its contract; the message lists every breach. */
export function assertHonoursContract(response: ObservedResponse): void {
  const breaches = contractBreaches(response);
  if (breaches.length > 0) throw new Error(`The response breaks the OpenAPI document:\n- ${breaches.join('\n- ')}`);
}
