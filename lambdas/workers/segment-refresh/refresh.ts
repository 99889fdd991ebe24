/**
 * Refreshes the auto-refresh dynamic segments, least recently calculated
 * first: one statement per segment (the segments repository's set-based
 * refresh), within a time budget so a run ends well inside the Lambda
 * timeout; segments left over come first on the next run.
 *
 * Each refresh runs in its own transaction whose statement budget is 40 s,
 * below the Data API's 45 s: the worker is not under the API's 20 s
 * statement_timeout (schema/94_statement_timeout.sql), which a refresh at a
 * million contacts can exceed. The transaction also gives the refresh 64 MB
 * of work_mem: at a million contacts its sort of the ~430,000 contacts the
 * criteria select (~12 MB, for the merge with the member rows) would
 * otherwise spill to temporary files at the default 4 MB. One refresh runs at
 * a time per run, so that is the memory it adds. The transaction is also what
 * holds the segment's refresh lock (lambdas/segments/refresh-members.ts).
 *
 * A segment another refresh is working on (the route, or an overlapping run)
 * is skipped, not waited for; a segment whose stored criteria no longer pass
 * the reference table is skipped and reported, and the others still run.
 */
import type { SqlExecutor } from '../../platform/db/executor.js';
import { HttpError } from '../../platform/errors.js';
import type { CriteriaCatalog } from '../../segments/criteria/language.js';
import { listAutoRefreshSegments, readCriteriaCatalog, type SegmentForWork } from '../../segments/repository.js';
import { refreshLoaded, type RefreshResult } from '../../segments/service.js';

export const REFRESH_ACTOR = 'segment-refresh';
export const MAX_SEGMENTS_PER_RUN = 200;

/** The background budget, for the rest of a transaction. */
export const BACKGROUND_SETTINGS = { statement_timeout: '40s', work_mem: '64MB' } as const;
const BACKGROUND_BUDGET = `SELECT ${Object.entries(BACKGROUND_SETTINGS).map(([name, value]) => `set_config('${name}', '${value}', true)`).join(', ')}`;

export interface RefreshRun {
  refreshed: RefreshResult[];
  skipped: Array<{ segment_id: string; reason: string }>;
}

export interface RefreshOptions {
  /** Stop starting new refreshes after this many milliseconds (the worker times out at 2 min). */
  budgetMs?: number;
  now?: () => number;
}

/** One segment's refresh as the worker runs it: its own transaction, with the background budget. */
export function refreshInBackground(db: SqlExecutor, segment: SegmentForWork, catalog: CriteriaCatalog): Promise<RefreshResult> {
  // The budget goes with the refresh lock's statement: 4 Data API calls a segment (begin, lock, refresh, commit).
  return db.transaction((tx) => refreshLoaded(tx, segment, catalog, REFRESH_ACTOR, BACKGROUND_SETTINGS));
}

export async function refreshSegments(db: SqlExecutor, options: RefreshOptions = {}): Promise<RefreshRun> {
  const now = options.now ?? Date.now;
  const deadline = now() + (options.budgetMs ?? 90_000);
  const { catalog, due } = await db.transaction(async (tx) => {
    await tx.query(BACKGROUND_BUDGET);
    return { catalog: await readCriteriaCatalog(tx), due: await listAutoRefreshSegments(tx, MAX_SEGMENTS_PER_RUN) };
  });
  const run: RefreshRun = { refreshed: [], skipped: [] };
  for (const segment of due) {
    if (now() > deadline) break;
    try {
      run.refreshed.push(await refreshInBackground(db, segment, catalog));
    } catch (error) {
      // Busy or invalid criteria (409s of the API): this segment's problem, not the run's.
      if (!(error instanceof HttpError)) throw error;
      run.skipped.push({ segment_id: segment.segment_id, reason: error.message });
    }
  }
  return run;
}
