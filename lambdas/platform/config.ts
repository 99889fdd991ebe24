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
