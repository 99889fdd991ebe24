/**
 * The mkt common module (schema/70): the seeded segments and channels
 * (read-only), campaigns (CRUD) with their four assignment sets, and the
 * daily platform and social KPIs (upsert per day, range reads, period totals).
 */
import * as z from 'zod/mini';
import { crudRoutes, type ResourceSpec } from '../platform/crud/index.js';
import { defineDomain } from '../platform/http/domain.js';
import { created, ok } from '../platform/http/result.js';
import { route, type ApiRoute } from '../platform/http/route.js';
import { channelResource, segmentResource } from './reference.js';
import { campaignResource } from './resources.js';
import {
  campaignParams,
  codeParams,
  kpiDay,
  kpiDayBody,
  kpiDayParams,
  kpiPeriodTotals,
  kpiRangeQuery,
  kpiTotalsQuery,
  socialKpiDay,
  socialKpiDayBody,
  socialKpiDayParams,
  socialKpiPeriodTotals,
  socialKpiRangeQuery,
  socialKpiTotalsQuery,
} from './schemas.js';
import { assignmentSets, setBody, setResponse, type AssignmentSet } from './sets.js';
import * as common from './service.js';

function referenceRoutes(spec: ResourceSpec, what: string): ApiRoute[] {
  return [
    ...crudRoutes(spec),
    route(
      {
        auth: 'jwt',
        role: 'viewer',
        tags: [spec.tag],
        method: 'GET',
        path: `${spec.collectionPath}/{code}`,
        operationId: `get${spec.noun}`,
        summary: `Get one ${what} by its code (or uuid)`,
        request: { params: codeParams },
        responses: { 200: { description: `The ${what}.`, schema: spec.item } },
      },
      async (req) => ok(await common.referenceRow(spec.table, spec.select, what, req.params.code)),
    ),
  ];
}

const campaigns = { auth: 'jwt', tags: ['mkt-campaigns'] } as const;

function setRoutes(set: AssignmentSet): ApiRoute[] {
  const path = `/v1/mkt/campaigns/{id}/${set.name}`;
  const label = set.name.replace('-', ' ');
  return [
    route(
      {
        ...campaigns,
        method: 'GET',
        path,
        role: 'viewer',
        operationId: `getMktCampaign${set.noun}Set`,
        summary: `The campaign's ${label}`,
        request: { params: campaignParams },
        responses: { 200: { description: 'The set.', schema: setResponse(set) } },
      },
      async (req) => ok({ data: await common.campaignSet(set, req.params.id) }),
    ),
    route(
      {
        ...campaigns,
        method: 'PUT',
        path,
        role: 'marketer',
        operationId: `replaceMktCampaign${set.noun}Set`,
        summary: `Replace the campaign's ${label} with the given list (repeats are harmless; concurrent replacements apply one after the other, whole)`,
        request: { params: campaignParams, body: setBody(set) },
        responses: { 200: { description: 'The new set.', schema: setResponse(set) } },
      },
      async (req) => ok({ data: await common.replaceCampaignSet(set, req.params.id, req.body, req.principal?.sub ?? null) }, { etag: null }),
    ),
  ];
}

const kpiBase = { auth: 'jwt', tags: ['mkt-kpis'] } as const;
const list = <T extends z.ZodMiniType>(item: T) => z.object({ data: z.array(item) });

