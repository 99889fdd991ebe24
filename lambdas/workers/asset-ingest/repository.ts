/**
 * The ingest's SQL: read what the upload declared, then record the outcome in
 * ONE statement (single-use gate, asset update, history row), so a crash
 * between steps cannot leave half an outcome and two objects posted with one
 * form cannot both decide the asset.
 */
import type { SqlExecutor } from '../../platform/db/executor.js';
import { sqlValue } from '../../platform/db/values.js';
import type { AssetType } from '../../library/allow-list.js';
import type { Orientation } from '../../library/sniff.js';

export interface DeclaredAsset {
  id: string;
  assetType: AssetType;
  /** Declared at upload; kept as is when an object is refused (the history holds what was found). */
  mimeType: string;
  sizeBytes: number;
  status: string;
  /** `s3://bucket/key`: the upload key until an accepted object is stored, then the stored object. */
  fileUrl: string;
  /** Sequencer (normalised) of the event that decided the asset; null while no object has been judged. */
  lastSequencer: string | null;
  lastOutcome: 'active' | 'error' | null;
}

export async function findDeclaredAsset(executor: SqlExecutor, assetId: string): Promise<DeclaredAsset | null> {
  const { rows } = await executor.query<{
    id: string;
    asset_type: AssetType;
    mime_type: string | null;
    file_size_bytes: string | number | null;
    status: string;
    file_url: string;
    sequencer: string | null;
    outcome: 'active' | 'error' | null;
  }>(
    `SELECT a.id, a.asset_type, a.mime_type, CAST(a.file_size_bytes AS text) AS file_size_bytes, a.status, a.file_url, s.sequencer, s.outcome
     FROM marketing.content_library a
     LEFT JOIN marketing_ops.asset_ingest_state s ON s.asset_id = a.id
     WHERE a.id = :asset_id`,
    { asset_id: sqlValue.uuid(assetId) },
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    assetType: row.asset_type,
    mimeType: row.mime_type ?? '',
    sizeBytes: Number(row.file_size_bytes ?? -1),
    status: row.status,
    fileUrl: row.file_url,
    lastSequencer: row.sequencer,
    lastOutcome: row.outcome,
  };
}

export interface Outcome {
  assetId: string;
  /** The upload key judged; the asset must still point at it (`uploadUrl`). */
  objectKey: string;
  uploadUrl: string;
  /** Where the accepted object was copied (`s3://…`); null for a refusal. */
  storedUrl: string | null;
  /** Normalised (see event-key.ts). */
  sequencer: string;
  outcome: 'active' | 'error';
  reason: string | null;
  /** What was found: real size and sniffed type (recorded in the history either way); null when there was no object. */
  sizeBytes: number | null;
  mimeType: string | null;
  dimensions: { width: number; height: number } | null;
  orientation: Orientation | null;
}

/**
 * Applies the outcome when no object has decided the asset yet, and says
 * whether it did. The gate is INSERT ... ON CONFLICT DO NOTHING on the state
 * row (one per asset): of two racing events exactly one inserts, the other
 * waits for it and inserts nothing. The asset must still exist and still point
 * at the judged upload key. The asset is updated only through the gate's
 * RETURNING row; an accepted object's stored key becomes its file_url.
 */
export async function recordOutcome(executor: SqlExecutor, o: Outcome): Promise<boolean> {
  const active = o.outcome === 'active';
  const { rows } = await executor.query<{ applied: boolean }>(
    `WITH gate AS (
       INSERT INTO marketing_ops.asset_ingest_state AS s (asset_id, object_key, sequencer, outcome, reason)
       SELECT a.id, :object_key, :sequencer, :outcome, CAST(:reason AS text)
       FROM marketing.content_library a WHERE a.id = :asset_id AND a.file_url = :upload_url
       ON CONFLICT (asset_id) DO NOTHING
       RETURNING s.asset_id
     ),
     asset AS (
       UPDATE marketing.content_library t
       SET status = :outcome,
           file_url = CASE WHEN :active THEN CAST(:stored_url AS text) ELSE t.file_url END,
           file_size_bytes = CASE WHEN :active THEN CAST(:size_bytes AS bigint) ELSE t.file_size_bytes END,
           mime_type = CASE WHEN :active THEN CAST(:mime_type AS text) ELSE t.mime_type END,
           dimensions = CASE WHEN :active THEN CAST(:dimensions AS jsonb) ELSE t.dimensions END,
           orientation = CASE WHEN :active THEN CAST(:orientation AS text) ELSE t.orientation END
       FROM gate WHERE t.id = gate.asset_id
       RETURNING t.id
     ),
     logged AS (
       INSERT INTO marketing_ops.asset_ingest_events (asset_id, object_key, sequencer, outcome, reason, size_bytes, mime_type)
       SELECT gate.asset_id, :object_key, :sequencer, :outcome, CAST(:reason AS text), CAST(:size_bytes AS bigint), CAST(:mime_type AS text)
       FROM gate
       RETURNING id
     )
     SELECT EXISTS (SELECT 1 FROM asset) AND EXISTS (SELECT 1 FROM logged) AS applied`,
    {
      asset_id: sqlValue.uuid(o.assetId),
      object_key: o.objectKey,
      upload_url: o.uploadUrl,
      stored_url: o.storedUrl,
      sequencer: o.sequencer,
      outcome: o.outcome,
      reason: o.reason,
      active,
      size_bytes: o.sizeBytes === null ? null : String(o.sizeBytes),
      mime_type: o.mimeType,
      dimensions: o.dimensions ? sqlValue.json(o.dimensions) : null,
      orientation: o.orientation,
    },
  );
  return rows[0]?.applied === true;
}
