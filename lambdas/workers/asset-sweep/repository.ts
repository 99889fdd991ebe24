/** The sweep's SQL: the oldest assets still 'processing' well after their upload form expired. */
import type { SqlExecutor } from '../../platform/db/executor.js';

export interface StaleUpload {
  id: string;
  fileUrl: string;
}

/**
 * At most `limit` assets, oldest first, that are 'processing', were created
 * more than `staleMinutes` ago and have no ingest decision. Ordered by
 * (created_at, id), so a run that cannot finish them all starts with the same
 * oldest ones next time rather than skipping any.
 */
export async function findStaleUploads(executor: SqlExecutor, staleMinutes: number, limit: number): Promise<StaleUpload[]> {
  const { rows } = await executor.query<{ id: string; file_url: string }>(
    `SELECT a.id, a.file_url FROM marketing.content_library a
     WHERE a.status = 'processing' AND a.created_at < now() - make_interval(mins => CAST(:stale_minutes AS integer))
       AND NOT EXISTS (SELECT 1 FROM marketing_ops.asset_ingest_state s WHERE s.asset_id = a.id)
     ORDER BY a.created_at ASC, a.id ASC
     LIMIT :limit`,
    { stale_minutes: staleMinutes, limit },
  );
  return rows.map((r) => ({ id: r.id, fileUrl: r.file_url }));
}
