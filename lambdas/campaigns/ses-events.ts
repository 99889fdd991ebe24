/**
 * Amazon SES event publishing records (as SNS delivers them) mapped onto
 * campaign events. Record shapes: docs.aws.amazon.com/ses/latest/dg/
 * event-publishing-retrieving-sns-contents.html. The campaign comes from the
 * message tag `campaign_id` (set with the SendEmail `Tags` or the
 * `X-SES-MESSAGE-TAGS` header), the contact from the recipient address.
 */
import type { ProviderEvent } from './provider-events-repository.js';

/** The message tag naming the campaign (uuid or CMP-NNNNNN). */
export const SES_CAMPAIGN_TAG = 'campaign_id';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const addresses = (v: unknown, key?: string): string[] =>
  list(v)
    .map((item) => (key ? str(obj(item)[key]) : str(item)))
    .filter((a): a is string => a !== undefined);

/** What a record type becomes: the event type, its recipients, when, and the details worth keeping. */
interface Mapped {
  type: string;
  recipients: string[];
  timestamp: string | undefined;
  data: Json;
}

function mapRecord(eventType: string, record: Json, mail: Json): Mapped | null {
  const destination = addresses(mail.destination);
  switch (eventType) {
    case 'Send':
      return { type: 'sent', recipients: destination, timestamp: str(mail.timestamp), data: {} };
    case 'Delivery': {
      const d = obj(record.delivery);
      return { type: 'delivered', recipients: addresses(d.recipients), timestamp: str(d.timestamp), data: { smtp_response: d.smtpResponse ?? null } };
    }
    case 'Open': {
      const o = obj(record.open);
      return { type: 'opened', recipients: destination, timestamp: str(o.timestamp), data: { user_agent: o.userAgent ?? null } };
    }
    case 'Click': {
      const c = obj(record.click);
      return { type: 'clicked', recipients: destination, timestamp: str(c.timestamp), data: { link: c.link ?? null, link_tags: c.linkTags ?? null } };
    }
    case 'Bounce': {
      const b = obj(record.bounce);
      return {
        type: 'bounced',
        recipients: addresses(b.bouncedRecipients, 'emailAddress'),
        timestamp: str(b.timestamp),
        data: { bounce_type: b.bounceType ?? null, bounce_subtype: b.bounceSubType ?? null },
      };
    }
    case 'Complaint': {
      const c = obj(record.complaint);
      return {
        type: 'complained',
        recipients: addresses(c.complainedRecipients, 'emailAddress'),
        timestamp: str(c.timestamp),
        data: { feedback_type: c.complaintFeedbackType ?? null },
      };
    }
    case 'Subscription': {
      const s = obj(record.subscription);
      // Only a full opt-out is an unsubscribe; a change of topic preferences is not.
      if (obj(s.newTopicPreferences).unsubscribeAll !== true) return null;
      return { type: 'unsubscribed', recipients: destination, timestamp: str(s.timestamp), data: { contact_list: s.contactList ?? null } };
    }
    // Reject (SES refused to send), Rendering Failure and DeliveryDelay (not final) have no campaign event type.
    default:
      return null;
  }
}

/**
 * The campaign events in one SES record (the SNS `Message`, parsed). A
 * record may name several recipients: one event each. Unknown or unmapped
 * records give none.
 */
export function sesRecordEvents(record: unknown): ProviderEvent[] {
  const r = obj(record);
  const eventType = str(r.eventType) ?? str(r.notificationType);
  const mail = obj(r.mail);
  const messageId = str(mail.messageId);
  if (!eventType || !messageId) return [];
  const mapped = mapRecord(eventType, r, mail);
  if (!mapped) return [];
  const campaign = str(list(obj(mail.tags)[SES_CAMPAIGN_TAG])[0]) ?? null;
  const timestamp = mapped.timestamp ?? str(mail.timestamp) ?? new Date().toISOString();
  return mapped.recipients.map((email) => ({
    provider: 'ses' as const,
    // SES has no per-event id: the message, the type, the recipient and the time name one event, so an SNS
    // redelivery (and SES's documented duplicate opens and clicks) maps onto the same key.
    providerEventId: `${messageId}/${eventType}/${email.toLowerCase()}/${timestamp}`,
    campaign,
    email,
    eventType: mapped.type,
    timestamp,
    data: { provider: 'ses', provider_event: eventType, message_id: messageId, ...mapped.data },
    channel: 'email',
  }));
}
