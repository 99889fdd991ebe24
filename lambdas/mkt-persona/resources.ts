/**
 * Persona contacts, their extended attributes and their WhatsApp group
 * memberships, each one CRUD declaration. Consent changes are timestamped by
 * the hooks; who created a row comes from the token (schema/95).
 */
import * as z from 'zod/mini';
import type { ColumnDeclarations } from '../platform/lists/filters.js';
import { defineResource, field, readOnly, type CrudContext } from '../platform/crud/index.js';
import { timestamp, uuid } from '../platform/schemas.js';
import { withMeta } from '../platform/schema-meta.js';
import {
  ATTRIBUTE_SOURCES,
  CONTACT_SOURCES,
  LIFECYCLE_STAGES,
  MEMBERSHIP_ROLES,
  MEMBERSHIP_STATUSES,
  VALUE_TYPES,
  attributeKey,
  countryCode,
  email,
  language,
  phoneE164,
} from './schemas.js';

const actorSettings = (context: CrudContext) => ({ 'app.actor': context.principal?.sub ?? null });
const id = readOnly(uuid, { filter: 'uuid', orderable: true });
/** Orderable columns have their (column, id) index, scoped to the contact for its attributes and groups (schema/111). */
const ordered = { orderable: true } as const;
const requireOnCreate = (column: string) => (derived: z.ZodMiniObject) =>
  derived.check(z.refine((v) => v[column] !== undefined, { message: 'Required', path: [column] }));

/** Consent is evidence: a write that sets it records when. */
const stampConsent = (values: Record<string, unknown>) =>
  'marketing_consent' in values ? { ...values, consent_updated_at: new Date().toISOString() } : values;

export const personaContactResource = defineResource({
  noun: 'MktPersonaContact',
  plural: 'MktPersonaContacts',
  tag: 'mkt-persona',
  schemaName: 'MktPersonaContact',
  table: 'public.mkt_persona_contacts',
  collectionPath: '/v1/mkt/persona-contacts',
  defaultOrder: 'id.desc',
  // GET of one contact is the domain's own route: it adds the current scores (api.ts).
  operations: ['list', 'create', 'update', 'delete'],
  hooks: { settings: actorSettings, create: stampConsent, update: stampConsent },
  fields: {
    id,
    contact_id: field(withMeta(z.nullable(uuid), { description: 'The platform contact (directory.contacts) this persona describes.' }), { filter: 'uuid' }),
    full_name: field(z.nullable(z.string().check(z.minLength(1), z.maxLength(200))), { filter: 'text', ...ordered }),
    email: field(z.nullable(email), { filter: 'text' }),
    phone_e164: field(z.nullable(phoneE164), { filter: 'text' }),
    segment_id: field(z.nullable(uuid), { filter: 'uuid' }),
    region: field(z.nullable(z.string().check(z.maxLength(100))), { filter: 'text' }),
    city: field(z.nullable(z.string().check(z.maxLength(100))), { filter: 'text' }),
    country_code: field(z.nullable(countryCode), { filter: 'text' }),
    lifecycle_stage: field(z.enum(LIFECYCLE_STAGES), { filter: 'text', ...ordered }),
    preferred_channel_id: field(z.nullable(uuid), { filter: 'uuid' }),
    preferred_language: field(language, { filter: 'text' }),
    marketing_consent: field(z.boolean(), { filter: 'boolean' }),
    consent_updated_at: readOnly(withMeta(z.nullable(timestamp), { description: 'When marketing_consent was last written.' })),
    source: field(z.enum(CONTACT_SOURCES), { filter: 'text' }),
    notes: field(z.nullable(z.string().check(z.maxLength(5000))), { inList: false }),
    owner_id: field(z.nullable(uuid), { filter: 'uuid' }),
    created_by: readOnly(z.nullable(uuid), { filter: 'uuid' }),
    created_at: readOnly(timestamp, { filter: 'timestamptz', ...ordered }),
    updated_at: readOnly(timestamp),
  },
  // The same rule as CHECK mkt_persona_contacts_identity_check.
  refineCreate: (derived) =>
    derived.check(z.refine((v) => ['contact_id', 'full_name', 'email', 'phone_e164'].some((k) => v[k] !== undefined && v[k] !== null), {
      message: 'Give at least one of contact_id, full_name, email, phone_e164.',
      path: ['full_name'],
    })),
});

