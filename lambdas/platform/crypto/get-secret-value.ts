/**
 * Secrets Manager's GetSecretValue as one SigV4-signed POST (the service's
 * JSON 1.1 protocol), without the SDK client: the signer, the SHA-256 and the
 * credential chain are the ones the RDS Data API client already bundles, so
 * an API function pays nothing for them (issue #8, bundles near the floor).
 *
 * The endpoint is AWS_ENDPOINT_URL_SECRETS_MANAGER, else AWS_ENDPOINT_URL,
 * else the region's public one, as the SDK resolves it; the region is
 * AWS_REGION (Lambda sets it), else the secret ARN's. Credentials come from
 * the SDK's default chain (in Lambda: the function role's, from the
 * environment). One attempt: a caller that fails is asked to retry (the
 * domain handler answers 503 with Retry-After and fetches again next request).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ConfigError, optionalEnv } from '../config.js';

export const GET_SECRET_VALUE_TARGET = 'secretsmanager.GetSecretValue';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
const DEFAULT_TIMEOUT_MS = 5_000;

export interface SecretValue {
  secretString?: string;
  secretBinary?: Buffer;
}

export interface GetSecretValueOptions {
  /** Default: AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL, else https://secretsmanager.{region}.amazonaws.com. */
  endpoint?: string;
  region?: string;
  /** Default: the SDK's default credential chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** The whole call, connecting included. */
  timeoutMs?: number;
}

/** What Secrets Manager answered with an error: `name` is its error code (ResourceNotFoundException, AccessDeniedException…). */
export class SecretsManagerError extends Error {
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

function regionFor(secretId: string, options: GetSecretValueOptions): string {
  const region = options.region ?? optionalEnv('AWS_REGION') ?? optionalEnv('AWS_DEFAULT_REGION') ?? /^arn:[^:]+:secretsmanager:([^:]+):/.exec(secretId)?.[1];
  if (!region) throw new ConfigError(`No AWS region for Secrets Manager: set AWS_REGION (reading ${secretId})`);
  return region;
}

function endpointFor(region: string, options: GetSecretValueOptions): URL {
  const configured = options.endpoint ?? optionalEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER') ?? optionalEnv('AWS_ENDPOINT_URL');
  const url = configured ?? `https://secretsmanager.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
  try {
    return new URL(url);
  } catch {
    throw new ConfigError(`The Secrets Manager endpoint ${url} is not a URL`);
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

export async function getSecretValue(secretId: string, options: GetSecretValueOptions = {}): Promise<SecretValue> {
  const region = regionFor(secretId, options);
  const url = endpointFor(region, options);
  const body = JSON.stringify({ SecretId: secretId });
  const signer = new SignatureV4({
    credentials: options.credentials ?? (chain ??= defaultProvider()),
    region,
    service: 'secretsmanager',
    sha256: Sha256,
    uriEscapePath: true,
  });
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
      'x-amz-target': GET_SECRET_VALUE_TARGET,
    },
    body,
  });
  const what = `Secrets Manager GetSecretValue of ${secretId}`;
  const response = await send(url, signed.headers, body, options.timeoutMs ?? DEFAULT_TIMEOUT_MS).catch((error: unknown) => {
    throw new Error(`${what} at ${url.origin} failed: ${(error as Error).message}`, { cause: error });
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
    throw new SecretsManagerError(code, `${what} failed: ${code}: ${String(detail)} (HTTP ${response.status}${requestId ? `, request id ${requestId}` : ''})`, response.status, requestId);
  }
  if (!parsed) throw new Error(`${what}: the answer (HTTP ${response.status}) is not JSON`);
  return {
    ...(typeof parsed.SecretString === 'string' ? { secretString: parsed.SecretString } : {}),
    ...(typeof parsed.SecretBinary === 'string' ? { secretBinary: Buffer.from(parsed.SecretBinary, 'base64') } : {}),
  };
}
