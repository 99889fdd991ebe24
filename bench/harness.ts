/**
 * A tiny benchmark harness: each case times a candidate against a baseline
 * measured in the same run, alternating them so machine noise hits both, and
 * reports the ratio (never absolute timings as pass/fail).
 */
export interface BenchSide {
  label: string;
  run: () => Promise<void>;
  /** Untimed, before each run (the warm-up too): e.g. the changes a refresh is then timed picking up. */
  prepare?: () => Promise<void>;
}

export interface BenchCase {
  name: string;
  baseline: BenchSide;
  candidate: BenchSide;
  rounds?: number;
  /** Untimed rounds of each side first (default 1): JIT, connection pools, caches. */
  warmups?: number;
  /**
   * `cpu`: this process's CPU time instead of wall time, for work that never
   * waits (no I/O), so other processes competing for the cores do not count.
   */
  clock?: 'wall' | 'cpu';
}

export interface BenchResult {
  name: string;
  baselineLabel: string;
  candidateLabel: string;
  baselineMedianMs: number;
  candidateMedianMs: number;
  clock: 'wall' | 'cpu';
  /** candidate / baseline time: below 1 means the candidate is faster. */
  ratio: number;
  heapDeltaKiB: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function time(run: () => Promise<void>, clock: 'wall' | 'cpu'): Promise<number> {
  if (clock === 'cpu') {
    const start = process.cpuUsage();
    await run();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1e3;
  }
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function runCase(c: BenchCase): Promise<BenchResult> {
  const rounds = c.rounds ?? 7;
  const timed = async (side: BenchSide) => {
    await side.prepare?.();
    return time(side.run, c.clock ?? 'wall');
  };
  for (let i = 0; i < (c.warmups ?? 1); i++) {
    await timed(c.baseline);
    await timed(c.candidate);
  }
  const base: number[] = [];
  const cand: number[] = [];
  const heapBefore = process.memoryUsage().heapUsed;
  for (let i = 0; i < rounds; i++) {
    base.push(await timed(c.baseline));
    cand.push(await timed(c.candidate));
  }
  const baselineMedianMs = median(base);
  const candidateMedianMs = median(cand);
  return {
    name: c.name,
    baselineLabel: c.baseline.label,
    candidateLabel: c.candidate.label,
    baselineMedianMs,
    candidateMedianMs,
    clock: c.clock ?? 'wall',
    ratio: candidateMedianMs / baselineMedianMs,
    heapDeltaKiB: Math.round((process.memoryUsage().heapUsed - heapBefore) / 1024),
  };
}

/** Prints one figure the moment it is measured, so a later failure cannot lose it. */
export function report(result: BenchResult): BenchResult {
  process.stdout.write(`${formatResults([result])}\n`);
  return result;
}

export function formatResults(results: BenchResult[]): string {
  const lines = results.map(
    (r) =>
      `${r.name}\n  ${r.candidateLabel} vs ${r.baselineLabel}: ratio ${r.ratio.toFixed(3)} ` +
      `(${r.candidateMedianMs.toFixed(1)} ms vs ${r.baselineMedianMs.toFixed(1)} ms median${r.clock === 'cpu' ? ' CPU' : ''}, heap Δ ${r.heapDeltaKiB} KiB)`,
  );
  return lines.join('\n');
}
