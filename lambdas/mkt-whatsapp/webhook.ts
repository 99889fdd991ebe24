/**
 * The WhatsApp webhook's rules: the verification handshake answers the
 * challenge only for our verify token; a delivery is refused (401) before
 * anything is parsed unless its signature over the raw bytes is right, and is
 * then stored in one statement.
 *
 * The verify token and app secret come from configuration
 * (WHATSAPP_VERIFY_TOKEN, WHATSAPP_APP_SECRET): the app secret belongs to the
 * Meta app, which signs for every number it serves. Storing it KMS-encrypted
 * with the accounts is pending the envelope-encryption module; until then a
 * deployment without it answers 503, which Meta retries.
 */
import { optionalEnv } from '../platform/config.js';
import type { Row } from '../platform/db/executor.js';
import { getExecutor } from '../platform/db/index.js';
import { BadRequestError, ForbiddenError, ServiceUnavailableError, UnauthorizedError, ValidationError } from '../platform/errors.js';
import { delivery, flatten } from './webhook-payload.js';
import { storeDelivery } from './webhook-repository.js';
import { sameToken, validSignature } from './webhook-signature.js';

export interface Handshake {
  'hub.mode'?: string | undefined;
  'hub.verify_token'?: string | undefined;
  'hub.challenge'?: string | undefined;
}

export function handshake(query: Handshake): string {
  const expected = optionalEnv('WHATSAPP_VERIFY_TOKEN');
  const given = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (!expected || query['hub.mode'] !== 'subscribe' || given === undefined || challenge === undefined || !sameToken(given, expected)) {
    throw new ForbiddenError('The verification request does not carry this webhook\'s verify token.');
  }
  return challenge;
}

export async function receive(rawBody: Buffer | undefined, signature: string | undefined): Promise<Row> {
  const secret = optionalEnv('WHATSAPP_APP_SECRET');
  if (!secret) throw new ServiceUnavailableError('The WhatsApp webhook is not configured yet (no app secret).', 300);
  // The chain has already refused a body over its 1 MiB limit (413), before this point.
  const bytes = rawBody ?? Buffer.alloc(0);
  if (!validSignature(bytes, signature, secret)) {
    throw new UnauthorizedError('X-Hub-Signature-256 is missing or is not the signature of this body.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw new BadRequestError('The delivery is not JSON.');
  }
  const envelope = delivery.safeParse(parsed);
  if (!envelope.success) {
    throw new ValidationError(envelope.error.issues.map((i) => ({ path: ['body', ...i.path].join('.'), message: i.message })));
  }
  const { inbound, statuses } = flatten(envelope.data);
  return storeDelivery(getExecutor(), inbound, statuses);
}
