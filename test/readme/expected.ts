/**
 * The README's expected answers: the text after `# → ` under a command.
 *
 * JSON, compared as a subset: an object matches when every key it names matches
 * (others may follow), an array when its elements match in order. `…` is the
 * wildcard: as a value it matches anything, inside a string any characters, as an
 * array element any number of elements, as an object member nothing (it only says
 * that more keys follow). Text that is not JSON is compared as a whole, with `…`
 * matching any characters. An optional leading HTTP status (`404 {…}`) is compared
 * with the status of the command's last curl call, or with a status the command
 * printed itself (`200 {…}`, as local/dev-sendgrid.ts does).
 */

const ANY = Symbol('any');
const REST = Symbol('rest');
type Pattern = typeof ANY | typeof REST | null | boolean | number | string | Pattern[] | { [key: string]: Pattern };

class Reader {
  i = 0;
  constructor(readonly text: string) {}
  space(): void {
    while (/\s/.test(this.text[this.i] ?? '')) this.i++;
  }
  peek(): string {
    this.space();
    return this.text[this.i] ?? '';
  }
  take(token: string): void {
    if (!this.text.startsWith(token, this.i)) throw new Error(`expected ${token} at ${this.i}`);
    this.i += token.length;
  }
}

function readValue(r: Reader): Pattern {
  const c = r.peek();
  if (c === '…') {
    r.take('…');
    return ANY;
  }
  if (c === '{') return readObject(r);
  if (c === '[') return readArray(r);
  if (c === '"') return readString(r);
  const literal = /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(r.text.slice(r.i));
  if (!literal) throw new Error(`unexpected ${c || 'end'} at ${r.i}`);
  r.i += literal[0].length;
  return JSON.parse(literal[0]) as Pattern;
}

function readString(r: Reader): string {
  const match = /^"(?:[^"\\]|\\.)*"/.exec(r.text.slice(r.i));
  if (!match) throw new Error(`unterminated string at ${r.i}`);
  r.i += match[0].length;
  return JSON.parse(match[0]) as string;
}

function readObject(r: Reader): Pattern {
  r.take('{');
  const out: Record<string, Pattern> = {};
  while (r.peek() !== '}') {
    if (r.peek() === '…') r.take('…');
    else {
      r.space();
      const key = readString(r);
      r.space();
      r.take(':');
      out[key] = readValue(r);
    }
    if (r.peek() === ',') r.take(',');
    else break;
  }
  r.space();
  r.take('}');
  return out;
}

function readArray(r: Reader): Pattern {
  r.take('[');
  const out: Pattern[] = [];
  while (r.peek() !== ']') {
    const value = readValue(r);
    out.push(value === ANY ? REST : value);
    if (r.peek() === ',') r.take(',');
    else break;
  }
  r.space();
  r.take(']');
  return out;
}

/** The pattern of a JSON-like expectation, or undefined when it is plain text. */
export function parsePattern(text: string): Pattern | undefined {
  const r = new Reader(text);
  try {
    const value = readValue(r);
    r.space();
    return r.i === text.length ? value : undefined;
  } catch {
    return undefined;
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
export const globMatches = (pattern: string, actual: string): boolean =>
  new RegExp(`^${pattern.split('…').map(escapeRegExp).join('[\\s\\S]*')}$`).test(actual);

/** Where `actual` differs from `pattern` (a JSON path and what was found), or undefined when it matches. */
export function mismatch(pattern: Pattern, actual: unknown, at = '$'): string | undefined {
  if (pattern === ANY) return undefined;
  if (typeof pattern === 'string') {
    if (typeof actual !== 'string') return `${at}: expected a string, got ${JSON.stringify(actual)}`;
    return globMatches(pattern, actual) ? undefined : `${at}: expected ${JSON.stringify(pattern)}, got ${JSON.stringify(actual)}`;
  }
  if (Array.isArray(pattern)) {
    if (!Array.isArray(actual)) return `${at}: expected an array, got ${JSON.stringify(actual)}`;
    return arrayMismatch(pattern, actual, at);
  }
  if (pattern !== null && typeof pattern === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${at}: expected an object, got ${JSON.stringify(actual)}`;
    for (const [key, value] of Object.entries(pattern)) {
      if (!(key in actual)) return `${at}.${key}: missing`;
      const inner = mismatch(value, (actual as Record<string, unknown>)[key], `${at}.${key}`);
      if (inner) return inner;
    }
    return undefined;
  }
  return Object.is(pattern, actual) ? undefined : `${at}: expected ${JSON.stringify(pattern)}, got ${JSON.stringify(actual)}`;
}

function arrayMismatch(pattern: Pattern[], actual: unknown[], at: string): string | undefined {
  // Backtracking over REST (any number of elements); README arrays are short.
  const fits = (p: number, a: number): boolean => {
    if (p === pattern.length) return a === actual.length;
    if (pattern[p] === REST) {
      for (let skip = a; skip <= actual.length; skip++) if (fits(p + 1, skip)) return true;
      return false;
    }
    return a < actual.length && mismatch(pattern[p]!, actual[a], `${at}[${a}]`) === undefined && fits(p + 1, a + 1);
  };
  if (fits(0, 0)) return undefined;
  if (!pattern.includes(REST) && pattern.length !== actual.length) return `${at}: expected ${pattern.length} elements, got ${actual.length}`;
  for (let k = 0; k < Math.min(pattern.length, actual.length); k++) {
    if (pattern[k] === REST) break;
    const inner = mismatch(pattern[k]!, actual[k], `${at}[${k}]`);
    if (inner) return inner;
  }
  return `${at}: the elements do not match ${JSON.stringify(actual).slice(0, 300)}`;
}

/**
 * Compares a command's answer with its expectation; undefined when it matches,
 * else what differs. `lastStatus` is the HTTP status of its last curl call, if any.
 */
export function compareAnswer(expected: string, stdout: string, lastStatus: number | undefined): string | undefined {
  let body = expected.trim();
  let actual = stdout.trim();
  // A status is three digits and then the answer; a bare number is a value.
  const status = /^(\d{3})\s+([\s\S]+)$/.exec(body);
  if (status) {
    const printed = /^(\d{3})\s+([\s\S]+)$/.exec(actual);
    const got = printed ? Number(printed[1]) : lastStatus;
    if (got !== Number(status[1])) return `expected HTTP ${status[1]}, got ${got ?? 'no HTTP status'}`;
    body = status[2]!;
    if (printed) actual = printed[2]!;
  }
  const pattern = parsePattern(body);
  if (pattern === undefined) return globMatches(body, actual) ? undefined : `expected the text ${JSON.stringify(body)}, got ${JSON.stringify(actual.slice(0, 500))}`;
  let value: unknown;
  try {
    value = JSON.parse(actual);
  } catch {
    return `expected JSON like ${body.slice(0, 200)}, got ${JSON.stringify(actual.slice(0, 500))}`;
  }
  return mismatch(pattern, value);
}
