/**
 * The background functions: not behind the API, each with its trigger and
 * what it may touch beyond the database. CDK reads this list (as it reads the
 * route table for API domains); the migrator is the schema custom resource's
 * function and is wired by its own construct.
 */
import type { FunctionAccess } from '../platform/http/domain.js';
import { UPLOAD_PREFIX } from '../library/object-keys.js';
import { senderKeyUses } from '../mkt-whatsapp/secrets.js';

export interface WorkerDeclaration {
  /** Folder under `lambdas/workers/` whose `handler.ts` exports `handler`. */
  readonly name: string;
  readonly description: string;
  /** `uploads`: the bucket's ObjectCreated events under the upload prefix; `schedule`: an EventBridge rate. */
  readonly trigger:
    | { kind: 'uploads'; prefix: string }
    | { kind: 'schedule'; contextKey: 'postDispatchMinutes' | 'segmentRefreshMinutes' | 'metricsRefreshMinutes' | 'whatsappSendMinutes' }
    /** An SNS topic the stack creates for SES event publishing (a configuration set's SNS destination). */
    | { kind: 'ses-topic' };
  readonly access?: FunctionAccess;
}

export const workers: readonly WorkerDeclaration[] = [
  {
    name: 'asset-ingest',
    description: 'Records uploaded objects in the content library (S3 ObjectCreated)',
    trigger: { kind: 'uploads', prefix: UPLOAD_PREFIX },
    // Reads an uploaded object's head and first bytes to record its size, type and dimensions; removes refused objects.
    access: { s3Read: [UPLOAD_PREFIX], s3Delete: [UPLOAD_PREFIX] },
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
    description: 'Claims social posts that are due for publishing (schedule)',
    trigger: { kind: 'schedule', contextKey: 'postDispatchMinutes' },
  },
  {
    name: 'whatsapp-send',
    description: 'Sends due WhatsApp messages through the Cloud API, each claimed once (schedule)',
    trigger: { kind: 'schedule', contextKey: 'whatsappSendMinutes' },
    // Opens WhatsApp access tokens (encryption context secret=access_token) and nothing else of the key.
    access: { tokenKey: senderKeyUses },
  },
];
