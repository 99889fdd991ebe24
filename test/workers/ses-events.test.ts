/**
 * SES event publishing through SNS into the ses-events worker, on a real
 * database through the local Data API: the documented sample records become
 * the right campaign event types, a redelivery stores nothing, records of
 * types without a campaign event type or without a known campaign/contact
 * store nothing, and a delivery costs one Data API call.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../lambdas/workers/ses-events/handler.js';
import { startTestApi, type TestApi } from '../support/api.js';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.resolve('test/fixtures/providers', name), 'utf8')) as Record<string, unknown>;

/** An SNS → Lambda event as SNS delivers it, one record per SES record. */
function snsEvent(messages: unknown[], firstId = 1): SNSEvent {
  return {
    Records: messages.map((message, i) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:ses-events:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55',
      Sns: {
        Type: 'Notification',
        MessageId: `95df01b4-ee98-5cb9-9903-4c221d41eb5e-${firstId + i}`,
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:ses-events',
        Subject: '',
        Message: typeof message === 'string' ? message : JSON.stringify(message),
        Timestamp: '2017-08-09T22:00:20.000Z',
        SignatureVersion: '1',
        Signature: 'EXAMPLE',
        SigningCertUrl: 'EXAMPLE',
        UnsubscribeUrl: 'EXAMPLE',
        MessageAttributes: {},
      },
    })),
  };
}

let api: TestApi;
let campaignId: string;
beforeAll(async () => {
  api = await startTestApi();
  await api.db.pool.query(`INSERT INTO directory.contacts (full_name, email) VALUES ('Recipient', 'Recipient@Example.com')`);
  const made = await api.request<{ id: string; campaign_id: string }>('POST', '/v1/campaigns', { as: 'marketer', body: { campaign_name: 'SES', campaign_type: 'email' } });
  // The samples carry the tag campaign_id = CMP-010001: the first campaign of a fresh database.
  expect(made.body.campaign_id).toBe('CMP-010001');
  campaignId = made.body.id;
});
afterAll(async () => {
  await api.stop();
});

async function stored(): Promise<Array<{ event_type: string; event_timestamp: string; event_data: Record<string, unknown> }>> {
  const { rows } = await api.db.pool.query(
    `SELECT event_type, to_char(event_timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS event_timestamp, event_data
     FROM marketing.campaign_events WHERE campaign_id = $1 ORDER BY event_type`,
    [campaignId],
  );
  return rows;
}

const SAMPLES = ['ses-delivery.json', 'ses-open.json', 'ses-click.json', 'ses-bounce.json', 'ses-complaint.json'];

describe('ses-events worker', () => {
  it('maps the documented Delivery, Open, Click, Bounce and Complaint records in one Data API call', async () => {
    api.dataApiCalls.length = 0;
    const result = await handler(snsEvent(SAMPLES.map(fixture)));
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(result).toEqual({ stored: 5, duplicates: 0, unmatched: 0, ignored: 0 });
    const rows = await stored();
    expect(rows.map((r) => [r.event_type, r.event_timestamp])).toEqual([
      ['bounced', '2017-08-05T00:41:02.669Z'],
      ['clicked', '2017-08-09T23:51:25.570Z'],
      ['complained', '2017-08-05T00:41:02.669Z'],
      ['delivered', '2016-10-19T23:21:04.133Z'],
      ['opened', '2017-08-09T22:00:19.652Z'],
    ]);
    expect(rows.find((r) => r.event_type === 'clicked')!.event_data).toMatchObject({
      provider: 'ses',
      provider_event: 'Click',
      link: 'http://docs.aws.amazon.com/ses/latest/DeveloperGuide/send-email-smtp.html',
    });
    expect(rows.find((r) => r.event_type === 'bounced')!.event_data).toMatchObject({ bounce_type: 'Permanent', bounce_subtype: 'General' });
  });

  it('stores nothing for a redelivery of each record (same or new SNS message id)', async () => {
    const before = (await stored()).length;
    expect(await handler(snsEvent(SAMPLES.map(fixture)))).toEqual({ stored: 0, duplicates: 5, unmatched: 0, ignored: 0 });
    expect(await handler(snsEvent(SAMPLES.map(fixture), 100))).toMatchObject({ stored: 0, duplicates: 5 });
    // Two copies inside one delivery store one event.
    const again = { ...fixture('ses-open.json'), open: { ...(fixture('ses-open.json').open as object), timestamp: '2017-08-10T08:00:00.000Z' } };
    expect(await handler(snsEvent([again, again]))).toEqual({ stored: 1, duplicates: 1, unmatched: 0, ignored: 0 });
    expect((await stored()).length).toBe(before + 1);
  });

  it('stores nothing for a Reject, a record that is not JSON, an unknown campaign tag or recipient', async () => {
    const before = (await stored()).length;
    const delivery = fixture('ses-delivery.json');
    const mail = delivery.mail as Record<string, unknown>;
    const otherCampaign = { ...delivery, mail: { ...mail, messageId: 'other-1', tags: { campaign_id: ['CMP-999999'] } } };
    const otherRecipient = { ...delivery, mail: { ...mail, messageId: 'other-2' }, delivery: { ...(delivery.delivery as object), recipients: ['stranger@example.com'] } };
    const result = await handler(snsEvent([fixture('ses-reject.json'), 'not json', otherCampaign, otherRecipient]));
    expect(result).toEqual({ stored: 0, duplicates: 0, unmatched: 2, ignored: 1 });
    expect((await stored()).length).toBe(before);
  });
});
