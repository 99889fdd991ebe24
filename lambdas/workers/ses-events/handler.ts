/**
 * SES event publishing → SNS topic → this function (no public endpoint, no
 * signature: SNS invokes it directly). Each SNS record's `Message` is one SES
 * record; all records of an invocation are stored in one Data API call,
 * deduplicated, so SNS's retries and SES's duplicate opens/clicks store
 * nothing twice. A message that is not JSON is logged and dropped (a retry
 * cannot fix it); a database failure fails the invocation, so it is retried.
 */
import type { SNSEvent } from 'aws-lambda';
import { ingestSesRecords, type DeliveryResult } from '../../campaigns/provider-service.js';
import { logger } from '../../platform/observability.js';

export async function handler(event: SNSEvent): Promise<DeliveryResult> {
  const records: unknown[] = [];
  for (const record of event.Records) {
    try {
      records.push(JSON.parse(record.Sns.Message) as unknown);
    } catch {
      logger.warn('SES notification is not JSON; dropped', { snsMessageId: record.Sns.MessageId });
    }
  }
  const result = await ingestSesRecords(records);
  logger.info('SES events', { ...result, records: event.Records.length });
  return result;
}
