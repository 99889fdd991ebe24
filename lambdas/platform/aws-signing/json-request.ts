/**
 * One call of an AWS service's JSON 1.1 protocol (Secrets Manager, KMS) as a
 * single SigV4-signed POST, without the service's SDK client: the signer, the
 * SHA-256 and the credential chain are the ones the RDS Data API client
 * already bundles, so an API function pays nothing for them (issue #8).
 *
 * The endpoint is the service's own AWS_ENDPOINT_URL_<SERVICE>, else
 * AWS_ENDPOINT_URL, else the region's public one, as the SDK resolves it.
 * Credentials come from the SDK's default chain (in Lambda: the function
 * role's, from the environment). A throttled, failed (5xx) or unanswered
 * call is sent again, up to 3 attempts in all, as the SDK client did
 * (retry.ts); then the caller decides what the failure means (the domain
 * handler answers 503 with Retry-After and tries again on the next request).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ConfigError, optionalEnv } from '../config.js';
import { isTransient, withRetries, type AwsRetryOptions } from './retry.js';

const CONTENT_TYPE = 'application/x-amz-json-1.1';
const DEFAULT_TIMEOUT_MS = 5_000;

export interface AwsJsonService {
  /** The signing name and endpoint prefix: `secretsmanager`, `kms`. */
  name: string;
  /** The service's endpoint variable: AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL_KMS. */
  endpointEnv: string;
  /** How errors name it: "Secrets Manager", "KMS". */
  label: string;
}

export interface AwsJsonOptions {
  /** Default: the service's AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, else https://{service}.{region}.amazonaws.com. */
  endpoint?: string;
  region?: string;
  /** Default: the SDK's default credential chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** One attempt, connecting included. */
  timeoutMs?: number;
  retry?: AwsRetryOptions;
}

/** No answer from the service (refused, reset, timed out): worth another attempt. */
class NoAnswerError extends Error {}

/** What the service answered with an error: `name` is its error code (ResourceNotFoundException, InvalidCiphertextException…). */
export class AwsServiceError extends Error {
  override readonly name: string;
  constructor(
    code: string,
    message: string,
    readonly status: number,
    readonly requestId: string | undefined,
  ) {
    super(message);
    this.name = code;
  }
}

let chain: AwsCredentialIdentityProvider | undefined;

function endpointFor(service: AwsJsonService, region: string, options: AwsJsonOptions): URL {
  const configured = options.endpoint ?? optionalEnv(service.endpointEnv) ?? optionalEnv('AWS_ENDPOINT_URL');
  const url = configured ?? `https://${service.name}.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
  try {
    return new URL(url);
  } catch {
    throw new ConfigError(`The ${service.label} endpoint ${url} is not a URL`);
  }
}

/** The error code as the SDK reads it: the header, else the body's __type, without a namespace (`…#Code`) or a suffix (`Code:…`). */
function errorCode(header: string | string[] | undefined, type: unknown): string {
  const raw = (Array.isArray(header) ? header[0] : header) ?? (typeof type === 'string' ? type : undefined) ?? 'UnknownError';
  const code = raw.split(':')[0]!;
  return code.includes('#') ? code.slice(code.lastIndexOf('#') + 1) : code;
}

function send(url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<{ status: number; headers: IncomingMessage['headers']; text: string }> {
  const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Sends `input` as `target` (e.g. `secretsmanager.GetSecretValue`) and returns the parsed answer. `what` names the
 * call in errors ("Secrets Manager GetSecretValue of <arn>"); it must not hold a secret.
 */
export async function awsJsonRequest(service: AwsJsonService, target: string, input: unknown, region: string, what: string, options: AwsJsonOptions = {}): Promise<Record<string, unknown>> {
  const url = endpointFor(service, region, options);
  const body = JSON.stringify(input);
  const signer = new SignatureV4({
    credentials: options.credentials ?? (chain ??= defaultProvider()),
    region,
    service: service.name,
    sha256: Sha256,
    uriEscapePath: true,
  });
  const retryable = (error: unknown): boolean =>
    error instanceof NoAnswerError || (error instanceof AwsServiceError && isTransient(error.status, error.name));
  return withRetries(() => attemptOnce(signer, url, target, body, what, options.timeoutMs ?? DEFAULT_TIMEOUT_MS), retryable, options.retry);
}

/** One signed attempt (signed anew, so its date is fresh). */
async function attemptOnce(signer: SignatureV4, url: URL, target: string, body: string, what: string, timeoutMs: number): Promise<Record<string, unknown>> {
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname || '/',
    query: {},
    headers: {
      host: url.host,
      'content-type': CONTENT_TYPE,
      'content-length': String(Buffer.byteLength(body)),
      'x-amz-target': target,
    },
    body,
  });
  const response = await send(url, signed.headers, body, timeoutMs).catch((error: unknown) => {
    throw new NoAnswerError(`${what} at ${url.origin} failed: ${(error as Error).message}`, { cause: error });
  });
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = JSON.parse(response.text) as Record<string, unknown>;
  } catch {
    parsed = undefined;
  }
  const requestId = [response.headers['x-amzn-requestid']].flat()[0];
  if (response.status < 200 || response.status >= 300) {
    const code = errorCode(response.headers['x-amzn-errortype'], parsed?.__type);
    const detail = parsed?.message ?? parsed?.Message ?? (response.text.slice(0, 200) || 'no message');
    throw new AwsServiceError(code, `${what} failed: ${code}: ${String(detail)} (HTTP ${response.status}${requestId ? `, request id ${requestId}` : ''})`, response.status, requestId);
  }
  if (!parsed) throw new Error(`${what}: the answer (HTTP ${response.status}) is not JSON`);
  return parsed;
}
