/**
 * A local stand-in for the WhatsApp Cloud API's send endpoint, a real HTTP
 * server on 127.0.0.1 that enforces the documented flow (INTEGRATIONS.md):
 * `POST /<version>/<phone-number-id>/messages` with `Authorization: Bearer
 * <that number's token>`, `messaging_product: "whatsapp"`, a `to`, and a
 * body of the declared type (`text { body }` or `template { name, language
 * { code }, components }`). It answers as Meta does:
 * `{ messaging_product, contacts: [{ input, wa_id }], messages: [{ id: "wamid…" }] }`,
 * or a Graph error `{ error: { message, type, code, error_subcode?, fbtrace_id } }`
 * (190 bad token, 100 bad parameter, 131047 outside the service window…).
 *
 * Like Meta, it then posts the message's statuses (sent, delivered, read) to
 * the number's callback URL, signed with X-Hub-Signature-256 under the app
 * secret and carrying the request's biz_opaque_callback_data. Tests queue
 * faults for the next requests: an error answer, or `timeout-after-accept`
 * (the message is taken and its statuses posted, but the answer never comes).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const STAND_IN_API_VERSION = 'v23.0';

export interface StandInNumber {
  phoneNumberId: string;
  displayPhoneNumber: string;
  wabaId: string;
  accessToken: string;
  /** Where statuses go (the account's callback URL) and the secret that signs them; without them none are posted. */
  callbackUrl?: string;
  appSecret?: string;
}

export interface AcceptedMessage {
  wamid: string;
  phoneNumberId: string;
  body: Record<string, unknown>;
}

export type Fault = { status: number; error: { message: string; type?: string; code: number; error_subcode?: number } } | 'timeout-after-accept';

export interface CloudApiStandInOptions {
  numbers: readonly StandInNumber[];
  /** Post sent/delivered/read after accepting (default true), this many ms apart (default 200). */
  statuses?: boolean;
  statusDelayMs?: number;
  port?: number;
  log?: (line: string) => void;
}

export interface CloudApiStandIn {
  /** The base URL the sender takes: `http://127.0.0.1:<port>/<version>`. */
  baseUrl: string;
  /** Every message it accepted, in order. */
  accepted: AcceptedMessage[];
  /** Every request that reached the send endpoint, accepted or refused (method, path, status answered). */
  requests: { path: string; status: number }[];
  /** The next requests get these answers instead of the normal one. */
  queueFault(...faults: Fault[]): void;
  /** Turns the automatic sent/delivered/read posts on or off (tests post statuses themselves). */
  setAutoStatuses(on: boolean): void;
  /** Posts one status of an accepted message to its number's callback, signed as Meta signs; resolves to the HTTP status. */
  postStatus(wamid: string, status: 'sent' | 'delivered' | 'read' | 'failed'): Promise<number>;
  /** Resolves when every status posted so far has been answered. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

const graphError = (code: number, message: string, type = 'OAuthException', subcode?: number) => ({
  error: { message, type, code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: randomBytes(8).toString('base64url') },
});

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown, max: number) => typeof v === 'string' && v.length > 0 && v.length <= max;

/** The documented body rules, checked in the order Meta reports them; null when the body is fine. */
function bodyProblem(body: unknown): string | null {
  if (!isRecord(body)) return '(#100) The request body is not a JSON object.';
  if (body.messaging_product !== 'whatsapp') return '(#100) The parameter messaging_product is required.';
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual' && body.recipient_type !== 'group') {
    return '(#100) Param recipient_type must be one of {INDIVIDUAL, GROUP}.';
  }
  if (!nonEmpty(body.to, 200)) return '(#100) The parameter to is required.';
  if (body.biz_opaque_callback_data !== undefined && !nonEmpty(body.biz_opaque_callback_data, 512)) {
    return '(#100) Param biz_opaque_callback_data must be at most 512 characters long.';
  }
  if (body.type === 'text') {
    if (!isRecord(body.text) || !nonEmpty(body.text.body, 4096)) return '(#100) The parameter text[body] is required.';
    return null;
  }
  if (body.type === 'template') {
    const t = body.template;
    if (!isRecord(t) || !nonEmpty(t.name, 512)) return '(#100) The parameter template[name] is required.';
    if (!isRecord(t.language) || !nonEmpty(t.language.code, 10)) return '(#100) The parameter template[language][code] is required.';
    if (t.components !== undefined) {
      if (!Array.isArray(t.components)) return '(#100) Param template[components] must be an array.';
      for (const c of t.components) {
        if (!isRecord(c) || typeof c.type !== 'string') return '(#100) Param template[components][type] is required.';
        if (c.parameters !== undefined && (!Array.isArray(c.parameters) || !c.parameters.every((p) => isRecord(p) && p.type === 'text' && nonEmpty(p.text, 1024)))) {
          return '(#100) Param template[components][parameters] must be text parameters with a text.';
        }
      }
    }
    return null;
  }
  return `(#100) Param type must be one of {TEXT, TEMPLATE} on this stand-in; got ${JSON.stringify(body.type)}.`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startCloudApiStandIn(options: CloudApiStandInOptions): Promise<CloudApiStandIn> {
  const numbers = new Map(options.numbers.map((n) => [n.phoneNumberId, n]));
  const accepted: AcceptedMessage[] = [];
  const requests: { path: string; status: number }[] = [];
  const faults: Fault[] = [];
  const pending = new Set<Promise<unknown>>();
  const hanging = new Set<ServerResponse>();
  const log = options.log ?? (() => undefined);
  const delay = options.statusDelayMs ?? 200;
  let auto = options.statuses !== false;

  const payloadFor = (message: AcceptedMessage, status: string) => {
    const n = numbers.get(message.phoneNumberId)!;
    const template = message.body.type === 'template';
    return {
      object: 'whatsapp_business_account',
      entry: [{
        id: n.wabaId,
        changes: [{
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: n.displayPhoneNumber, phone_number_id: n.phoneNumberId },
            statuses: [{
              id: message.wamid,
              status,
              timestamp: String(Math.floor(Date.now() / 1000)),
              recipient_id: String(message.body.to),
              ...(typeof message.body.biz_opaque_callback_data === 'string' ? { biz_opaque_callback_data: message.body.biz_opaque_callback_data } : {}),
              ...(status === 'failed'
                ? { errors: [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Message Undeliverable.' } }] }
                : { pricing: { billable: true, pricing_model: 'PMP', category: template ? 'marketing' : 'service' } }),
            }],
          },
        }],
      }],
    };
  };

  const postStatus = async (wamid: string, status: 'sent' | 'delivered' | 'read' | 'failed'): Promise<number> => {
    const message = accepted.find((m) => m.wamid === wamid);
    if (!message) throw new Error(`The stand-in accepted no message ${wamid}.`);
    const n = numbers.get(message.phoneNumberId)!;
    if (!n.callbackUrl || !n.appSecret) throw new Error(`Number ${n.phoneNumberId} has no callback URL and app secret.`);
    const body = JSON.stringify(payloadFor(message, status));
    const signature = `sha256=${createHmac('sha256', n.appSecret).update(body, 'utf8').digest('hex')}`;
    const response = await fetch(n.callbackUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });
    await response.arrayBuffer();
    log(`  whatsapp stand-in: status ${status} of ${wamid} -> ${response.status}`);
    return response.status;
  };

