/**
 * What no log line may carry: anything that looks like a credential is
 * replaced before it is written, whatever a caller passes in.
 */
export const REDACTED = '[REDACTED]';

// Key names whose values are credentials in any casing or position:
// `authorization`, `Authorization`, `access_token`, `idToken`, `x-api-key`, `cookie`, `set-cookie`, `password`, `secretArn`...
const SECRET_KEY = /authorization|token|secret|password|passwd|cookie|api[-_]?key|credential|signature|private[-_]?key/i;
// A bearer credential or a JWT inside a free-text value (a message, a header dump).
const BEARER = /\bBearer\s+[A-Za-z0-9\-._~+/]+=*/g;
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

/** JSON replacer used by the logger: drops credential-looking fields and scrubs tokens from strings. */
export function redactSecrets(key: string, value: unknown): unknown {
  if (key !== '' && SECRET_KEY.test(key) && value !== undefined && value !== null) return REDACTED;
  if (typeof value === 'string') return value.replace(BEARER, `Bearer ${REDACTED}`).replace(JWT, REDACTED);
  return value;
}
