/**
 * The NDP research module (schema/71): the seeded categories (read-only),
 * research topics in the ICP's own words (CRUD; the list filters by category
 * and by linked segment), and the topic -> segment links under each topic.
 */
import * as z from 'zod/mini';
import { crudRoutes } from '../platform/crud/index.js';
import { defineDomain } from '../platform/http/domain.js';
import { ok } from '../platform/http/result.js';
import { route } from '../platform/http/route.js';
import { listQuerySchema, pageSchema } from '../platform/lists/list-route.js';
import { categoryResource, topicResource, topicSegmentResource } from './resources.js';
import { codeParams, topicFilters } from './schemas.js';
import * as ndp from './service.js';

const base = { auth: 'jwt', role: 'viewer', tags: ['mkt-ndp'] } as const;

const categoryRoutes = [
  ...crudRoutes(categoryResource),
  route(
    {
      ...base,
      method: 'GET',
      path: '/v1/mkt/ndp-categories/{code}',
      operationId: 'getMktNdpCategory',
      summary: 'Get one NDP category by its code (need, desire, pain, fear, objection, buying_trigger) or uuid',
      request: { params: codeParams },
      responses: { 200: { description: 'The category.', schema: categoryResource.item } },
    },
    async (req) => ok(await ndp.category(req.params.code)),
  ),
];

const topicList = route(
  {
    ...base,
    method: 'GET',
    path: '/v1/mkt/ndp-topics',
    operationId: 'listMktNdpTopics',
    etag: false,
    list: { table: topicResource.table, idColumn: 'id', columns: topicResource.columns },
    summary: 'List research topics (keyset pages, filters; ?category= and ?segment= by code or uuid)',
    request: { query: z.extend(listQuerySchema(topicResource.columns), topicFilters) },
    responses: { 200: { description: 'One page.', schema: pageSchema(topicResource.listItem) } },
  },
  async (req) => ok(await ndp.topics(req.query, req.event.rawQueryString ?? ''), { etag: null }),
);

export const mktNdpApi = defineDomain({
  name: 'mkt-ndp',
  description: 'mkt module: NDP research categories, topics and topic-segment links',
  mounts: ['/v1/mkt/ndp-categories', '/v1/mkt/ndp-topics'],
  routes: [...categoryRoutes, topicList, ...crudRoutes(topicResource), ...crudRoutes(topicSegmentResource)],
});
