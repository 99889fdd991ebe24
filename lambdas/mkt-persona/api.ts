/**
 * Persona mapping, the ICP definition (schema/73, memberships of 74, score
 * history of 96): persona contacts (a read shows the current scores, latest
 * first), confidence scores per segment with their history, extended
 * attributes, and WhatsApp group memberships.
 */
import * as z from 'zod/mini';
import { crudRoutes } from '../platform/crud/index.js';
import { defineDomain } from '../platform/http/domain.js';
import { versionEtag } from '../platform/http/etag.js';
import { created, ok } from '../platform/http/result.js';
import { route } from '../platform/http/route.js';
import { listQuerySchema, pageSchema } from '../platform/lists/list-route.js';
import { attributeResource, membershipResource, personaContactResource, scoreHistoryColumns } from './resources.js';
import { contactParams, score, scoreBody, scoreHistoryEntry, scoreParams } from './schemas.js';
import * as persona from './service.js';
import { withMeta } from '../platform/schema-meta.js';

const base = { auth: 'jwt', tags: ['mkt-persona'] } as const;
const path = '/v1/mkt/persona-contacts/{id}';

const contactWithScores = withMeta(z.extend(personaContactResource.item, {
    scores: withMeta(z.array(score), { description: 'Current confidence per segment, most recently scored first.' }),
    latest_score: withMeta(z.nullable(score), { description: 'The most recently set score.' }),
  }), { id: 'MktPersonaContactWithScores' });

const contactRoutes = [
  route(
    {
      ...base,
      method: 'GET',
      path,
      role: 'viewer',
      operationId: 'getMktPersonaContact',
      summary: 'Get a persona contact with its current scores (latest first)',
      request: { params: contactParams },
      responses: { 200: { description: 'The contact, with its ETag (If-Match of PATCH/DELETE).', schema: contactWithScores } },
    },
    async (req) => {
      const { row, version } = await persona.contact(req.params.id);
      return ok(row, { etag: versionEtag(version) });
    },
  ),
  route(
    {
      ...base,
      method: 'GET',
      path: `${path}/scores`,
      role: 'viewer',
      operationId: 'listMktPersonaScores',
      summary: "A persona's current confidence per segment",
      request: { params: contactParams },
      responses: { 200: { description: 'The scores.', schema: z.object({ data: z.array(score) }) } },
    },
    async (req) => ok({ data: await persona.scores(req.params.id) }),
  ),
  route(
    {
      ...base,
      method: 'GET',
      path: `${path}/scores/history`,
      role: 'viewer',
      operationId: 'listMktPersonaScoreHistory',
      etag: false,
      summary: 'Every score a persona has been given, newest first (keyset pages; order=scored_at.asc|desc)',
      list: { table: 'marketing_ops.persona_score_history', idColumn: 'id', scope: 'persona_contact_id', columns: scoreHistoryColumns },
      request: { params: contactParams, query: listQuerySchema(scoreHistoryColumns) },
      responses: { 200: { description: 'One page.', schema: pageSchema(scoreHistoryEntry) } },
    },
    async (req) => ok(await persona.history(req.params.id, req.event.rawQueryString ?? ''), { etag: null }),
  ),
  route(
    {
      ...base,
      method: 'PUT',
      path: `${path}/scores/{segment}`,
      role: 'marketer',
      operationId: 'putMktPersonaScore',
      summary: "Set a persona's confidence (0–100) for a segment (code or uuid); the previous score stays in the history",
      request: { params: scoreParams, body: scoreBody },
      responses: { 200: { description: 'The score, re-set.', schema: score }, 201: { description: 'The score, first set.', schema: score } },
    },
    async (req) => {
      const result = await persona.setScore(req.params.id, req.params.segment, req.body, req.principal?.sub ?? null);
      return result.created ? created(result.score, undefined, { etag: null }) : ok(result.score, { etag: null });
    },
  ),
];

export const mktPersonaApi = defineDomain({
  name: 'mkt-persona',
  description: 'mkt module: persona contacts, confidence scores, attributes, group memberships',
  mounts: ['/v1/mkt/persona-contacts'],
  routes: [...crudRoutes(personaContactResource), ...contactRoutes, ...crudRoutes(attributeResource), ...crudRoutes(membershipResource)],
});