  const track = (p: Promise<unknown>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  const autoStatuses = (message: AcceptedMessage) => {
    const n = numbers.get(message.phoneNumberId)!;
    if (!auto || !n.callbackUrl || !n.appSecret) return;
    track(
      (async () => {
        for (const status of ['sent', 'delivered', 'read'] as const) {
          await new Promise((r) => setTimeout(r, delay));
          await postStatus(message.wamid, status).catch((e: unknown) => log(`  whatsapp stand-in: status post failed: ${(e as Error).message}`));
        }
      })(),
    );
  };

  const answer = (res: ServerResponse, path: string, status: number, body: unknown) => {
    requests.push({ path, status });
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const match = /^\/v\d+\.\d+\/([^/]+)\/messages$/.exec(path);
      if (!match) return answer(res, path, 400, graphError(100, 'Unsupported request - method type: ' + (req.method ?? ''), 'GraphMethodException', 33));
      if (req.method !== 'POST') return answer(res, path, 400, graphError(100, 'Unsupported get request.', 'GraphMethodException', 33));
      const raw = await readBody(req);
      const number = numbers.get(decodeURIComponent(match[1]!));
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!bearer) return answer(res, path, 401, graphError(190, 'An active access token must be used to query information about the current user.'));
      if (!number) {
        return answer(res, path, 400, graphError(100, `Unsupported post request. Object with ID '${match[1]!}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 'GraphMethodException', 33));
      }
      if (bearer !== number.accessToken) return answer(res, path, 401, graphError(190, 'Invalid OAuth access token - Cannot parse access token'));
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return answer(res, path, 400, graphError(100, '(#100) The request body must be JSON.'));
      let body: unknown;
      try {
        body = JSON.parse(raw) as unknown;
      } catch {
        return answer(res, path, 400, graphError(100, '(#100) The request body is not JSON.'));
      }
      const problem = bodyProblem(body);
      if (problem) return answer(res, path, 400, graphError(100, problem));
      const fault = faults.shift();
      if (fault && fault !== 'timeout-after-accept') return answer(res, path, fault.status, graphError(fault.error.code, fault.error.message, fault.error.type, fault.error.error_subcode));
      const message: AcceptedMessage = { wamid: `wamid.${randomBytes(24).toString('base64url')}`, phoneNumberId: number.phoneNumberId, body: body as Record<string, unknown> };
      accepted.push(message);
      autoStatuses(message);
      if (fault === 'timeout-after-accept') {
        // Taken, but the answer never comes: the client's timeout decides.
        requests.push({ path, status: 0 });
        hanging.add(res);
        return;
      }
      const to = String((body as { to: unknown }).to);
      answer(res, path, 200, { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to.replace(/^\+/, '') }], messages: [{ id: message.wamid }] });
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(JSON.stringify(graphError(2, (error as Error).message, 'OAuthException')));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/${STAND_IN_API_VERSION}`,
    accepted,
    requests,
    queueFault: (...more) => void faults.push(...more),
    setAutoStatuses: (on) => {
      auto = on;
    },
    postStatus,
    settled: async () => {
      while (pending.size) await Promise.allSettled([...pending]);
    },
    stop: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
