/**
 * A local HTTP stand-in for Secrets Manager's GetSecretValue (JSON 1.1
 * protocol), for code that signs its own call (lambdas/platform/crypto/
 * get-secret-value.ts): an SDK mock would not see such a call. It refuses,
 * as the service would, a request that is not a GetSecretValue POST or does
 * not carry a SigV4 Authorization for secretsmanager; it answers the secrets
 * it holds, ResourceNotFoundException for others, and any queued failure first.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Failure {
  status: number;
  type: string;
  message: string;
}

export interface SecretsManagerStandIn {
  endpoint: string;
  /** Every request that reached the stand-in, also refused ones. */
  requests: SeenRequest[];
  secrets: Map<string, { SecretString?: string; SecretBinary?: string }>;
  /** Answered (one each) before any secret. */
  failures: Failure[];
  /** Forgets the requests seen, the queued failures and the secrets held (between tests). */
  reset: () => void;
  stop: () => Promise<void>;
}

// AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/secretsmanager/aws4_request, SignedHeaders=a;b, Signature=<64 hex>
const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=[^/\s]+\/\d{8}\/[a-z0-9-]+\/secretsmanager\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$/;

function refusal(req: SeenRequest): Failure | undefined {
  if (req.method !== 'POST') return { status: 404, type: 'UnknownOperationException', message: `${req.method} is not an operation` };
  if (req.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue')
    return { status: 400, type: 'UnknownOperationException', message: `X-Amz-Target ${String(req.headers['x-amz-target'])} is not GetSecretValue` };
  if (req.headers['content-type'] !== 'application/x-amz-json-1.1') return { status: 400, type: 'SerializationException', message: 'Content-Type is not JSON 1.1' };
  const signedHeaders = AUTHORIZATION.exec(String(req.headers.authorization ?? ''))?.[1]?.split(';');
  if (!signedHeaders || !req.headers['x-amz-date']) return { status: 400, type: 'IncompleteSignatureException', message: 'No SigV4 Authorization for secretsmanager' };
  for (const header of ['host', 'x-amz-date', 'x-amz-target'])
    if (!signedHeaders.includes(header)) return { status: 400, type: 'IncompleteSignatureException', message: `${header} is not signed` };
  return undefined;
}

export async function startSecretsManagerStandIn(): Promise<SecretsManagerStandIn> {
  const standIn: Omit<SecretsManagerStandIn, 'endpoint' | 'stop' | 'reset'> = { requests: [], secrets: new Map(), failures: [] };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: SeenRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      standIn.requests.push(seen);
      const reply = (status: number, body: unknown, errorType?: string): void => {
        res.writeHead(status, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': `stand-in-${standIn.requests.length}`,
          ...(errorType ? { 'x-amzn-errortype': `${errorType}:http://internal.amazon.com/coral/com.amazonaws.secretsmanager/` } : {}),
        });
        res.end(JSON.stringify(body));
      };
      const fail = (f: Failure): void => reply(f.status, { __type: f.type, message: f.message }, f.type);
      const refused = refusal(seen);
      if (refused) return fail(refused);
      const queued = standIn.failures.shift();
      if (queued) return fail(queued);
      const secretId = (JSON.parse(seen.body) as { SecretId?: string }).SecretId ?? '';
      const secret = standIn.secrets.get(secretId);
      if (!secret) return fail({ status: 400, type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
      reply(200, { ARN: secretId, Name: secretId.split(':').at(-1), VersionId: 'v1', VersionStages: ['AWSCURRENT'], CreatedDate: 1767225600, ...secret });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...standIn,
    endpoint: `http://127.0.0.1:${port}`,
    reset: () => {
      standIn.requests.length = 0;
      standIn.failures.length = 0;
      standIn.secrets.clear();
    },
    stop: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
