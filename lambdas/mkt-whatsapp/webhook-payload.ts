/**
 * The shape of a WhatsApp Cloud API webhook delivery (as Meta documents it,
 * see ../../shared/INTEGRATIONS.md) and its flattening into the rows one
 * statement stores: inbound messages and status updates, each tagged with
 * the receiving phone number id. Unknown fields are kept out, not refused:
 * Meta adds fields, and a refused delivery would be retried for days.
 */
import * as z from 'zod/mini';

const text = z.string().check(z.maxLength(4096));
const waId = z.string().check(z.regex(/^[1-9][0-9]{6,14}$/));
const unixSeconds = z.string().check(z.regex(/^\d{1,12}$/));

const message = z.looseObject({
  from: waId,
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  timestamp: unixSeconds,
  type: z.string().check(z.maxLength(50)),
  group_id: z.optional(z.string().check(z.maxLength(200))),
  text: z.optional(z.looseObject({ body: text })),
  image: z.optional(z.looseObject({ caption: z.optional(text) })),
  video: z.optional(z.looseObject({ caption: z.optional(text) })),
  document: z.optional(z.looseObject({ caption: z.optional(text), filename: z.optional(text) })),
  audio: z.optional(z.looseObject({})),
  sticker: z.optional(z.looseObject({})),
  location: z.optional(z.looseObject({ latitude: z.number(), longitude: z.number(), name: z.optional(text), address: z.optional(text) })),
  reaction: z.optional(z.looseObject({ message_id: z.optional(z.string()), emoji: z.optional(text) })),
  interactive: z.optional(z.looseObject({
      type: z.optional(z.string()),
      button_reply: z.optional(z.looseObject({ id: z.optional(z.string()), title: z.optional(text) })),
      list_reply: z.optional(z.looseObject({ id: z.optional(z.string()), title: z.optional(text) })),
    })),
  button: z.optional(z.looseObject({ text: z.optional(text) })),
});

const status = z.looseObject({
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  status: z.string().check(z.maxLength(50)),
  timestamp: unixSeconds,
  recipient_id: z.optional(z.string().check(z.maxLength(50))),
  pricing: z.optional(z.looseObject({ billable: z.optional(z.boolean()), category: z.optional(z.string().check(z.maxLength(50))) })),
  // Echoed from the send request: the sender puts our message id there, so a status finds its row even when
  // the sender never learnt the wamid (an answer lost to a timeout).
  biz_opaque_callback_data: z.optional(z.string().check(z.maxLength(512))),
  errors: z.optional(z.array(z.looseObject({ code: z.optional(z.union([z.number(), z.string()])), title: z.optional(text), message: z.optional(text) }))),
});

const value = z.looseObject({
  metadata: z.looseObject({ phone_number_id: z.string().check(z.minLength(1), z.maxLength(64)) }),
  contacts: z.optional(z.array(z.looseObject({ wa_id: z.string(), profile: z.optional(z.looseObject({ name: z.optional(z.string().check(z.maxLength(200))) })) }))),
  // Parsed one by one (below), so one entry not as documented does not cost the others.
  messages: z.optional(z.array(z.unknown())),
  statuses: z.optional(z.array(z.unknown())),
});

export const delivery = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.looseObject({ id: z.optional(z.string()), changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })) })),
});

export type Delivery = z.infer<typeof delivery>;

export interface InboundRow {
  phone_number_id: string;
  wamid: string;
  wa_id: string;
  profile_name: string | null;
  sent_at: string;
  message_type: string;
  body: string | null;
  group_ext: string | null;
}

export interface StatusRow {
  phone_number_id: string;
  wamid: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  at: string;
  error_code: string | null;
  error_message: string | null;
  pricing_category: string | null;
  callback: string | null;
}

const isoOf = (seconds: string) => new Date(Number(seconds) * 1000).toISOString();

/** The stored type (mkt_wap_messages_message_type_check) and text of one inbound message. */
function contentOf(m: z.infer<typeof message>): { type: string; body: string | null } {
  switch (m.type) {
    case 'text':
      return { type: 'text', body: m.text?.body ?? null };
    case 'image':
    case 'video':
      return { type: m.type, body: m[m.type]?.caption ?? null };
    case 'document':
      return { type: 'document', body: m.document?.caption ?? m.document?.filename ?? null };
    case 'audio':
      return { type: 'audio', body: null };
    case 'sticker':
      return { type: 'image', body: null };
    case 'location': {
      const l = m.location;
      return { type: 'location', body: l ? [`${l.latitude},${l.longitude}`, l.name, l.address].filter(Boolean).join(' ') : null };
    }
    case 'reaction':
      return { type: 'reaction', body: m.reaction?.emoji ?? null };
    case 'interactive':
      return { type: 'interactive', body: m.interactive?.button_reply?.title ?? m.interactive?.list_reply?.title ?? null };
    case 'button':
      return { type: 'interactive', body: m.button?.text ?? null };
    default:
      // contacts, order, system, unsupported: kept as a message without text, so it is still counted and deduplicated.
      return { type: 'text', body: null };
  }
}

const STATUSES = new Set(['sent', 'delivered', 'read', 'failed']);

/** Every inbound message and status of a delivery; changes of other fields, and values not as documented, are left out. */
export function flatten(d: Delivery): { inbound: InboundRow[]; statuses: StatusRow[] } {
  const inbound: InboundRow[] = [];
  const statuses: StatusRow[] = [];
  for (const entry of d.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue;
      const parsed = value.safeParse(change.value);
      if (!parsed.success) continue;
      const v = parsed.data;
      const names = new Map((v.contacts ?? []).map((c) => [c.wa_id, c.profile?.name ?? null]));
      for (const raw of v.messages ?? []) {
        const one = message.safeParse(raw);
        if (!one.success) continue;
        const m = one.data;
        const { type, body } = contentOf(m);
        inbound.push({
          phone_number_id: v.metadata.phone_number_id,
          wamid: m.id,
          wa_id: m.from,
          profile_name: names.get(m.from) ?? null,
          sent_at: isoOf(m.timestamp),
          message_type: type,
          body,
          group_ext: m.group_id ?? null,
        });
      }
      for (const raw of v.statuses ?? []) {
        const one = status.safeParse(raw);
        if (!one.success || !STATUSES.has(one.data.status)) continue;
        const s = one.data;
        const error = s.errors?.[0];
        statuses.push({
          phone_number_id: v.metadata.phone_number_id,
          wamid: s.id,
          status: s.status as StatusRow['status'],
          at: isoOf(s.timestamp),
          error_code: error?.code === undefined ? null : String(error.code),
          error_message: error ? (error.message ?? error.title ?? null) : null,
          pricing_category: s.pricing?.category ?? null,
          callback: s.biz_opaque_callback_data ?? null,
        });
      }
    }
  }
  return { inbound, statuses };
}
