/** A boolean environment variable the way Powertools read one: `1`, `true`, `yes`, `on` (any casing) are true. */
const TRUTHY = new Set(['1', 'y', 'yes', 't', 'true', 'on']);

export function envFlag(name: string, env: NodeJS.ProcessEnv = process.env): boolean | undefined {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return undefined;
  return TRUTHY.has(value.toLowerCase());
}
