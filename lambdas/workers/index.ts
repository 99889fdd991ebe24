/**
 * The background functions: not behind the API, each with its trigger and
 * what it may touch. CDK reads this list (as it reads the route table for API
 * domains); the migrator is the schema custom resource's function and is wired
 * by its own construct. Database access is `access.database`, `write` (the
 * default) or `read`; every worker here writes, so none names it.
 */
import type { FunctionAccess } from '../platform/http/domain.js';
import { ASSET_PREFIX, UPLOAD_PREFIX } from '../library/object-keys.js';
import { senderKeyUses } from '../mkt-whatsapp/secrets.js';

export interface WorkerDeclaration {
  /** Folder under `lambdas/workers/` whose `handler.ts` exports `handler`. */
  readonly name: string;
  readonly description: string;
  /** `uploads`: the bucket's ObjectCreated events under the upload prefix; `schedule`: an EventBridge rate. */
  readonly trigger:
    | { kind: 'uploads'; prefix: string }
    | { kind: 'schedule'; contextKey: 'postDispatchMinutes' | 'segmentRefreshMinutes' | 'metricsRefreshMinutes' | 'assetSweepMinutes' | 'whatsappSendMinutes' }
    /** An SNS topic the stack creates for SES event publishing (a configuration set's SNS destination). */
    | { kind: 'ses-topic' };
  readonly access?: FunctionAccess;
}

export const workers: readonly WorkerDeclaration[] = [
  {
    name: 'asset-ingest',
    description: 'Records uploaded objects in the content library (S3 ObjectCreated)',
    trigger: { kind: 'uploads', prefix: UPLOAD_PREFIX },
    // Reads an uploaded object's head and first bytes to record its size, type and dimensions; copies an accepted one
    // to assets/ (GetObject on the source, PutObject on the copy); removes uploads once judged, and a copy that lost.
    access: { s3Read: [UPLOAD_PREFIX], s3Write: [ASSET_PREFIX], s3Delete: [UPLOAD_PREFIX, ASSET_PREFIX] },
  },
  {
    name: 'asset-sweep',
    description: "Ingests or fails uploads left in 'processing' (a lost S3 event), a bounded batch per run (schedule)",
    trigger: { kind: 'schedule', contextKey: 'assetSweepMinutes' },
    // Looks for the upload object (HEAD), then ingests it as asset-ingest does.
    access: { s3Read: [UPLOAD_PREFIX], s3Write: [ASSET_PREFIX], s3Delete: [UPLOAD_PREFIX, ASSET_PREFIX] },
  },
  {
    name: 'segment-refresh',
    description: 'Refreshes the members of auto-refresh dynamic segments (schedule)',
    trigger: { kind: 'schedule', contextKey: 'segmentRefreshMinutes' },
  },
  {
    name: 'metrics-refresh',
    description: 'Refreshes actual_metrics of active and paused campaigns from their events (schedule)',
    trigger: { kind: 'schedule', contextKey: 'metricsRefreshMinutes' },
  },
  {
    name: 'ses-events',
    description: 'Stores SES sending events (SNS) as campaign events, deduplicated',
    trigger: { kind: 'ses-topic' },
  },
  {
    name: 'post-dispatch',
    description: 'Publishes social posts that are due to Instagram and Facebook Pages, exactly once (schedule)',
    trigger: { kind: 'schedule', contextKey: 'postDispatchMinutes' },
    // Opens an account's sealed access token inside the publisher, for that post's Graph API calls.
    access: { tokenKey: ['decrypt'] },
  },
  {
    name: 'whatsapp-send',
    description: 'Sends due WhatsApp messages through the Cloud API, each claimed once (schedule)',
    trigger: { kind: 'schedule', contextKey: 'whatsappSendMinutes' },
    // Opens WhatsApp access tokens (encryption context secret=access_token) and nothing else of the key.
    access: { tokenKey: senderKeyUses },
  },
];
