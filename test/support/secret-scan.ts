/**
 * The secrets the tests hand the API (social and WhatsApp access tokens, app
 * secrets, verify tokens), and every place one of them turns up where it
 * must not: a response body, a log line, anything written to stdout, stderr
 * or the console. test/support/api.ts registers every secret-named value of
 * a request body or query before sending it and scans every response;
 * secret-scan-setup.ts (a vitest setup file, so it covers every test file)
 * scans everything written and fails the file when anything leaked.
 *
 * State is per test file (vitest isolates each file's modules). A leak is
 * reported with the secret masked, so the report itself never prints it.
 */

/** Keys whose values are secrets, in the API's snake_case and the stand-ins' camelCase. */
const SECRET_KEY = /^(access_?token|app_?secret|verify_?token|hub\.verify_token)$/i;

/**
 * Shorter values are placeholders ('x', 'v', 'good') that ordinary text contains by chance;
 * every token a test uses to prove something is longer.
 */
export const MIN_SECRET_LENGTH = 8;

export interface Leak {
  /** Where it was seen: `stdout`, `console.error`, `response GET /v1/...`. */
  where: string;
  /** The secret, masked: its first four characters and its length. */
  secret: string;
}

const secrets = new Set<string>();
const leaks: Leak[] = [];
let logLines = 0;

/** Counts a handler log line the scanner saw (and dropped from the output). */
export function countLogLine(): void {
  logLines += 1;
}

/** Handler log lines scanned so far in this file: shows the handlers do log while the scanner watches. */
export function scannedLogLines(): number {
  return logLines;
}

export function mask(secret: string): string {
  return `${secret.slice(0, 4)}… (${secret.length} characters)`;
}

export function registerSecret(value: unknown): void {
  if (typeof value === 'string' && value.length >= MIN_SECRET_LENGTH) secrets.add(value);
}

/** Registers every value under a secret-named key, at any depth of a JSON body (or a JSON text). */
export function registerSecretsIn(body: unknown): void {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body) as unknown;
    } catch {
      return;
    }
  }
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        if (SECRET_KEY.test(key)) registerSecret(child);
        else visit(child);
      }
    }
  };
  visit(value);
}

/** Registers secret-named query parameters (`hub.verify_token=...`). */
export function registerSecretsInQuery(pathAndQuery: string): void {
  const query = pathAndQuery.split('?')[1];
  if (!query) return;
  for (const [key, value] of new URLSearchParams(query)) if (SECRET_KEY.test(key)) registerSecret(value);
}

/** The registered secrets `text` contains (none for text that holds no registered secret). */
export function secretsIn(text: string): string[] {
  if (text.length < MIN_SECRET_LENGTH) return [];
  return [...secrets].filter((s) => text.includes(s));
}

/** Records a leak for each registered secret in `text`; returns `text` with them replaced, for passing on. */
export function scanText(text: string, where: string): string {
  let clean = text;
  for (const secret of secretsIn(text)) {
    leaks.push({ where, secret: mask(secret) });
    clean = clean.split(secret).join('[LEAKED SECRET]');
  }
  return clean;
}

/** Throws (and records the leak) when a response body contains a registered secret. */
export function assertResponseClean(text: string, request: string): void {
  const found = secretsIn(text);
  if (found.length === 0) return;
  scanText(text, `response ${request}`);
  throw new Error(`The response to ${request} contains a secret the test sent: ${found.map(mask).join(', ')}`);
}

/** The leaks recorded so far. */
export function recordedLeaks(): readonly Leak[] {
  return leaks;
}

/** Removes and returns the leaks recorded so far (for a test that plants one on purpose). */
export function takeLeaks(): Leak[] {
  return leaks.splice(0, leaks.length);
}

/** Forgets a secret (a test that planted one, once done). */
export function forgetSecret(value: string): void {
  secrets.delete(value);
}
