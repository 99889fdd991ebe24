/**
 * The four campaign assignment tables, each managed as a set on its campaign
 * (`PUT /v1/mkt/campaigns/{id}/<name>` replaces it, `GET` reads it). One
 * declaration per table says what a member is and how a request names it.
 */
import * as z from 'zod/mini';
import { uuid } from '../platform/schemas.js';
import { withMeta } from '../platform/schema-meta.js';

export interface AssignmentSet {
  /** Path segment under a campaign: /v1/mkt/campaigns/{id}/<name>. */
  name: string;
  noun: string;
  table: string;
  /** The assignment's column holding the member's id. */
  column: string;
  /** The member table, and its human key a request may give instead of the uuid. */
  target: string;
  keyColumn: string;
  labelColumn: string;
  /** How members are listed (over the member table `t`). */
  orderBy: string;
  /** Only segments have a primary member (uq_mkt_campaign_segment_assignments_primary). */
  hasPrimary: boolean;
  /** What a reference may look like, besides a uuid. */
  keyPattern: RegExp;
  keyHint: string;
}

export const MAX_SET_SIZE = 200;

export const assignmentSets: readonly AssignmentSet[] = [
  {
    name: 'segments',
    noun: 'Segment',
    table: 'public.mkt_campaign_segment_assignments',
    column: 'segment_id',
    target: 'public.mkt_segments',
    keyColumn: 'code',
    labelColumn: 'name',
    orderBy: 't.sort_order, t.id',
    hasPrimary: true,
    keyPattern: /^[a-z][a-z0-9_]{0,63}$/,
    keyHint: 'a segment code such as prospective_owners',
  },
  {
    name: 'ndp-topics',
    noun: 'NdpTopic',
    table: 'public.mkt_campaign_ndp_assignments',
    column: 'ndp_topic_id',
    target: 'public.mkt_ndp_topics',
    keyColumn: 'topic_code',
    labelColumn: 'title',
    orderBy: 't.id',
    hasPrimary: false,
    keyPattern: /^MNDP-\d{6,12}$/,
    keyHint: 'a topic code such as MNDP-010001',
  },
  {
    name: 'pillars',
    noun: 'Pillar',
    table: 'public.mkt_campaign_pillar_assignments',
    column: 'pillar_id',
    target: 'public.mkt_con_pillars',
    keyColumn: 'pillar_code',
    labelColumn: 'title',
    orderBy: 't.id',
    hasPrimary: false,
    keyPattern: /^MPIL-\d{6,12}$/,
    keyHint: 'a pillar code such as MPIL-010001',
  },
  {
    name: 'content',
    noun: 'Content',
    table: 'public.mkt_campaign_content_assignments',
    column: 'content_id',
    target: 'public.mkt_con_content',
    keyColumn: 'content_code',
    labelColumn: 'title',
    orderBy: 't.id',
    hasPrimary: false,
    keyPattern: /^MCON-\d{6,12}$/,
    keyHint: 'a content code such as MCON-010001',
  },
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function memberRef(set: AssignmentSet) {
  return withMeta(z.string().check(z.refine((v) => UUID.test(v) || set.keyPattern.test(v), `must be a uuid or ${set.keyHint}`)), { description: `A uuid or ${set.keyHint}.` });
}

/** The full list of members; duplicates are harmless (a member is in the set or not). */
export function setBody(set: AssignmentSet) {
  const ids = z.array(memberRef(set)).check(z.maxLength(MAX_SET_SIZE));
  if (!set.hasPrimary) return withMeta(z.object({ ids }), { id: `MktCampaign${set.noun}SetInput` });
  return withMeta(z.object({ ids, primary: withMeta(z.optional(z.nullable(memberRef(set))), { description: 'The primary member; must be one of ids.' }) }).check(z.refine((b) => b.primary == null || b.ids.includes(b.primary), { message: 'must be one of ids, as written there', path: ['primary'] })), { id: `MktCampaign${set.noun}SetInput` });
}

export function setMember(set: AssignmentSet) {
  return withMeta(z.object({
      id: uuid,
      [set.keyColumn]: z.string(),
      [set.labelColumn]: z.string(),
      ...(set.hasPrimary ? { is_primary: z.boolean() } : {}),
    }), { id: `MktCampaign${set.noun}Member` });
}

export function setResponse(set: AssignmentSet) {
  return withMeta(z.object({ data: z.array(setMember(set)) }), { id: `MktCampaign${set.noun}Set` });
}
