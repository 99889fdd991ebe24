/**
 * Rows to work on, made the way a client would: for any create route of the
 * route table, a valid body synthesised from the OpenAPI document (checked
 * with the route's own zod schema), parents found or made first (a path's
 * `{websiteId}` or a body's `content_type_id` point at a real row, found
 * through the database's foreign keys). Tables no route creates (the external
 * stubs: properties, contacts) get a row by SQL, the smallest one their NOT
 * NULL columns allow.
 */
import { randomUUID } from 'node:crypto';
import { safeParse, type $ZodType as ZodType } from 'zod/v4/core';
import { routes } from '../../../lambdas/app.js';
import type { AppRoute } from '../../../lambdas/platform/route-table.js';
import { readCatalog, referencedTable, type Catalog } from './catalog.js';
import type { Answer, Client } from './client.js';
import { jsonBodySchema, resolve, typesOf, type OpenApiDocument } from './json-schema.js';
import type { ReliabilityStack } from './stack.js';
import { freshToken, synthesize } from './synth.js';

export interface World {
  doc: OpenApiDocument;
  catalog: Catalog;
  client: Client;
  /** The application's route table (lambdas/app.ts). */
  routes: readonly AppRoute[];
  /** Create routes: POST on a collection that also has `GET <collection>/{id}`. */
  createRoutes: AppRoute[];
  routeOf(method: string, path: string): AppRoute | undefined;
  /** The table a collection path lists (from its list route's declaration). */
  tableOf(collectionPath: string): string | undefined;
  /** A concrete path for a template: `{param}`s of parents resolved to real rows, `{id}` to `id` when given. */
  pathFor(template: string, id?: string, options?: Fresh): Promise<string>;
  /** A valid body for a route (undefined, with why, when none could be made). */
  bodyFor(route: AppRoute, options?: BodyOptions): Promise<{ body: unknown } | { why: string }>;
  /** Creates one row through `route`; the answer and the concrete collection path. */
  create(route: AppRoute, body?: unknown, options?: Fresh): Promise<{ answer: Answer<Record<string, unknown>>; path: string; body: unknown }>;
  /** Some row of a table (made when there is none), for a foreign key to point at. */
  idIn(table: string): Promise<string>;
}

/** `fresh`: parents made anew (or another existing row picked) rather than the shared ones, for a row that must not collide on a unique pair. */
export interface Fresh {
  fresh?: boolean;
  /** The operation's method, so a path parameter no row stands behind (`{date}`) is synthesised from its schema. */
  method?: string;
}

export interface BodyOptions extends Fresh {
  token?: string;
  /** Optional properties to include as well (e.g. the columns of a unique index). */
  include?: readonly string[];
  /** Values to use as they are (e.g. what a partial index's predicate asks for). */
  set?: Readonly<Record<string, unknown>>;
}

const camelToSnake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function validates(schema: ZodType | undefined, value: unknown): string | null {
  if (!schema) return null;
  const parsed = safeParse(schema, value);
  return parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}

