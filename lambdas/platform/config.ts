/**
 * Configuration from the environment through one place, read lazily and
 * failing fast with a message that names the missing variable, so a
 * misconfigured function dies at its first request with a clear log line
 * instead of a confusing error deep inside a client.
 */

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') {
    throw new ConfigError(`Missing required environment variable ${name}`);
  }
  return value;
}

export function optionalEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

export interface DatabaseConfig {
  clusterArn: string;
  secretArn: string;
  database: string;
  /** Local Data API endpoint; unset in AWS. */
  endpoint?: string;
}

export function databaseConfig(): DatabaseConfig {
  const endpoint = optionalEnv('DATA_API_ENDPOINT');
  return {
    clusterArn: requireEnv('DB_CLUSTER_ARN'),
    secretArn: requireEnv('DB_SECRET_ARN'),
    database: requireEnv('DB_NAME'),
    ...(endpoint ? { endpoint } : {}),
  };
}

export interface JwtConfig {
  issuer: string;
  audience: string;
}

export function jwtConfig(): JwtConfig {
  return { issuer: requireEnv('JWT_ISSUER'), audience: requireEnv('JWT_AUDIENCE') };
}

export function contentBucket(): string {
  return requireEnv('CONTENT_BUCKET');
}

/** Deployment stage (`dev`, `prod`, `local`); `local` when unset so tests and `npm start` need nothing. */
export function stage(): string {
  return optionalEnv('STAGE') ?? 'local';
}
