/**
 * The content framework (schema/72): seeded content and pillar types
 * (read-only), pillars with their allowed content types and tags, ideas
 * (promoted to content in one call), master and repurposed content (a
 * repurpose route and a tree read), tags and their assignments, and the
 * schedule with a cross-channel calendar read.
 */
import { crudRoutes, type ResourceSpec } from '../platform/crud/index.js';
import { defineDomain } from '../platform/http/domain.js';
import { versionEtag } from '../platform/http/etag.js';
import { created, ok } from '../platform/http/result.js';
import { route, type ApiRoute } from '../platform/http/route.js';
import { contentTypeResource, pillarTypeResource } from './reference.js';
import {
  contentResource,
  contentTagResource,
  ideaResource,
  pillarContentTypeResource,
  pillarResource,
  pillarTagResource,
  scheduleResource,
  tagResource,
} from './resources.js';
import { calendar, calendarQuery, codeParams, contentTree, itemParams, promoteBody, repurposeBody } from './schemas.js';
import * as content from './service.js';

const base = { auth: 'jwt', tags: ['mkt-content'] } as const;
const actorOf = (req: { principal: { sub: string | null } | null }) => req.principal?.sub ?? null;

function referenceRoutes(spec: ResourceSpec, what: string): ApiRoute[] {
  return [
    ...crudRoutes(spec),
    route(
      {
        ...base,
        tags: [spec.tag],
        method: 'GET',
        path: `${spec.collectionPath}/{code}`,
        role: 'viewer',
        operationId: `get${spec.noun}`,
        summary: `Get one ${what} by its code (or uuid)`,
        request: { params: codeParams },
        responses: { 200: { description: `The ${what}.`, schema: spec.item } },
      },
      async (req) => ok(await content.reference(spec.table, spec.select, what, req.params.code)),
    ),
  ];
}

const contentRoutes = [
  route(
    {
      ...base,
      method: 'POST',
      path: '/v1/mkt/content/{id}/repurpose',
      role: 'marketer',
      operationId: 'repurposeMktContent',
      summary: "Make a repurposed piece of a master in another content type (refused when the master's pillar does not allow the type)",
      request: { params: itemParams, body: repurposeBody },
      responses: { 201: { description: 'The repurposed piece.', schema: contentResource.item } },
    },
    async (req) => {
      const { row, version } = await content.repurposeContent(req.params.id, req.body, actorOf(req));
      return created(row, `/v1/mkt/content/${String(row.id)}`, { etag: versionEtag(version) });
    },
  ),
  route(
    {
      ...base,
      method: 'GET',
      path: '/v1/mkt/content/{id}/tree',
      role: 'viewer',
      operationId: 'getMktContentTree',
      summary: 'The master of a piece with its repurposed pieces, as one tree',
      request: { params: itemParams },
      responses: { 200: { description: 'The tree.', schema: contentTree } },
    },
    async (req) => ok(await content.tree(req.params.id)),
  ),
];

const ideaRoutes = [
  route(
    {
      ...base,
      method: 'POST',
      path: '/v1/mkt/ideas/{id}/promote',
      role: 'marketer',
      operationId: 'promoteMktIdea',
      summary: 'Turn an idea into master content linked to it (source_idea_id); the idea moves to in_production',
      request: { params: itemParams, body: promoteBody },
      responses: { 201: { description: 'The new content.', schema: contentResource.item } },
    },
    async (req) => {
      const { row, version } = await content.promote(req.params.id, req.body, actorOf(req));
      return created(row, `/v1/mkt/content/${String(row.id)}`, { etag: versionEtag(version) });
    },
  ),
];

const calendarRoute = route(
  {
    ...base,
    method: 'GET',
    path: '/v1/mkt/schedule/calendar',
    role: 'viewer',
    operationId: 'getMktScheduleCalendar',
    errors: { 404: 'No channel with that code.' },
    etag: false,
    summary: 'Schedule slots from..to (at most 93 days) across every channel or one, in time order',
    request: { query: calendarQuery },
    responses: { 200: { description: 'The slots (at most 500; truncated says when there were more).', schema: calendar } },
  },
  async (req) => ok(await content.calendar(req.query), { etag: null }),
);

export const mktContentApi = defineDomain({
  name: 'mkt-content',
  description: 'mkt module: content framework (types, pillars, ideas, master and repurposed content, tags, schedule)',
  mounts: ['/v1/mkt/content-types', '/v1/mkt/pillar-types', '/v1/mkt/pillars', '/v1/mkt/ideas', '/v1/mkt/content', '/v1/mkt/tags', '/v1/mkt/schedule'],
  routes: [
    ...referenceRoutes(contentTypeResource, 'content type'),
    ...referenceRoutes(pillarTypeResource, 'pillar type'),
    ...crudRoutes(pillarResource),
    ...crudRoutes(pillarContentTypeResource),
    ...crudRoutes(pillarTagResource),
    ...crudRoutes(ideaResource),
    ...ideaRoutes,
    ...crudRoutes(contentResource),
    ...contentRoutes,
    ...crudRoutes(tagResource),
    ...crudRoutes(contentTagResource),
    calendarRoute,
    ...crudRoutes(scheduleResource),
  ],
});
