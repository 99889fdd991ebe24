/**
 * Imported first by a test file: turns the handlers' logging up to DEBUG
 * (the logger reads its level when its module loads, which happens after
 * this) and records everything written to stdout and stderr instead of
 * printing it.
 */
process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';

export const captured: string[] = [];

for (const stream of [process.stdout, process.stderr]) {
  stream.write = ((chunk: unknown) => {
    captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  }) as typeof stream.write;
}
