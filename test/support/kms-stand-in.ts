/**
 * A local HTTP stand-in for KMS Encrypt and Decrypt (JSON 1.1 protocol), for
 * code that signs its own calls (lambdas/platform/crypto/kms-provider.ts): an
 * SDK mock would not see them. As KMS does, it refuses a request without a
 * SigV4 Authorization for `kms` or with another target, binds each
 * ciphertext to its key and encryption context, and answers a Decrypt under
 * any other context with InvalidCiphertextException. The ciphertexts are
 * opaque handles to what it holds (it keeps the plaintexts in memory).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface KmsCall {
  target: string;
  headers: IncomingHttpHeaders;
  input: Record<string, unknown>;
}

export interface KmsStandIn {
  endpoint: string;
  /** Every request that reached the stand-in, also refused ones. */
  calls: KmsCall[];
  /** When set, the stand-in ignores the encryption context on Decrypt (a KMS that would not check it). */
  ignoreContext: boolean;
  /** Answered, first in first out, to the next signed calls instead of their result (throttling, a 5xx). */
  failures: { status: number; type: string; message: string }[];
  reset: () => void;
  stop: () => Promise<void>;
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=[^/\s]+\/\d{8}\/[a-z0-9-]+\/kms\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$/;

/** The context as KMS compares it: the same pairs, in any order. */
function sameContext(a: unknown, b: unknown): boolean {
  const pairs = (c: unknown) => JSON.stringify(Object.entries((c ?? {}) as Record<string, string>).sort(([x], [y]) => (x < y ? -1 : 1)));
  return pairs(a) === pairs(b);
}

export async function startKmsStandIn(): Promise<KmsStandIn> {
  const held = new Map<string, { keyId: unknown; plaintext: string; context: unknown }>();
  const state = { calls: [] as KmsCall[], ignoreContext: false, failures: [] as KmsStandIn['failures'] };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, body: object, errorType?: string) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
        res.end(JSON.stringify(body));
      };
      const target = String(req.headers['x-amz-target'] ?? '');
      let input: Record<string, unknown> = {};
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        return answer(400, { __type: 'SerializationException', message: 'not JSON' }, 'SerializationException');
      }
      state.calls.push({ target, headers: req.headers, input });
      const signed = AUTHORIZATION.exec(String(req.headers.authorization ?? ''))?.[1]?.split(';') ?? [];
      if (req.method !== 'POST' || !['host', 'x-amz-date', 'x-amz-target'].every((h) => signed.includes(h)))
        return answer(400, { __type: 'IncompleteSignatureException', message: 'No SigV4 Authorization for kms' }, 'IncompleteSignatureException');
      const queued = state.failures.shift();
      if (queued) return answer(queued.status, { __type: queued.type, message: queued.message }, queued.type);
      if (target === 'TrentService.Encrypt') {
        if (typeof input.Plaintext !== 'string' || Buffer.from(input.Plaintext, 'base64').length > 4096)
          return answer(400, { __type: 'ValidationException', message: 'Plaintext must be 1 to 4096 bytes' }, 'ValidationException');
        const handle = randomBytes(16).toString('hex');
        held.set(handle, { keyId: input.KeyId, plaintext: input.Plaintext, context: input.EncryptionContext });
        return answer(200, { CiphertextBlob: Buffer.from(`standin:${handle}`).toString('base64'), KeyId: input.KeyId });
      }
      if (target === 'TrentService.Decrypt') {
        const handle = Buffer.from(String(input.CiphertextBlob ?? ''), 'base64').toString('utf8').replace(/^standin:/, '');
        const entry = held.get(handle);
        if (!entry || entry.keyId !== input.KeyId || (!state.ignoreContext && !sameContext(entry.context, input.EncryptionContext)))
          return answer(400, { __type: 'InvalidCiphertextException', message: '' }, 'InvalidCiphertextException');
        return answer(200, { Plaintext: entry.plaintext, KeyId: entry.keyId });
      }
      return answer(400, { __type: 'UnknownOperationException', message: target }, 'UnknownOperationException');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    endpoint: `http://127.0.0.1:${port}`,
    reset: () => {
      state.calls.length = 0;
      state.ignoreContext = false;
      state.failures.length = 0;
    },
    stop: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  });
}
