/**
 * Every nested list of the mkt common, NDP, content and persona domains
 * (`GET /v1/mkt/<parents>/{id}/<children>`), through the local HTTP API: an
 * unknown parent is a 404 problem+json naming the parent, by each form of id
 * the route accepts (uuid, business ID, and a string that can be neither),
 * with and without a filter or a limit; a known parent without children is
 * an empty list. The table is checked against the route table, so a new
 * nested list of these domains has to be added here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../lambdas/app.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { insertCampaign, insertContent, insertNdpTopic, insertPillar } from '../support/mkt-fixtures.js';
import type { Problem } from '../support/types.js';

const DOMAINS = ['mkt-common', 'mkt-ndp', 'mkt-content', 'mkt-persona'];
/** GETs under a parent that answer one object, not a list. */
const NOT_LISTS = new Set(['getMktContentTree']);

interface NestedList {
  operationId: string;
  /** The route's path with the parent's id put in. */
  path: (parent: string) => string;
  /** The parent's noun in the 404's detail ("No <noun> <id>."). */
  noun: string;
  /** A fresh parent with no children: its uuid and, when the route accepts one, its business ID. */
  parent: () => Promise<{ id: string; businessId?: string }>;
  /** Paged lists answer { data, next_cursor }; the campaign sets answer the whole set, { data }. */
  paged: boolean;
  /** A query a client may add (a filter or a limit), tried on both kinds of parent. */
  query: string;
}

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

const campaign = async () => {
  const row = await insertCampaign(api.db.pool);
  return { id: row.id, businessId: row.campaign_code };
};
const topic = async () => {
  const row = await insertNdpTopic(api.db.pool);
  return { id: row.id, businessId: row.topic_code };
};
const pillar = async () => {
  const row = await insertPillar(api.db.pool);
  return { id: row.id, businessId: row.pillar_code };
};
const content = async () => {
  const row = await insertContent(api.db.pool);
  return { id: row.id, businessId: row.content_code };
};
const personaContact = async () => {
  const { rows } = await api.db.pool.query<{ id: string }>(`INSERT INTO public.mkt_persona_contacts (full_name) VALUES ('Ana Silva') RETURNING id`);
  return { id: rows[0]!.id };
};

const sets: NestedList[] = ['segments', 'ndp-topics', 'pillars', 'content'].map((set) => ({
  operationId: `getMktCampaign${{ segments: 'Segment', 'ndp-topics': 'NdpTopic', pillars: 'Pillar', content: 'Content' }[set]}Set`,
  path: (id) => `/v1/mkt/campaigns/${id}/${set}`,
  noun: 'campaign',
  parent: campaign,
  paged: false,
  query: '',
}));

const table: NestedList[] = [
  ...sets,
  { operationId: 'listMktNdpTopicSegments', path: (id) => `/v1/mkt/ndp-topics/${id}/segments`, noun: 'topic', parent: topic, paged: true, query: '?relevance=gte.3' },
  { operationId: 'listMktPillarContentTypes', path: (id) => `/v1/mkt/pillars/${id}/content-types`, noun: 'pillar', parent: pillar, paged: true, query: '?limit=1' },
  { operationId: 'listMktPillarTags', path: (id) => `/v1/mkt/pillars/${id}/tags`, noun: 'pillar', parent: pillar, paged: true, query: '?limit=1' },
  { operationId: 'listMktContentTags', path: (id) => `/v1/mkt/content/${id}/tags`, noun: 'content', parent: content, paged: true, query: '?limit=1' },
  { operationId: 'listMktPersonaScores', path: (id) => `/v1/mkt/persona-contacts/${id}/scores`, noun: 'persona contact', parent: personaContact, paged: false, query: '' },
  {
    operationId: 'listMktPersonaScoreHistory',
    path: (id) => `/v1/mkt/persona-contacts/${id}/scores/history`,
    noun: 'persona contact',
    parent: personaContact,
    paged: true,
    query: '?order=scored_at.desc&limit=1',
  },
  { operationId: 'listMktPersonaAttributes', path: (id) => `/v1/mkt/persona-contacts/${id}/attributes`, noun: 'contact', parent: personaContact, paged: true, query: '?value_type=eq.text' },
  { operationId: 'listMktPersonaGroupMemberships', path: (id) => `/v1/mkt/persona-contacts/${id}/groups`, noun: 'contact', parent: personaContact, paged: true, query: '?status=eq.active' },
];

const GHOST_UUID = '0190a5f0-0000-7000-8000-00000000dead';
/** A well-formed business ID of the parent's kind that names nothing (MCMP-010001 -> MCMP-999999). */
const ghostBusinessId = (businessId: string) => businessId.replace(/\d+$/, '999999');

describe('mkt nested lists', () => {
  it('the table covers every nested list of the mkt common, NDP, content and persona domains', () => {
    const nestedLists = routes
      .filter((r) => DOMAINS.includes(r.domain) && r.method === 'GET' && /\}\/[^{}]+$/.test(r.path) && !NOT_LISTS.has(r.operationId))
      .map((r) => r.operationId)
      .sort();
    expect(table.map((t) => t.operationId).sort()).toEqual(nestedLists);
  });

  describe.each(table)('$operationId', (list) => {
    it('answers 404 problem+json naming an unknown parent, by every form of id, with and without a query', async () => {
      const known = await list.parent();
      const unknown = [GHOST_UUID, 'not-an-id', ...(known.businessId ? [ghostBusinessId(known.businessId)] : [])];
      for (const id of unknown) {
        for (const query of ['', list.query]) {
          const response = await api.request<Problem>('GET', `${list.path(id)}${query}`, { as: 'viewer' });
          expect([response.status, response.headers.get('content-type'), response.body.detail], `${list.path(id)}${query}`).toEqual([
            404,
            'application/problem+json',
            `No ${list.noun} ${id}.`,
          ]);
        }
      }
    });

    it('answers an empty list for a known parent without children, by every form of id', async () => {
      const known = await list.parent();
      for (const id of [known.id, ...(known.businessId ? [known.businessId] : [])]) {
        for (const query of ['', list.query]) {
          const response = await api.request<{ data: unknown[]; next_cursor?: string | null }>('GET', `${list.path(id)}${query}`, { as: 'viewer' });
          expect(response.status, `${list.path(id)}${query}`).toBe(200);
          expect(response.body).toEqual(list.paged ? { data: [], next_cursor: null } : { data: [] });
        }
      }
    });
  });
});
