/**
 * Captures what is written to stdout and stderr, line by line, until
 * `restore()`; nothing captured reaches the terminal. The secret scan
 * (secret-scan-setup.ts) still sees every write: assigning `write` hands it
 * the capture as the next target.
 */
export interface CapturedOutput {
  stdout: string[];
  stderr: string[];
  /** stdout and stderr in the order written. */
  all: string[];
  restore: () => void;
}

export function captureOutput(): CapturedOutput {
  const captured: CapturedOutput = { stdout: [], stderr: [], all: [], restore: () => undefined };
  const streams = [
    [process.stdout, captured.stdout],
    [process.stderr, captured.stderr],
  ] as const;
  const previous = streams.map(([stream]) => stream.write);
  for (const [stream, lines] of streams) {
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      for (const line of text.split('\n').filter((l) => l !== '')) {
        lines.push(line);
        captured.all.push(line);
      }
      (rest.find((r) => typeof r === 'function') as (() => void) | undefined)?.();
      return true;
    }) as typeof stream.write;
  }
  captured.restore = () => streams.forEach(([stream], i) => void (stream.write = previous[i]!));
  return captured;
}
