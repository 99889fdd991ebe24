/**
 * The WhatsApp Cloud API sender: `POST {base}/{phone-number-id}/messages`
 * with the account's bearer token (INTEGRATIONS.md). One request per message
 * and exactly one attempt: Meta has no idempotency key, so a request whose
 * answer is lost may still have been sent, and sending it again could
 * duplicate it. The outcome says which case it is:
 * - `accepted`: a wamid came back;
 * - `rejected`: Meta answered with an error (`{ error: { code, message, … } }`): not sent;
 * - `not_sent`: nothing reached Meta (connection refused, unknown host) or Meta
 *   said it is throttling (HTTP 429, codes 4, 80007, 130429, 131056): safe to send later;
 * - `unknown`: a timeout, a reset connection, a 5xx or an unreadable answer:
 *   Meta may have sent it. Never retried automatically.
 * Our message id travels as biz_opaque_callback_data, which Meta echoes in
 * the message's status webhooks, so an unknown outcome can still be
 * reconciled (lambdas/mkt-whatsapp/webhook-repository.ts).
 */
export const DEFAULT_API_BASE_URL = 'https://graph.facebook.com/v23.0';
export const SEND_TIMEOUT_MS = 10_000;

export type Outgoing =
  | { kind: 'text'; to: string; recipient: 'individual' | 'group'; text: string; callback: string }
  | { kind: 'template'; to: string; recipient: 'individual' | 'group'; name: string; language: string; parameters: readonly string[]; callback: string };

export type SendOutcome =
  | { kind: 'accepted'; wamid: string }
  | { kind: 'rejected'; code: string; message: string }
  | { kind: 'not_sent'; reason: string }
  | { kind: 'unknown'; reason: string };

/** Throughput limits: Meta refused to take the message now (documented as "try again later"). */
const THROTTLED = new Set(['4', '80007', '130429', '131056']);
const NOT_REACHED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

export function requestBody(message: Outgoing): Record<string, unknown> {
  const common = { messaging_product: 'whatsapp', recipient_type: message.recipient, to: message.to, biz_opaque_callback_data: message.callback };
  if (message.kind === 'text') return { ...common, type: 'text', text: { preview_url: false, body: message.text } };
  const components = message.parameters.length ? [{ type: 'body', parameters: message.parameters.map((text) => ({ type: 'text', text })) }] : [];
  return { ...common, type: 'template', template: { name: message.name, language: { policy: 'deterministic', code: message.language }, components } };
}

export interface SendOptions {
  baseUrl: string;
  phoneNumberId: string;
  accessToken: string;
  timeoutMs?: number;
}

function errorCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: string } } | null)?.cause;
  return cause?.code ?? (error as { code?: string } | null)?.code;
}

export async function sendMessage(options: SendOptions, message: Outgoing): Promise<SendOutcome> {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(options.phoneNumberId)}/messages`;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(requestBody(message)),
      signal: AbortSignal.timeout(options.timeoutMs ?? SEND_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    const code = errorCode(error);
    if (code && NOT_REACHED.has(code)) return { kind: 'not_sent', reason: `The Cloud API was not reached (${code}).` };
    return { kind: 'unknown', reason: `No answer from the Cloud API (${code ?? (error as Error).name}): it may have sent the message.` };
  }
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    body = undefined;
  }
  if (response.ok) {
    const wamid = (body as { messages?: { id?: unknown }[] } | undefined)?.messages?.[0]?.id;
    if (typeof wamid === 'string' && wamid.length > 0 && wamid.length <= 200) return { kind: 'accepted', wamid };
    return { kind: 'unknown', reason: `The Cloud API answered ${response.status} without a message id.` };
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; error_data?: { details?: unknown } } } | undefined)?.error;
  const code = error?.code === undefined ? undefined : String(error.code);
  if (response.status >= 500 || !error) return { kind: 'unknown', reason: `The Cloud API answered ${response.status}: it may have sent the message.` };
  if (response.status === 429 || (code && THROTTLED.has(code))) return { kind: 'not_sent', reason: `Throttled by the Cloud API (${code ?? response.status}).` };
  const details = typeof error.error_data?.details === 'string' ? ` ${error.error_data.details}` : '';
  return { kind: 'rejected', code: code ?? String(response.status), message: `${typeof error.message === 'string' ? error.message : 'Refused.'}${details}`.slice(0, 1000) };
}
