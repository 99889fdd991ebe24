/**
 * A small route table and its implementations for testing the HTTP chain and
 * the local HTTP API without depending on any real domain. Widgets live in a
 * Map: what is under test is the chain around them, not storage.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { RouteDefinition } from '../../lambdas/platform/http/route.js';
import { DatabaseResumingError, StatementTimeoutError, postgresError } from '../../lambdas/platform/db/errors.js';
import { createDomainHandler } from '../../lambdas/platform/http/domain-handler.js';
import type { DomainHandler } from '../../lambdas/platform/http/domain-handler.js';
import { assertIfMatch, etagOf } from '../../lambdas/platform/http/etag.js';
import { NotFoundError } from '../../lambdas/platform/errors.js';
import { defineDomain } from '../../lambdas/platform/http/domain.js';
import { route, type ApiRoute } from '../../lambdas/platform/http/route.js';
import { checkRouteTable, gatewayRoutes, type AppRoute, type GatewayRoute } from '../../lambdas/platform/route-table.js';
import { created, noContent, ok } from '../../lambdas/platform/http/result.js';

const WidgetId = z.object({ id: z.uuid() });
const Widget = z.object({ id: z.uuid(), name: z.string(), tags: z.array(z.string()), size: z.enum(['s', 'm', 'l']) });
const NewWidget = z.object({
  name: z.string().min(1).max(40),
  tags: z.array(z.string().min(1)).max(3).default([]),
  size: z.enum(['s', 'm', 'l']).default('m'),
  dimensions: z.strictObject({ width: z.number().positive(), height: z.number().positive() }).optional(),
});
const WidgetPatch = z.object({ name: z.string().min(1).max(40).optional(), tags: z.array(z.string()).optional() });
const ListQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), size: z.enum(['s', 'm', 'l']).optional() });
export const FAILURE_KINDS = [
  'not-found',
  'unique',
  'fk-missing',
  'fk-referenced',
  'check',
  'not-null',
  'resuming',
  'timeout',
  'internal',
] as const;

export const listWidgets = {
  method: 'GET', path: '/v1/widgets', auth: 'jwt', role: 'viewer',
  operationId: 'listWidgets', summary: 'List widgets', tags: ['widgets'],
  request: { query: ListQuery },
  responses: { 200: { description: 'Widgets', schema: z.object({ data: z.array(Widget) }) } },
} satisfies RouteDefinition;

export const getWidget = {
  method: 'GET', path: '/v1/widgets/{id}', auth: 'jwt',
  operationId: 'getWidget', summary: 'Get a widget',
  request: { params: WidgetId },
  responses: { 200: { description: 'The widget', schema: Widget } },
} satisfies RouteDefinition;

export const createWidget = {
  method: 'POST', path: '/v1/widgets', auth: 'jwt', role: 'marketer',
  operationId: 'createWidget', summary: 'Create a widget',
  request: { body: NewWidget },
  responses: { 201: { description: 'Created', schema: Widget } },
} satisfies RouteDefinition;

export const updateWidget = {
  method: 'PATCH', path: '/v1/widgets/{id}', auth: 'jwt', role: 'marketer',
  operationId: 'updateWidget', summary: 'Change a widget',
  request: { params: WidgetId, body: WidgetPatch },
  responses: { 200: { description: 'Changed', schema: Widget } },
} satisfies RouteDefinition;

export const deleteWidget = {
  method: 'DELETE', path: '/v1/widgets/{id}', auth: 'jwt', role: 'admin',
  operationId: 'deleteWidget', summary: 'Delete a widget',
  request: { params: WidgetId },
  responses: { 204: { description: 'Deleted' } },
} satisfies RouteDefinition;

export const failWidget = {
  method: 'POST', path: '/v1/widgets/{id}/failures', auth: 'jwt', role: 'marketer',
  operationId: 'failWidget', summary: 'Throw a chosen error',
  request: { params: WidgetId, body: z.object({ kind: z.enum(FAILURE_KINDS) }) },
  responses: { 200: { description: 'Never' } },
} satisfies RouteDefinition;

export const putWidgetImage = {
  method: 'PUT', path: '/v1/widgets/{id}/image', auth: 'jwt', role: 'marketer',
  operationId: 'putWidgetImage', summary: 'Upload a PNG',
  request: { params: WidgetId, body: z.string().meta({ format: 'binary' }), contentType: 'image/png' },
  responses: { 200: { description: 'Stored', schema: z.object({ bytes: z.number(), signature: z.string() }) } },
} satisfies RouteDefinition;

export const ping = {
  method: 'GET', path: '/v1/ping', auth: 'none', publicBecause: 'A test ping',
  operationId: 'ping', summary: 'Public ping',
  responses: { 200: { description: 'Pong', schema: z.object({ pong: z.literal(true) }) } },
} satisfies RouteDefinition;


type WidgetRow = z.infer<typeof Widget>;

function failure(kind: (typeof FAILURE_KINDS)[number]): Error {
  const pg = (text: string) => postgresError(text, 'DatabaseErrorException');
  switch (kind) {
    case 'not-found':
      return new NotFoundError('No such widget.');
    case 'unique':
      return pg('ERROR: duplicate key value violates unique constraint "widgets_name_key"\n  Detail: Key (name)=(Top Secret Name) already exists.; SQLState: 23505');
    case 'fk-missing':
      return pg('ERROR: insert or update on table "widgets" violates foreign key constraint "widgets_owner_id_fkey"\n  Detail: Key (owner_id)=(0199a0a0-0000-7000-8000-000000000000) is not present in table "owners".; SQLState: 23503');
    case 'fk-referenced':
      return pg('ERROR: update or delete on table "widgets" violates foreign key constraint "parts_widget_id_fkey" on table "parts"\n  Detail: Key (id)=(0199a0a0-0000-7000-8000-000000000001) is still referenced from table "parts".; SQLState: 23503');
    case 'check':
      return pg('ERROR: new row for relation "widgets" violates check constraint "widgets_size_check"\n  Detail: Failing row contains (x, y, z).; SQLState: 23514');
    case 'not-null':
      return pg('ERROR: null value in column "name" of relation "widgets" violates not-null constraint\n  Detail: Failing row contains (a, null).; SQLState: 23502');
    case 'resuming':
      return new DatabaseResumingError(15);
    case 'timeout':
      return new StatementTimeoutError('Statement cancelled after 45 s on host 10.0.3.7');
    case 'internal':
      return new Error('connect ECONNREFUSED 10.0.3.7:5432 user=admin password=hunter2');
  }
}

export function widgetImplementations() {
  const store = new Map<string, WidgetRow>();
  const find = (id: string): WidgetRow => {
    const widget = store.get(id);
    if (!widget) throw new NotFoundError(`No widget ${id}.`);
    return widget;
  };
  const routes: ApiRoute[] = [
      route(listWidgets, async (req) => {
        const data = [...store.values()].filter((w) => !req.query.size || w.size === req.query.size);
        return ok({ data: data.slice(0, req.query.limit) });
      }),
      route(getWidget, async (req) => ok(find(req.params.id))),
      route(createWidget, async (req) => {
        const widget: WidgetRow = { id: randomUUID(), name: req.body.name, tags: req.body.tags, size: req.body.size };
        store.set(widget.id, widget);
        return created(widget, `/v1/widgets/${widget.id}`);
      }),
      route(updateWidget, async (req) => {
        const current = store.get(req.params.id);
        assertIfMatch(req, current ? etagOf(current) : null);
        const next = { ...find(req.params.id), ...req.body };
        store.set(next.id, next);
        return ok(next);
      }),
      route(deleteWidget, async (req) => {
        const current = find(req.params.id);
        assertIfMatch(req, etagOf(current));
        store.delete(current.id);
        return noContent();
      }),
      route(failWidget, async (req) => {
        throw failure(req.body.kind);
      }),
      route(putWidgetImage, async (req) => {
        const bytes = req.rawBody ?? Buffer.alloc(0);
        return ok({ bytes: bytes.length, signature: bytes.subarray(0, 4).toString('hex') });
      }),
  ];
  return { store, routes };
}

export const widgetsDomain = (routes: ApiRoute[]) => defineDomain({ name: 'widgets', description: 'Test widgets', mounts: ['/v1/widgets'], routes });
export const pingsDomain = defineDomain({
  name: 'pings',
  description: 'Test pings',
  mounts: ['/v1/ping'],
  routes: [route(ping, async () => ok({ pong: true }))],
});

/** The test domains' routes with their domain, as the app's route table holds them. */
export const testRoutes: readonly AppRoute[] = checkRouteTable([widgetsDomain(widgetImplementations().routes), pingsDomain]);
export const testGateway: readonly GatewayRoute[] = gatewayRoutes([widgetsDomain(widgetImplementations().routes), pingsDomain]);

/** The handler of one test domain, as `lambdas/<domain>/handler.ts` would export it. */
export function testHandler(domain: string): { handler: DomainHandler; store?: Map<string, WidgetRow> } {
  if (domain === 'widgets') {
    const { store, routes } = widgetImplementations();
    return { handler: createDomainHandler(widgetsDomain(routes)), store };
  }
  if (domain === 'pings') return { handler: createDomainHandler(pingsDomain) };
  throw new Error(`No test domain ${domain}`);
}
