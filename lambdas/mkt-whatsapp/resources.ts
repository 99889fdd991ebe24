/**
 * WhatsApp accounts, groups, contacts and messages, each one CRUD
 * declaration. An account's access token, app secret and verify token are
 * input-only fields: accepted on create and PATCH (sealed first, see
 * account-service.ts), never a column of any select list, so no response
 * can carry them. Who created or sent a row comes from the token (schema/95).
 */
import * as z from 'zod/mini';
import { defineResource, field, inputOnly, readOnly, type CrudContext } from '../platform/crud/index.js';
import { timestamp, uuid } from '../platform/schemas.js';
import { withMeta } from '../platform/schema-meta.js';
import {
  ACCOUNT_STATUSES,
  GROUP_STATUSES,
  GROUP_TYPES,
  MESSAGE_DIRECTIONS,
  MESSAGE_STATUSES,
  MESSAGE_TYPES,
  NEW_MESSAGE_STATUSES,
  OPT_IN_STATUSES,
  QUALITY_RATINGS,
  phoneE164,
  secretInput,
  templateParameters,
} from './schemas.js';

const actorSettings = (context: CrudContext) => ({ 'app.actor': context.principal?.sub ?? null });
const id = readOnly(uuid, { filter: 'uuid', orderable: true });
const createdBy = readOnly(z.nullable(uuid), { filter: 'uuid' });
const stamps = { created_at: readOnly(timestamp, { filter: 'timestamptz' }), updated_at: readOnly(timestamp) };

export const accountResource = defineResource({
  noun: 'MktWhatsappAccount',
  plural: 'MktWhatsappAccounts',
  tag: 'mkt-whatsapp',
  schemaName: 'MktWhatsappAccount',
  table: 'public.mkt_wap_accounts',
  collectionPath: '/v1/mkt/whatsapp/accounts',
  defaultOrder: 'id.asc',
  // Accounts hold the business's sending identity: admins manage them.
  roles: { write: 'admin', delete: 'admin' },
  // PATCH may rotate a secret alone: the secrets are input-only fields the hooks seal.
  patchInputOnly: true,
  hooks: { settings: actorSettings },
  fields: {
    id,
    display_name: field(z.string().check(z.minLength(1), z.maxLength(200)), { write: 'required', filter: 'text' }),
    business_name: field(z.nullable(z.string().check(z.maxLength(200)))),
    phone_e164: field(phoneE164, { write: 'required', filter: 'text' }),
    waba_id: field(withMeta(z.nullable(z.string().check(z.maxLength(64))), { description: 'WhatsApp Business Account id.' }), { filter: 'text' }),
    phone_number_id: field(withMeta(z.nullable(z.string().check(z.maxLength(64))), { description: "Cloud API phone number id (the sender's path)." }), { filter: 'text' }),
    token_expires_at: field(withMeta(z.nullable(timestamp), { description: 'When the access token expires (null: a system user token that does not).' })),
    status: field(withMeta(z.enum(ACCOUNT_STATUSES), { description: 'active needs a stored access token.' }), { filter: 'text' }),
    quality_rating: field(z.enum(QUALITY_RATINGS), { filter: 'text' }),
    is_default: field(withMeta(z.boolean(), { description: 'At most one default sending account.' }), { filter: 'boolean' }),
    owner_id: field(z.nullable(uuid), { filter: 'uuid' }),
    created_by: createdBy,
    ...stamps,
    access_token: inputOnly(secretInput('The Cloud API access token (a system user token): the sender uses it.')),
    app_secret: inputOnly(secretInput("The Meta app's secret: verifies X-Hub-Signature-256 of this account's webhook deliveries.")),
    verify_token: inputOnly(secretInput("The webhook's verify token: the value you enter in Meta's dashboard with this account's callback URL.")),
  },
  refineCreate: (derived) =>
    derived.check(z.refine((v) => v.status !== 'active' || typeof v.access_token === 'string', { message: 'An active account needs an access_token', path: ['access_token'] })),
});

export const groupResource = defineResource({
  noun: 'MktWhatsappGroup',
  plural: 'MktWhatsappGroups',
  tag: 'mkt-whatsapp',
  schemaName: 'MktWhatsappGroup',
  table: 'public.mkt_wap_groups',
  collectionPath: '/v1/mkt/whatsapp/groups',
  defaultOrder: 'id.desc',
  hooks: { settings: actorSettings },
  fields: {
    id,
    account_id: field(uuid, { write: 'required', filter: 'uuid' }),
    external_group_id: field(withMeta(z.nullable(z.string().check(z.maxLength(200))), { description: "WhatsApp's group id, once the group exists there." }), { filter: 'text' }),
    name: field(z.string().check(z.minLength(1), z.maxLength(200)), { write: 'required', filter: 'text' }),
    description: field(z.nullable(z.string().check(z.maxLength(2000)))),
    group_type: field(z.enum(GROUP_TYPES), { filter: 'text' }),
    segment_id: field(z.nullable(uuid), { filter: 'uuid' }),
    invite_link: field(z.nullable(z.url().check(z.maxLength(2000)))),
    status: field(z.enum(GROUP_STATUSES), { filter: 'text' }),
    owner_id: field(z.nullable(uuid), { filter: 'uuid' }),
    created_by: createdBy,
    ...stamps,
  },
});

/** Consent is evidence (CHECKs mkt_wap_contacts_opted_*_at_check): a change of opt-in status records when, unless the body says. */
function stampOptIn(values: Record<string, unknown>): Record<string, unknown> {
  const now = new Date().toISOString();
  if (values.opt_in_status === 'opted_in' && values.opted_in_at === undefined) return { ...values, opted_in_at: now };
  if (values.opt_in_status === 'opted_out' && values.opted_out_at === undefined) return { ...values, opted_out_at: now };
  return values;
}

