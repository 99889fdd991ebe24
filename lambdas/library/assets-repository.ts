/** SQL of the asset routes the generic CRUD does not cover. Each function is ONE statement. */
import type { Row, SqlExecutor, SqlValue } from '../platform/db/executor.js';
import { sqlValue } from '../platform/db/values.js';
import { idCondition, ifMatchCondition, rowVersionSql, VERSION_COLUMN } from '../platform/crud/index.js';
import { NotFoundError, PreconditionFailedError } from '../platform/errors.js';
import { assetResource } from './resources.js';

export interface NewUpload {
  filename: string;
  asset_type: string;
  mime_type: string;
  size_bytes: number;
  alt_text?: string | null;
  caption?: string | null;
  tags?: string[] | null;
  license_type?: string | null;
  source?: string | null;
  photographer?: string | null;
}

function qualified(alias: string): string {
  return assetResource.select.split(',')
    .map((c) => `${alias}.${c.trim()}`)
    .join(', ');
}

function assetWhere(ref: string): { sql: string; params: Record<string, SqlValue> } {
  const match = idCondition(ref, 't', 'asset_ref', 'asset_id');
  if (!match) throw new NotFoundError(`No asset ${ref}.`);
  return match;
}

/**
 * The asset row in status 'processing' with its object's URI, in one INSERT.
 * The caller chose the uuid (the key contains it, and was presigned first).
 * mime_type and file_size_bytes hold the declaration until the ingest confirms them.
 */
export async function insertUpload(
  executor: SqlExecutor,
  upload: NewUpload,
  location: { id: string; fileUrl: string },
  createdBy: string | null,
): Promise<{ row: Row; version: string }> {
  const { size_bytes, ...described } = upload;
  const body = { ...described, file_size_bytes: size_bytes };
  const columns = Object.keys(body).filter((c) => /^[a-z_]+$/.test(c));
  const { rows } = await executor.query(
    `INSERT INTO marketing.content_library AS t (id, file_url, status, created_by, ${columns.join(', ')})
     SELECT CAST(:id AS uuid), CAST(:file_url AS text), 'processing', CAST(:created_by AS text), ${columns.map((c) => `r.${c}`).join(', ')}
     FROM jsonb_populate_record(NULL::marketing.content_library, CAST(:body AS jsonb)) r
     RETURNING ${qualified('t')}, ${rowVersionSql('t')}`,
    {
      id: sqlValue.uuid(location.id),
      file_url: location.fileUrl,
      created_by: createdBy,
      body: sqlValue.json(body),
    },
  );
  const { [VERSION_COLUMN]: version, ...row } = rows[0]!;
  return { row, version: String(version) };
}

/** Deletes the row (If-Match honoured in the same statement) and returns where its object was. */
export async function deleteAsset(executor: SqlExecutor, ref: string, ifMatch: string[] | '*' | undefined): Promise<{ fileUrl: string }> {
  const where = assetWhere(ref);
  const version = ifMatchCondition(ifMatch);
  const { rows } = await executor.query<{ _found: boolean; _removed: boolean; file_url: string | null }>(
    `WITH target AS (SELECT t.id FROM marketing.content_library t WHERE ${where.sql}),
     removed AS (
       DELETE FROM marketing.content_library AS t USING target
       WHERE t.id = target.id AND ${version.sql}
       RETURNING t.file_url
     )
     SELECT EXISTS (SELECT 1 FROM target) AS _found, EXISTS (SELECT 1 FROM removed) AS _removed,
            (SELECT file_url FROM removed) AS file_url`,
    { ...where.params, ...version.params },
  );
  const result = rows[0];
  if (!result?._found) throw new NotFoundError(`No asset ${ref}.`);
  if (!result._removed || result.file_url === null) throw new PreconditionFailedError();
  return { fileUrl: result.file_url };
}

export interface DownloadSource {
  fileUrl: string;
  filename: string;
  /** The type the ingest detected (the declaration until then). */
  mimeType: string | null;
  status: string;
}

export async function findDownload(executor: SqlExecutor, ref: string): Promise<DownloadSource> {
  const where = assetWhere(ref);
  const { rows } = await executor.query<{ file_url: string; filename: string; mime_type: string | null; status: string }>(
    `SELECT t.file_url, t.filename, t.mime_type, t.status FROM marketing.content_library t WHERE ${where.sql}`,
    where.params,
  );
  const row = rows[0];
  if (!row) throw new NotFoundError(`No asset ${ref}.`);
  return { fileUrl: row.file_url, filename: row.filename, mimeType: row.mime_type, status: row.status };
}

/** The asset's ingest history, newest first (at most 100); 404 when the asset does not exist. */
export async function listIngestEvents(executor: SqlExecutor, ref: string): Promise<Row[]> {
  const where = assetWhere(ref);
  const { rows } = await executor.query<Row & { _event: string | null }>(
    `SELECT e.id AS _event, e.sequencer, e.object_key, e.outcome, e.reason, e.size_bytes, e.mime_type, e.at
     FROM marketing.content_library t
     LEFT JOIN LATERAL (
       SELECT * FROM marketing_ops.asset_ingest_events x WHERE x.asset_id = t.id ORDER BY x.at DESC, x.id DESC LIMIT 100
     ) e ON true
     WHERE ${where.sql}
     ORDER BY e.at DESC, e.id DESC`,
    where.params,
  );
  if (rows.length === 0) throw new NotFoundError(`No asset ${ref}.`);
  return rows.filter((r) => r._event !== null).map(({ _event: _e, ...event }) => event);
}
