/**
 * The WhatsApp webhook's rules. Each account has its own callback path,
 * `/v1/mkt/whatsapp/webhook/{accountId}`, with its own app secret and verify
 * token (sealed in its row, webhook-secrets.ts), so accounts of different
 * Meta apps can coexist:
 * - the verification handshake answers the challenge only for that account's
 *   verify token (constant-time);
 * - a delivery is refused (401) before anything is parsed unless its
 *   signature over the raw bytes verifies with that account's app secret,
 *   and is then stored in one statement, for that account's phone number only
 *   (a secret proves who may write to its own account, not to others).
 * An account without an app secret yet answers 503, which Meta retries.
 */
import type { Row } from '../platform/db/executor.js';
import { getExecutor } from '../platform/db/index.js';
import { BadRequestError, ForbiddenError, ServiceUnavailableError, UnauthorizedError, ValidationError } from '../platform/errors.js';
import { delivery, flatten } from './webhook-payload.js';
import { storeDelivery } from './webhook-repository.js';
import { webhookSecrets } from './webhook-secrets.js';
import { sameToken, validSignature } from './webhook-signature.js';

export interface Handshake {
  'hub.mode'?: string | undefined;
  'hub.verify_token'?: string | undefined;
  'hub.challenge'?: string | undefined;
}

const refusedHandshake = () => new ForbiddenError("The verification request does not carry this webhook's verify token.");
const refusedSignature = () => new UnauthorizedError('X-Hub-Signature-256 is missing or is not the signature of this body.');

export async function handshake(accountId: string, query: Handshake): Promise<string> {
  const given = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (query['hub.mode'] !== 'subscribe' || given === undefined || challenge === undefined) throw refusedHandshake();
  const secrets = await webhookSecrets(accountId, true);
  if (!secrets?.verifyToken || !sameToken(given, secrets.verifyToken)) throw refusedHandshake();
  return challenge;
}

export async function receive(accountId: string, rawBody: Buffer | undefined, signature: string | undefined): Promise<Row> {
  // The chain has already refused a body over its 1 MiB limit (413), before this point.
  const bytes = rawBody ?? Buffer.alloc(0);
  let secrets = await webhookSecrets(accountId);
  if (!secrets) throw refusedSignature();
  if (!secrets.appSecret) throw new ServiceUnavailableError("This account's webhook is not configured yet (no app secret).", 300);
  if (!validSignature(bytes, signature, secrets.appSecret)) {
    // Perhaps the secret was replaced through another container: read it again (at most once a minute).
    secrets = await webhookSecrets(accountId, true);
    if (!secrets?.appSecret || !validSignature(bytes, signature, secrets.appSecret)) throw refusedSignature();
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
  return storeDelivery(getExecutor(), accountId, inbound, statuses);
}
