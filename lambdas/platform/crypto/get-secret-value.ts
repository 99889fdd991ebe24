/**
 * Secrets Manager's GetSecretValue as one SigV4-signed POST (the service's
 * JSON 1.1 protocol, ../aws-signing/json-request.ts), without the SDK client.
 *
 * The endpoint is AWS_ENDPOINT_URL_SECRETS_MANAGER, else AWS_ENDPOINT_URL,
 * else the region's public one; the region is AWS_REGION (Lambda sets it),
 * else the secret ARN's. Throttled, failed (5xx) or unanswered calls are
 * sent again, 3 attempts in all (../aws-signing/retry.ts); a caller that
 * still fails is asked to retry (the domain handler answers 503 with
 * Retry-After and fetches again next request).
 */
import { AwsServiceError, awsJsonRequest, type AwsJsonOptions } from '../aws-signing/json-request.js';
import { ConfigError, optionalEnv } from '../config.js';

export const GET_SECRET_VALUE_TARGET = 'secretsmanager.GetSecretValue';
const SECRETS_MANAGER = { name: 'secretsmanager', endpointEnv: 'AWS_ENDPOINT_URL_SECRETS_MANAGER', label: 'Secrets Manager' } as const;

export interface SecretValue {
  secretString?: string;
  secretBinary?: Buffer;
}

export type GetSecretValueOptions = AwsJsonOptions;

/** What Secrets Manager answered with an error: `name` is its error code (ResourceNotFoundException, AccessDeniedException…). */
export { AwsServiceError as SecretsManagerError };

function regionFor(secretId: string, options: GetSecretValueOptions): string {
  const region = options.region ?? optionalEnv('AWS_REGION') ?? optionalEnv('AWS_DEFAULT_REGION') ?? /^arn:[^:]+:secretsmanager:([^:]+):/.exec(secretId)?.[1];
  if (!region) throw new ConfigError(`No AWS region for Secrets Manager: set AWS_REGION (reading ${secretId})`);
  return region;
}

export async function getSecretValue(secretId: string, options: GetSecretValueOptions = {}): Promise<SecretValue> {
  const parsed = await awsJsonRequest(SECRETS_MANAGER, GET_SECRET_VALUE_TARGET, { SecretId: secretId }, regionFor(secretId, options), `Secrets Manager GetSecretValue of ${secretId}`, options);
  return {
    ...(typeof parsed.SecretString === 'string' ? { secretString: parsed.SecretString } : {}),
    ...(typeof parsed.SecretBinary === 'string' ? { secretBinary: Buffer.from(parsed.SecretBinary, 'base64') } : {}),
  };
}