const kpiRoutes = [
  route(
    {
      ...kpiBase,
      method: 'PUT',
      path: '/v1/mkt/kpis/days/{date}',
      role: 'marketer',
      operationId: 'putMktKpiDay',
      summary: "Set a day's platform KPIs (idempotent; figures left out are 0)",
      request: { params: kpiDayParams, body: kpiDayBody },
      responses: { 200: { description: 'The day, updated.', schema: kpiDay }, 201: { description: 'The day, created.', schema: kpiDay } },
    },
    async (req) => {
      const { row, created: isNew } = await common.putKpiDay(req.params.date, req.body);
      return isNew ? created(row, `/v1/mkt/kpis/days/${req.params.date}`, { etag: null }) : ok(row, { etag: null });
    },
  ),
  route(
    {
      ...kpiBase,
      method: 'GET',
      path: '/v1/mkt/kpis/days',
      role: 'viewer',
      operationId: 'listMktKpiDays',
      summary: 'Platform KPIs per day from..to (inclusive, at most 366 days), in date order',
      request: { query: kpiRangeQuery },
      responses: { 200: { description: 'The recorded days.', schema: list(kpiDay) } },
    },
    async (req) => ok({ data: await common.kpiDays(req.query) }),
  ),
  route(
    {
      ...kpiBase,
      method: 'GET',
      path: '/v1/mkt/kpis/totals',
      role: 'viewer',
      operationId: 'getMktKpiTotals',
      summary: 'Platform KPI sums and daily averages per ISO week or calendar month, within from..to',
      request: { query: kpiTotalsQuery },
      responses: { 200: { description: 'One entry per period with data.', schema: list(kpiPeriodTotals) } },
    },
    async (req) => ok({ data: await common.kpiTotals(req.query, req.query.period) }),
  ),
  route(
    {
      ...kpiBase,
      method: 'PUT',
      path: '/v1/mkt/social-kpis/days/{channel}/{date}',
      role: 'marketer',
      operationId: 'putMktSocialKpiDay',
      summary: "Set a channel's social KPIs for a day (idempotent; figures left out are 0)",
      request: { params: socialKpiDayParams, body: socialKpiDayBody },
      responses: {
        200: { description: 'The day, updated.', schema: socialKpiDay },
        201: { description: 'The day, created.', schema: socialKpiDay },
      },
    },
    async (req) => {
      const { row, created: isNew } = await common.putSocialKpiDay(req.params.channel, req.params.date, req.body);
      const location = `/v1/mkt/social-kpis/days/${req.params.channel}/${req.params.date}`;
      return isNew ? created(row, location, { etag: null }) : ok(row, { etag: null });
    },
  ),
  route(
    {
      ...kpiBase,
      method: 'GET',
      path: '/v1/mkt/social-kpis/days',
      role: 'viewer',
      operationId: 'listMktSocialKpiDays',
      errors: { 404: 'No channel with that code.' },
      summary: 'Social KPIs per channel and day from..to (at most 366 days), every channel or one',
      request: { query: socialKpiRangeQuery },
      responses: { 200: { description: 'The recorded days, by date then channel.', schema: list(socialKpiDay) } },
    },
    async (req) => ok({ data: await common.socialKpiDays(req.query, req.query.channel) }),
  ),
  route(
    {
      ...kpiBase,
      method: 'GET',
      path: '/v1/mkt/social-kpis/totals',
      role: 'viewer',
      operationId: 'getMktSocialKpiTotals',
      errors: { 404: 'No channel with that code.' },
      summary: 'Social KPI sums and daily averages per channel and ISO week or calendar month, within from..to',
      request: { query: socialKpiTotalsQuery },
      responses: { 200: { description: 'One entry per channel and period with data.', schema: list(socialKpiPeriodTotals) } },
    },
    async (req) => ok({ data: await common.socialKpiTotals(req.query, req.query.period, req.query.channel) }),
  ),
];

export const mktCommonApi = defineDomain({
  name: 'mkt-common',
  description: 'mkt module: segments, channels, campaigns and their assignment sets, daily KPIs',
  mounts: ['/v1/mkt/segments', '/v1/mkt/channels', '/v1/mkt/campaigns', '/v1/mkt/kpis', '/v1/mkt/social-kpis'],
  routes: [
    ...referenceRoutes(segmentResource, 'segment'),
    ...referenceRoutes(channelResource, 'channel'),
    ...crudRoutes(campaignResource),
    ...assignmentSets.flatMap(setRoutes),
    ...kpiRoutes,
  ],
});