export const contactResource = defineResource({
  noun: 'MktWhatsappContact',
  plural: 'MktWhatsappContacts',
  tag: 'mkt-whatsapp',
  schemaName: 'MktWhatsappContact',
  table: 'public.mkt_wap_contacts',
  collectionPath: '/v1/mkt/whatsapp/contacts',
  defaultOrder: 'id.desc',
  hooks: { create: stampOptIn, update: stampOptIn },
  fields: {
    id,
    phone_e164: field(phoneE164, { write: 'required', filter: 'text' }),
    wa_id: field(withMeta(z.nullable(z.string().check(z.maxLength(32))), { description: "WhatsApp's id of the user (digits of the number)." }), { filter: 'text' }),
    display_name: field(z.nullable(z.string().check(z.maxLength(200))), { filter: 'text' }),
    persona_contact_id: field(withMeta(z.nullable(uuid), { description: 'The persona (mkt_persona_contacts) this number belongs to.' }), { filter: 'uuid' }),
    opt_in_status: field(z.enum(OPT_IN_STATUSES), { filter: 'text' }),
    opted_in_at: field(z.nullable(timestamp), { filter: 'timestamptz' }),
    opted_out_at: field(z.nullable(timestamp), { filter: 'timestamptz' }),
    last_message_at: readOnly(z.nullable(timestamp), { filter: 'timestamptz' }),
    ...stamps,
  },
});

/** A message the API writes goes out: outbound, scheduled when it has a time, else queued for the sender. */
function newOutbound(values: Record<string, unknown>): Record<string, unknown> {
  return { ...values, direction: 'outbound', status: values.status ?? (values.scheduled_for ? 'scheduled' : 'queued') };
}

export const messageResource = defineResource({
  noun: 'MktWhatsappMessage',
  plural: 'MktWhatsappMessages',
  tag: 'mkt-whatsapp',
  schemaName: 'MktWhatsappMessage',
  table: 'public.mkt_wap_messages',
  collectionPath: '/v1/mkt/whatsapp/messages',
  defaultOrder: 'id.desc',
  hooks: { settings: actorSettings, create: newOutbound },
  fields: {
    id,
    account_id: field(uuid, { write: 'required', filter: 'uuid' }),
    campaign_id: field(withMeta(z.nullable(uuid), { description: 'The campaign (mkt_campaigns) it belongs to; there are no WhatsApp campaigns.' }), { filter: 'uuid', references: { table: 'public.mkt_campaigns', businessIdColumn: 'campaign_code' } }),
    content_id: field(withMeta(z.nullable(uuid), { description: 'The content (mkt_con_content) it carries.' }), { filter: 'uuid', references: { table: 'public.mkt_con_content', businessIdColumn: 'content_code' } }),
    group_id: field(z.nullable(uuid), { write: 'create', filter: 'uuid' }),
    contact_id: field(z.nullable(uuid), { write: 'create', filter: 'uuid' }),
    direction: readOnly(z.enum(MESSAGE_DIRECTIONS), { filter: 'text' }),
    message_type: field(z.enum(MESSAGE_TYPES), { write: 'create', filter: 'text' }),
    template_name: field(z.nullable(z.string().check(z.minLength(1), z.maxLength(512)))),
    body: field(withMeta(z.nullable(z.string().check(z.maxLength(4096))), { description: 'The text of a text message (a caption for media).' })),
    template_language: field(withMeta(z.nullable(z.string().check(z.regex(/^[a-z]{2,3}(_[A-Z]{2})?$/))), { description: "The template's language code (default en_US)." })),
    template_parameters: field(z.nullable(templateParameters)),
    pricing_category: readOnly(withMeta(z.nullable(z.string()), { description: "Meta's pricing category from the latest billable status." }), { filter: 'text' }),
    send_state: readOnly(
      withMeta(z.nullable(z.enum(['claimed', 'accepted', 'rejected', 'unknown'])), {
        description: "The sender's attempt: claimed, accepted (wamid stored), rejected (failed), unknown (no answer; never resent automatically).",
      }),
      { filter: 'text' },
    ),
    media_url: field(z.nullable(z.url().check(z.maxLength(2000)))),
    external_message_id: readOnly(withMeta(z.nullable(z.string()), { description: 'The wamid WhatsApp returned.' }), { filter: 'text' }),
    status: field(z.enum(NEW_MESSAGE_STATUSES), { write: 'create', read: z.enum(MESSAGE_STATUSES), filter: 'text' }),
    scheduled_for: field(z.nullable(timestamp), { filter: 'timestamptz' }),
    sent_at: readOnly(z.nullable(timestamp), { filter: 'timestamptz' }),
    delivered_at: readOnly(z.nullable(timestamp)),
    read_at: readOnly(z.nullable(timestamp)),
    failed_at: readOnly(z.nullable(timestamp)),
    error_code: readOnly(z.nullable(z.string())),
    error_message: readOnly(z.nullable(z.string())),
    sent_by: readOnly(withMeta(z.nullable(uuid), { description: "The sender's profile, from the token." }), { filter: 'uuid' }),
    ...stamps,
  },
  // The same rules as CHECKs mkt_wap_messages_target_check, _template_check and _scheduled_check, with their fields.
  refineCreate: (derived) =>
    derived.check(z.refine((v) => v.group_id != null || v.contact_id != null, { message: 'Give group_id or contact_id (or both).', path: ['contact_id'] }), z.refine((v) => v.message_type !== 'template' || typeof v.template_name === 'string', { message: 'Required for a template message', path: ['template_name'] }), z.refine((v) => v.status !== 'scheduled' || typeof v.scheduled_for === 'string', { message: 'Required for a scheduled message', path: ['scheduled_for'] })),
});
