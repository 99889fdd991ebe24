/**
 * Events from email platforms, on plain inputs: SES records (from the SNS
 * worker) and signed SendGrid deliveries (from the webhook route). Each
 * delivery is one Data API call, deduplicated on the provider's ids.
 */
import type { KeyObject } from 'node:crypto';
import { optionalEnv } from '../platform/config.js';
import { getExecutor } from '../platform/db/index.js';
import { BadRequestError, ServiceUnavailableError, UnauthorizedError } from '../platform/errors.js';
import { storeProviderEvents, type ProviderOutcome } from './provider-events-repository.js';
import { sendgridEvents } from './sendgrid-events.js';
import { sendgridPublicKey, verifySendgridSignature } from './sendgrid-signature.js';
import { sesRecordEvents } from './ses-events.js';

export interface DeliveryResult extends ProviderOutcome {
  /** Items with no campaign event type or without the fields needed. */
  ignored: number;
}

/** SES records (each an SNS `Message`, parsed): stored in one call. */
export async function ingestSesRecords(records: readonly unknown[]): Promise<DeliveryResult> {
  let ignored = 0;
  const events = records.flatMap((record) => {
    const mapped = sesRecordEvents(record);
    if (mapped.length === 0) ignored++;
    return mapped;
  });
  return { ...(await storeProviderEvents(getExecutor(), events)), ignored };
}

export const SENDGRID_KEY_ENV = 'SENDGRID_WEBHOOK_PUBLIC_KEY';

let cachedKey: { text: string; key: KeyObject } | undefined;
function webhookKey(): KeyObject {
  const text = optionalEnv(SENDGRID_KEY_ENV);
  if (!text) throw new ServiceUnavailableError('The SendGrid webhook is not configured.');
  if (cachedKey?.text !== text) cachedKey = { text, key: sendgridPublicKey(text) };
  return cachedKey.key;
}

/** Checks a SendGrid delivery's signature over the raw bytes (401 when it does not hold), before anything is parsed. */
export function verifySendgridDelivery(headers: { signature: string | undefined; timestamp: string | undefined }, rawBody: Buffer | undefined): void {
  const check = verifySendgridSignature(webhookKey(), headers, rawBody ?? Buffer.alloc(0));
  if (!check.ok) throw new UnauthorizedError(check.reason);
}

/** A verified SendGrid delivery: parsed, mapped and stored. */
export async function ingestSendgridDelivery(rawBody: Buffer | undefined): Promise<DeliveryResult> {
  let body: unknown;
  try {
    body = JSON.parse((rawBody ?? Buffer.alloc(0)).toString('utf8'));
  } catch {
    throw new BadRequestError('The SendGrid delivery is not valid JSON.');
  }
  if (!Array.isArray(body)) throw new BadRequestError('A SendGrid delivery is a JSON array of events.');
  const { events, ignored } = sendgridEvents(body);
  return { ...(await storeProviderEvents(getExecutor(), events)), ignored };
}
