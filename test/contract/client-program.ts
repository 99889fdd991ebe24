/**
 * Writes a TypeScript program that calls every operation of an OpenAPI
 * document through openapi-fetch, with the path parameters, required query
 * parameters and a request body each declares (values sampled from the
 * schemas). Type-checking it with `strict` shows a generated client can call
 * every route as documented.
 */

type Schema = Record<string, unknown>;
interface Parameter { name: string; in: string; required?: boolean; schema?: Schema }
interface Operation { operationId: string; parameters?: Parameter[]; requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> } }
export interface Document { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } }

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function resolve(doc: Document, schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  const target = doc.components?.schemas?.[name];
  if (!target) throw new Error(`Unresolved ${ref}`);
  return resolve(doc, target);
}

/** A value of the schema's TypeScript type (only its type matters to the checker). */
export function sample(doc: Document, raw: Schema | undefined, depth = 0): unknown {
  if (!raw || depth > 12) return 'x';
  const schema = resolve(doc, raw);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options)) {
      const first = (options as Schema[]).find((o) => resolve(doc, o).type !== 'null') ?? (options as Schema[])[0];
      return sample(doc, { ...schema, [key]: undefined, ...first }, depth + 1);
    }
  }
  if (Array.isArray(schema.allOf)) return Object.assign({}, ...(schema.allOf as Schema[]).map((s) => sample(doc, s, depth + 1)));
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type];
  const type = types.find((t) => t !== 'null') ?? types[0];
  switch (type) {
    case 'string':
      return 'x';
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      return Array.from({ length: Math.max(min, 1) }, () => sample(doc, schema.items as Schema | undefined, depth + 1));
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = (schema.required ?? []) as string[];
      return Object.fromEntries(required.map((name) => [name, sample(doc, properties[name], depth + 1)]));
    }
    default:
      return 'x';
  }
}

function callOf(doc: Document, path: string, method: string, op: Operation): string {
  const params = op.parameters ?? [];
  const group = (where: string, all: boolean) =>
    Object.fromEntries(params.filter((p) => p.in === where && (all || p.required)).map((p) => [p.name, where === 'path' ? 'x' : sample(doc, p.schema)]));
  const pathParams = group('path', true);
  const query = group('query', false);
  const init: Record<string, unknown> = {};
  const paramsInit: Record<string, unknown> = {};
  if (Object.keys(pathParams).length > 0) paramsInit.path = pathParams;
  if (Object.keys(query).length > 0) paramsInit.query = query;
  if (Object.keys(paramsInit).length > 0) init.params = paramsInit;
  const json = op.requestBody?.content['application/json'];
  const other = op.requestBody ? Object.entries(op.requestBody.content).find(([type]) => type !== 'application/json') : undefined;
  if (json) init.body = sample(doc, json.schema);
  else if (other) init.body = sample(doc, other[1].schema);
  const args = [JSON.stringify(path), ...(Object.keys(init).length > 0 ? [JSON.stringify(init)] : [])];
  // The result's data is read, so its type must exist for every operation.
  return `  { const { data, error } = await client.${method.toUpperCase()}(${args.join(', ')}); void data; void error; } // ${op.operationId}`;
}

/** `calls.ts`: one typed call per operation of the document. */
export function everyRouteProgram(doc: Document): { source: string; operations: number } {
  const calls: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (op) calls.push(callOf(doc, path, method, op));
    }
  }
  const source = [
    "import createClient from 'openapi-fetch';",
    "import type { paths } from './api.js';",
    '',
    "const client = createClient<paths>({ baseUrl: 'http://localhost:3000' });",
    '',
    'export async function callEveryRoute(): Promise<void> {',
    ...calls,
    '}',
    '',
  ].join('\n');
  return { source, operations: calls.length };
}
