/**
 * vitest setup file (every test file): nothing a test file writes may
 * contain a secret the test sent to the API (secret-scan.ts).
 *
 * - The handlers log at DEBUG during the whole run, so every log line they
 *   can write is written and scanned; their JSON log lines are then dropped
 *   (the run's output stays as quiet as with logging off). A file that sets
 *   its own level keeps it.
 * - Every write to stdout and stderr is scanned, also after a test replaces
 *   `write` (tests that capture output do): `write` stays this scanner, which
 *   passes the text on to whatever was assigned.
 * - Every console call is scanned before the console prints it.
 * - After the file's last test (this hook runs after the file's own
 *   afterAll hooks), any leak fails the file, naming where it was seen and
 *   the secret masked. Secrets are replaced in what is passed on, so even a
 *   failing run prints none.
 */
import { format } from 'node:util';
import { afterAll } from 'vitest';
import { countLogLine, recordedLeaks, scanText } from './secret-scan.js';

const LOG_LEVEL_OF_THE_CONFIG = 'SILENT';
if (process.env.POWERTOOLS_LOG_LEVEL === LOG_LEVEL_OF_THE_CONFIG) process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';

/** A handlers' log line (lambdas/platform/observability/logger.ts): one JSON object with a level and a timestamp. */
function isLogLine(text: string): boolean {
  if (!text.startsWith('{')) return false;
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    return typeof parsed.level === 'string' && 'timestamp' in parsed;
  } catch {
    return false;
  }
}

type Write = NodeJS.WriteStream['write'];

function scanStream(stream: NodeJS.WriteStream, name: string): void {
  const original = stream.write.bind(stream) as Write;
  let target: Write = original;
  const scanner = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    const clean = scanText(text, name);
    if (target === original && isLogLine(text.trim())) {
      countLogLine();
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }
    return (target as (...args: unknown[]) => boolean)(clean === text ? chunk : clean, ...rest);
  }) as Write;
  Object.defineProperty(stream, 'write', {
    configurable: true,
    get: () => scanner,
    set: (replacement: Write) => {
      // A test capturing output (e.g. test/domains/social/capture-logs.ts) still goes through the scan.
      target = replacement === scanner ? original : replacement;
    },
  });
}

scanStream(process.stdout, 'stdout');
scanStream(process.stderr, 'stderr');

for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    const text = format(...args);
    const clean = scanText(text, `console.${method}`);
    if (clean === text) original(...args);
    else original(clean);
  };
}

afterAll(() => {
  const leaks = recordedLeaks();
  if (leaks.length === 0) return;
  throw new Error(
    `A secret the tests sent to the API was written out ${leaks.length} time(s):\n` + leaks.map((l) => `  ${l.where}: ${l.secret}`).join('\n'),
  );
});