export async function buildWorld(stack: ReliabilityStack, client: Client): Promise<World> {
  const doc = (await (await fetch(`${stack.url}/openapi.json`)).json()) as OpenApiDocument;
  const catalog = await readCatalog(stack.sql);
  const byKey = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  const routeOf = (method: string, path: string) => byKey.get(`${method} ${path}`);
  const tableOf = (collectionPath: string) => routeOf('GET', collectionPath)?.list?.table;
  const createRoutes = routes.filter((r) => r.method === 'POST' && routeOf('GET', `${r.path}/{id}`) && r.request?.body);
  const ids = new Map<string, Promise<string>>();

  async function sqlRow(table: string): Promise<string> {
    const columns = await stack.sql.query<{ name: string; type: string }>(
      `SELECT column_name AS name, data_type AS type FROM information_schema.columns
        WHERE table_schema || '.' || table_name = :t AND is_nullable = 'NO' AND column_default IS NULL ORDER BY ordinal_position`,
      { t: table },
    );
    const names: string[] = [];
    const values: string[] = [];
    for (const c of columns.rows) {
      const fk = referencedTable(catalog, table, c.name);
      names.push(c.name);
      if (fk) values.push(`'${await idIn(fk.references)}'`);
      else if (/char|text/.test(c.type)) values.push(`'reliability ${freshToken()}'`);
      else if (/int|numeric/.test(c.type)) values.push('1');
      else if (c.type === 'boolean') values.push('false');
      else if (/timestamp/.test(c.type)) values.push('now()');
      else if (c.type === 'date') values.push('current_date');
      else if (c.type === 'jsonb' || c.type === 'json') values.push(`'{}'`);
      else values.push('DEFAULT');
    }
    const insert = names.length ? `(${names.join(', ')}) VALUES (${values.join(', ')})` : 'DEFAULT VALUES';
    const { rows } = await stack.sql.query<{ id: string }>(`INSERT INTO ${table} ${insert} RETURNING id::text AS id`);
    return rows[0]!.id;
  }

  async function madeOrFound(table: string): Promise<string> {
    // A list names its key column (reference tables are keyed by code); a view may have none to read.
    const key = routes.find((r) => r.list?.table === table)?.list?.idColumn ?? 'id';
    const found = await stack.sql.query<{ id: string }>(`SELECT ${key}::text AS id FROM ${table} ORDER BY ${key} LIMIT 1`).catch(() => undefined);
    if (!found) return randomUUID();
    const { rows } = found;
    if (rows[0]) return rows[0].id;
    const route = creatorOfTable(table);
    if (route) {
      const { answer } = await create(route);
      if (answer.status === 201 && typeof answer.body.id === 'string') return answer.body.id;
    }
    // A row no route can make and SQL cannot either (a CHECK the generic insert misses): a uuid naming nothing.
    return sqlRow(table).catch(() => randomUUID());
  }

  function creatorOfTable(table: string): AppRoute | undefined {
    return routes.find((r) => r.method === 'POST' && r.request?.body && tableOf(r.path) === table);
  }

  /** Another parent row: a new one where a route makes them, else a random existing one, else one by SQL. */
  async function freshIdIn(table: string): Promise<string> {
    const route = creatorOfTable(table);
    if (route) {
      const { answer } = await create(route);
      if (answer.status === 201 && typeof answer.body.id === 'string') return answer.body.id;
    }
    const { rows } = await stack.sql.query<{ id: string }>(`SELECT id::text AS id FROM ${table} ORDER BY random() LIMIT 1`);
    return rows[0]?.id ?? sqlRow(table).catch(() => randomUUID());
  }

  function idIn(table: string): Promise<string> {
    let id = ids.get(table);
    if (!id) {
      id = madeOrFound(table);
      ids.set(table, id);
      id.catch(() => ids.delete(table));
    }
    return id;
  }

  /**
   * The table a path parameter names: the FK of its column (`websiteId` -> website_id), or of `<name>_id`
   * (`{channel}` -> channel_id, which takes a code or a uuid); when several tables have such a column,
   * the one in the schema of the route's module (`/v1/mkt/...`: public.mkt_*).
   */
  function referenceOfParam(table: string | undefined, param: string, template: string) {
    const column = camelToSnake(param);
    const direct = referencedTable(catalog, table, column) ?? referencedTable(catalog, table, `${column}_id`);
    if (direct) return direct;
    const candidates = catalog.foreignKeys.filter((f) => f.column === `${column}_id` && f.referencedColumn === 'id');
    const mkt = template.startsWith('/v1/mkt/');
    return candidates.find((f) => f.references.startsWith(mkt ? 'public.mkt_' : 'marketing.'));
  }

  /** A row made through a collection's create route, for parents whose table the route table does not name. */
  const collectionIds = new Map<string, Promise<string>>();
  function idInCollection(collection: string): Promise<string> {
    let id = collectionIds.get(collection);
    if (!id) {
      id = (async () => {
        const route = routeOf('POST', collection);
        if (!route) return randomUUID();
        const { answer } = await create(route);
        return typeof answer.body.id === 'string' ? answer.body.id : randomUUID();
      })();
      collectionIds.set(collection, id);
    }
    return id;
  }

  /** The table behind a template's parameter `{websiteId}`: the FK of the nearest collection's table. */
  async function pathFor(template: string, id?: string, options: Fresh = {}): Promise<string> {
    const parts = template.split('/');
    const out: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const param = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!param) {
        out.push(part);
        continue;
      }
      if (param === 'id' && id !== undefined) {
        out.push(encodeURIComponent(id));
        continue;
      }
      const parent = parts.slice(0, i).join('/');
      const table = tableOf(parts.slice(0, i + 2).join('/'));
      const fk = param === 'id' ? undefined : referenceOfParam(table, param, template);
      const parentTable = fk?.references ?? tableOf(parent);
      const paramSchema = options.method
        ? doc.paths[template]?.[options.method.toLowerCase()]?.parameters?.find((p) => p.in === 'path' && p.name === param)?.schema
        : undefined;
      if (parentTable) out.push(options.fresh ? await freshIdIn(parentTable) : await idIn(parentTable));
      else if (routeOf('POST', parent) || !paramSchema) out.push(await idInCollection(parent));
      else out.push(encodeURIComponent(String(await synthesize(paramSchema, param, { doc, token: freshToken(), uuidFor: async () => undefined }))));
    }
    return out.join('/');
  }

  async function bodyFor(route: AppRoute, options: BodyOptions = {}): Promise<{ body: unknown } | { why: string }> {
    const op = doc.paths[route.path]?.[route.method.toLowerCase()];
    const schema = op ? jsonBodySchema(doc, op) : undefined;
    if (!schema) return { why: 'no JSON body in the OpenAPI document' };
    const table = tableOf(route.path);
    const ctx = {
      doc,
      token: options.token ?? freshToken(),
      uuidFor: async (name: string) => {
        const fk = referencedTable(catalog, table, name);
        if (!fk || fk.referencedColumn !== 'id') return undefined;
        return options.fresh ? freshIdIn(fk.references) : idIn(fk.references);
      },
    };
    const made = async (extra: readonly string[]) => {
      const value = await synthesize(schema, 'body', ctx, [...extra, ...(options.include ?? [])]);
      return value && typeof value === 'object' && !Array.isArray(value) ? { ...value, ...(options.set ?? {}) } : value;
    };
    const minimal = await made([]);
    let why = validates(route.request?.body, minimal);
    if (!why) return { body: minimal };
    // A cross-field rule ("give one of a or b", "at least one field"): one optional property more, then all of
    // them. Plain text first: it carries this body's token, so two bodies made for one route differ.
    const plainText = (k: string) => {
      const p = resolve(doc, schema.properties?.[k]);
      return typesOf(p).includes('string') && !p.format && !p.enum && !p.pattern ? 0 : 1;
    };
    const optional = Object.keys(schema.properties ?? {})
      .filter((k) => !(schema.required ?? []).includes(k))
      .sort((a, b) => plainText(a) - plainText(b));
    for (const extra of [...optional.map((k) => [k]), optional]) {
      const candidate = await made(extra);
      const problem = validates(route.request?.body, candidate);
      if (!problem) return { body: candidate };
      why = problem;
    }
    return { why };
  }

  async function create(route: AppRoute, body?: unknown, options: Fresh = {}) {
    const path = await pathFor(route.path, undefined, { ...options, method: route.method });
    let sent = body;
    if (sent === undefined) {
      const made = await bodyFor(route, options);
      if ('why' in made) throw new Error(`no valid body for ${route.method} ${route.path}: ${made.why}`);
      sent = made.body;
    }
    const answer = await client.call<Record<string, unknown>>('POST', path, { as: 'admin', body: sent });
    return { answer, path, body: sent };
  }

  return { doc, catalog, client, routes, createRoutes, routeOf, tableOf, pathFor, bodyFor, create, idIn };
}
