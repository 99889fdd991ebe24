/**
 * Duplicate and out-of-order S3 events for asset ingest. Assets are uploaded
 * for real (local S3 delivers the first ObjectCreated event to the worker);
 * then the asset-ingest handler is invoked with records exactly as S3 delivers
 * them: the same record again (concurrently, and twice in one batch), an older
 * sequencer after a newer one, two newer ones in reverse order, a batch in
 * reverse order, and records for keys that are not ours. No invocation may
 * fail. An upload is single use (the first accepted object wins), so none of
 * these may change the asset: it stays active, its state keeps the upload's
 * sequencer, and its history gains no entry.
 */
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../lambdas/workers/asset-ingest/handler.js';
import type { IngestResult } from '../../lambdas/workers/asset-ingest/ingest.js';
import { encodeEventKey } from '../../local/s3.js';
import { LOCAL_BUCKET } from '../../local/stack.js';
import { uploadPng, type UploadedAsset } from './support/assets.js';
import { inParallel, startScenario, type Scenario } from './support/scenario.js';

const ASSETS = 6;

let s: Scenario;
const results: IngestResult[] = [];
let failedInvocations = 0;

beforeAll(async () => {
  s = await startScenario('s3 events: duplicates, out of order');
});
afterAll(async () => {
  const applied = results.filter((r) => r.result === 'applied').length;
  s.figures.checks.push(`${results.length} records: ${applied} applied, ${results.length - applied} skipped; ${failedInvocations} failed invocations`);
  await s.finish();
});

function recordFor(key: string, sequencer: string, size: number): S3EventRecord {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'us-east-1',
    eventTime: new Date().toISOString(),
    eventName: 'ObjectCreated:Post',
    userIdentity: { principalId: 'AWS:RELIABILITY' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': 'RELIABILITY', 'x-amz-id-2': 'RELIABILITY' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'asset-ingest',
      bucket: { name: LOCAL_BUCKET, ownerIdentity: { principalId: 'RELIABILITY' }, arn: `arn:aws:s3:::${LOCAL_BUCKET}` },
      object: { key: encodeEventKey(key), size, eTag: 'reliability', sequencer },
    },
  };
}

/** One invocation, as Lambda's asynchronous invoke of the S3 notification would make it. */
async function deliver(records: S3EventRecord[]): Promise<IngestResult[]> {
  s.figures.requests += records.length;
  try {
    const answered = await handler({ Records: records } satisfies S3Event);
    results.push(...answered);
    return answered;
  } catch (error) {
    failedInvocations += 1;
    s.figures.serverErrors.push({ request: `asset-ingest ${records.map((r) => `${r.s3.object.key}@${r.s3.object.sequencer}`).join(', ')}`, status: 0, body: String(error) });
    return [];
  }
}

async function stateOf(assetId: string) {
  const state = await s.stack.sql.query<{ sequencer: string; outcome: string }>(
    'SELECT sequencer, outcome FROM marketing_ops.asset_ingest_state WHERE asset_id = CAST(:a AS uuid)',
    { a: assetId },
  );
  const events = await s.stack.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM marketing_ops.asset_ingest_events WHERE asset_id = CAST(:a AS uuid)', { a: assetId });
  const asset = await s.stack.sql.query<{ status: string }>('SELECT status FROM marketing.content_library WHERE id = CAST(:a AS uuid)', { a: assetId });
  return { sequencer: state.rows[0]?.sequencer ?? null, outcome: state.rows[0]?.outcome ?? null, events: events.rows[0]!.n, status: asset.rows[0]?.status ?? null };
}

const hex = (n: bigint) => n.toString(16).toUpperCase();

describe('asset ingest under S3 delivery semantics', () => {
  it('duplicates, older and reordered events: no failure, the first accepted upload stays, nothing applied twice', async () => {
    const assets: UploadedAsset[] = [];
    for (let i = 0; i < ASSETS; i++) assets.push(await uploadPng(s.client, `events-${i}`, 10 + i, 7));
    expect(assets.every((a) => a.status === 'active')).toBe(true);

    await inParallel(assets, ASSETS, async (asset) => {
      const first = await stateOf(asset.id);
      const recorded = BigInt(`0x${first.sequencer ?? '0'}`);
      const same = recordFor(asset.key, hex(recorded), asset.size);
      const answered: IngestResult[] = [];
      const collect = async (delivery: Promise<IngestResult[]>) => answered.push(...(await delivery));
      // The same record three times at once, and twice in one batch.
      await Promise.all([collect(deliver([same])), collect(deliver([same])), collect(deliver([same]))]);
      await collect(deliver([same, same]));
      // An older one (S3 does not deliver in order), then two newer ones in reverse order, concurrently.
      await collect(deliver([recordFor(asset.key, hex(recorded - 5n), asset.size)]));
      await Promise.all([
        collect(deliver([recordFor(asset.key, hex(recorded + 20n), asset.size)])),
        collect(deliver([recordFor(asset.key, hex(recorded + 10n), asset.size)])),
      ]);
      // A batch newest-first: the older records in it must lose to the first.
      await collect(deliver([30n, 25n, 21n].map((d) => recordFor(asset.key, hex(recorded + d), asset.size))));
      const mine = answered.filter((r) => r.result === 'applied').length;

      const after = await stateOf(asset.id);
      const problems: string[] = [];
      if (after.status !== 'active') problems.push(`status ${after.status}`);
      if (after.sequencer !== first.sequencer) problems.push(`state sequencer ${after.sequencer}, want the upload's ${first.sequencer}`);
      // Single use: a later object under the form's key is refused, so nothing applies and the history is the upload's alone.
      if (mine !== 0 || after.events !== first.events) problems.push(`${mine} applied, ${after.events} history entries (the upload left ${first.events})`);
      if (problems.length) {
        s.figures.lostOrHalfWritten += 1;
        s.figures.failures.push(`${asset.assetId}: ${problems.join(', ')} (${mine} applied here)`);
      }
    });

    // Keys that are not ours (skipped) and an asset deleted meanwhile (its object removed): handled, not failed.
    const gone = assets[0]!;
    const removed = await s.client.call('DELETE', `/v1/assets/${gone.id}`, { as: 'admin' });
    expect(removed.status).toBe(204);
    const skippedBefore = results.filter((r) => r.result === 'skipped').length;
    const removedBefore = results.filter((r) => r.result === 'removed').length;
    await deliver([
      recordFor(gone.key, 'FFFFFFFFFFFFFFFFFF', gone.size),
      recordFor('uploads/not-a-uuid/x.png', '01', 1),
      recordFor('elsewhere/x.png', '01', 1),
    ]);
    expect(results.filter((r) => r.result === 'skipped').length - skippedBefore).toBe(2);
    expect(results.filter((r) => r.result === 'removed').length - removedBefore).toBe(1);

    expect(s.figures.serverErrors).toEqual([]);
    expect(s.figures.lostOrHalfWritten).toBe(0);
    expect(s.figures.failures).toEqual([]);
  });
});
