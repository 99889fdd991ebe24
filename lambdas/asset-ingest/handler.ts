/**
 * PLACEHOLDER written by the infrastructure task so `cdk synth` can bundle the
 * asset-ingest function it wires to the bucket's ObjectCreated events. The
 * asset-ingest issue replaces this file with the real handler.
 */
import type { S3Event } from 'aws-lambda';

export async function handler(event: S3Event): Promise<void> {
  console.log(JSON.stringify({ message: 'asset-ingest placeholder: objects not recorded', count: event.Records.length }));
}
