/**
 * The function's AWS credentials for requests signed without an SDK client.
 *
 * Lambda puts the execution role's temporary credentials in the environment
 * of every function (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN: "Defined runtime environment variables",
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html) and
 * refreshes them between invocations, so they are read at each use, never
 * cached.
 */
import type { AwsCredentialIdentity } from '@smithy/types';

export class MissingCredentialsError extends Error {
  constructor() {
    super('Could not load credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set');
    this.name = 'MissingCredentialsError';
  }
}

export function environmentCredentials(env: NodeJS.ProcessEnv = process.env): AwsCredentialIdentity {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new MissingCredentialsError();
  const sessionToken = env.AWS_SESSION_TOKEN;
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}
