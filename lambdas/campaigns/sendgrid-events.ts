/**
 * SendGrid Event Webhook events mapped onto campaign events. Shapes:
 * twilio.com/docs/sendgrid/for-developers/tracking-events/event. The body is
 * a JSON array; each event has `sg_event_id` (the dedupe key), `email`,
 * `timestamp` (Unix seconds), `event`, and the custom arguments set when
 * sending, of which `campaign_id` names the campaign.
 */
import type { ProviderEvent } from './provider-events-repository.js';

export const SENDGRID_CAMPAIGN_ARG = 'campaign_id';

/** SendGrid event → campaign event type; the others (deferred, dropped, group_resubscribe, ...) have none. */
const TYPES: Readonly<Record<string, string>> = {
  processed: 'sent',
  delivered: 'delivered',
  open: 'opened',
  click: 'clicked',
  bounce: 'bounced',
  spamreport: 'complained',
  unsubscribe: 'unsubscribed',
  group_unsubscribe: 'unsubscribed',
};

type Json = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

export interface SendGridMapping {
  events: ProviderEvent[];
  /** Items that are not events we can store (unmapped type or missing fields). */
  ignored: number;
}

export function sendgridEvents(body: unknown[]): SendGridMapping {
  const events: ProviderEvent[] = [];
  let ignored = 0;
  for (const item of body) {
    const e = (item !== null && typeof item === 'object' && !Array.isArray(item) ? item : {}) as Json;
    const id = str(e.sg_event_id);
    const email = str(e.email);
    const kind = str(e.event);
    const type = kind ? TYPES[kind] : undefined;
    if (!id || !email || !type || typeof e.timestamp !== 'number' || !Number.isFinite(e.timestamp)) {
      ignored++;
      continue;
    }
    const pick = (...keys: string[]) => Object.fromEntries(keys.filter((k) => e[k] !== undefined).map((k) => [k, e[k]]));
    events.push({
      provider: 'sendgrid',
      providerEventId: id,
      campaign: str(e[SENDGRID_CAMPAIGN_ARG]) ?? null,
      email,
      eventType: type,
      timestamp: new Date(e.timestamp * 1000).toISOString(),
      data: { provider: 'sendgrid', provider_event: kind, ...pick('sg_message_id', 'url', 'type', 'reason', 'status', 'sg_machine_open', 'useragent') },
      channel: 'email',
    });
  }
  return { events, ignored };
}