/**
 * A contact's score history (marketing_ops.persona_score_history, schema/96):
 * its filterable columns, and the order a client reads it in, newest scoring
 * first or oldest (index (persona_contact_id, scored_at, id) of schema/111).
 */
export const scoreHistoryColumns: ColumnDeclarations = {
  id: { type: 'uuid', nullable: false },
  segment_id: { type: 'uuid' },
  scored_at: { type: 'timestamptz', nullable: false, orderable: true },
};

const contactParent = { param: 'contactId', column: 'persona_contact_id', table: 'public.mkt_persona_contacts' };

export const attributeResource = defineResource({
  noun: 'MktPersonaAttribute',
  plural: 'MktPersonaAttributes',
  tag: 'mkt-persona',
  schemaName: 'MktPersonaAttribute',
  table: 'public.mkt_persona_attributes',
  collectionPath: '/v1/mkt/persona-contacts/{contactId}/attributes',
  parent: contactParent,
  defaultOrder: 'id.asc',
  roles: { delete: 'marketer' },
  hooks: { settings: actorSettings },
  fields: {
    id,
    persona_contact_id: readOnly(uuid),
    attribute_key: field(attributeKey, { write: 'create', filter: 'text', ...ordered }),
    attribute_value: field(z.nullable(z.string().check(z.maxLength(5000)))),
    value_type: field(z.enum(VALUE_TYPES), { filter: 'text' }),
    source: field(z.enum(ATTRIBUTE_SOURCES), { filter: 'text' }),
    created_by: readOnly(z.nullable(uuid)),
    created_at: readOnly(timestamp, { filter: 'timestamptz', ...ordered }),
    updated_at: readOnly(timestamp),
  },
  refineCreate: requireOnCreate('attribute_key'),
});

export const membershipResource = defineResource({
  noun: 'MktPersonaGroupMembership',
  plural: 'MktPersonaGroupMemberships',
  tag: 'mkt-persona',
  schemaName: 'MktPersonaGroupMembership',
  table: 'public.mkt_persona_group_memberships',
  collectionPath: '/v1/mkt/persona-contacts/{contactId}/groups',
  parent: contactParent,
  defaultOrder: 'id.asc',
  roles: { delete: 'marketer' },
  hooks: { settings: actorSettings },
  fields: {
    id,
    persona_contact_id: readOnly(uuid),
    group_id: field(withMeta(uuid, { description: 'The WhatsApp group (mkt_wap_groups).' }), { write: 'create', filter: 'uuid' }),
    role: field(z.enum(MEMBERSHIP_ROLES), { filter: 'text' }),
    status: field(z.enum(MEMBERSHIP_STATUSES), { filter: 'text', ...ordered }),
    joined_at: field(timestamp, { filter: 'timestamptz', ...ordered }),
    left_at: field(z.nullable(timestamp), { filter: 'timestamptz', ...ordered }),
    created_by: readOnly(z.nullable(uuid)),
    created_at: readOnly(timestamp),
    updated_at: readOnly(timestamp),
  },
  // The same rule as CHECK mkt_persona_group_memberships_left_at_check, where the body gives both.
  refineCreate: (derived) =>
    requireOnCreate('group_id')(derived).check(z.refine((v) => v.status === undefined || (v.status === 'active') === (v.left_at == null), {
      message: 'Give left_at exactly when status is left or removed',
      path: ['left_at'],
    })),
});
