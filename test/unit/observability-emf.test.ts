/**
 * The CloudWatch EMF writer (lambdas/platform/observability/emf.ts): the
 * document shape of the specification, nothing written when there is nothing
 * to write, and one flush per invocation of the domain handler's chain.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

// The container's writer reads these when its module loads: on for this file (the run turns metrics off), a cold start to count.
vi.hoisted(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  process.env.POWERTOOLS_METRICS_NAMESPACE = 'MarketingOpsTest';
  process.env.POWERTOOLS_SERVICE_NAME = 'emf-test';
  process.env.STAGE = 'test';
  process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
});

import { Metrics, MetricUnit, type EmfDocument } from '../../lambdas/platform/observability/emf.js';
import { envFlag } from '../../lambdas/platform/observability/env-flag.js';
import { captureOutput, type CapturedOutput } from '../support/capture-output.js';
import { httpEvent, lambdaContext } from './http-fixtures.js';
import { testHandler } from './http-test-routes.js';

const NOW = 1_767_225_600_000;
let output: CapturedOutput | undefined;
afterEach(() => {
  output?.restore();
  output = undefined;
});

function writer(options: { disabled?: boolean } = {}): { metrics: Metrics; lines: string[] } {
  const lines: string[] = [];
  const metrics = new Metrics({ namespace: 'MarketingOps', service: 'content', dimensions: { stage: 'dev' }, now: () => NOW, write: (l) => lines.push(l), ...options });
  return { metrics, lines };
}

describe('an EMF document', () => {
  it('is the specification\'s shape: _aws (Timestamp, one directive naming namespace, dimension set and metrics), then dimension values, then metric values', () => {
    const { metrics, lines } = writer();
    metrics.addMetric('Latency', MetricUnit.Milliseconds, 12).addMetric('ClientError', MetricUnit.Count, 0).addMetric('ServerError', MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
    expect(lines).toEqual([
      '{"_aws":{"Timestamp":1767225600000,"CloudWatchMetrics":[{"Namespace":"MarketingOps","Dimensions":[["service","stage"]],' +
        '"Metrics":[{"Name":"Latency","Unit":"Milliseconds"},{"Name":"ClientError","Unit":"Count"},{"Name":"ServerError","Unit":"Count"}]}]},' +
        '"service":"content","stage":"dev","Latency":12,"ClientError":0,"ServerError":1}',
    ]);
    // What the specification requires of the members the directive points at.
    const doc = JSON.parse(lines[0]!) as EmfDocument;
    const directive = doc._aws.CloudWatchMetrics[0]!;
    for (const name of directive.Dimensions.flat()) expect(typeof doc[name]).toBe('string');
    for (const { Name } of directive.Metrics) expect(typeof doc[Name]).toBe('number');
  });

  it('keeps every value of a metric added twice, as an array', () => {
    const { metrics, lines } = writer();
    metrics.addMetric('Latency', MetricUnit.Milliseconds, 12).addMetric('Latency', MetricUnit.Milliseconds, 30);
    metrics.publishStoredMetrics();
    const doc = JSON.parse(lines[0]!) as EmfDocument;
    expect(doc.Latency).toEqual([12, 30]);
    expect(doc._aws.CloudWatchMetrics[0]!.Metrics).toEqual([{ Name: 'Latency', Unit: 'Milliseconds' }]);
  });

  it('is written at most 100 metrics at a time (the specification\'s limit)', () => {
    const { metrics, lines } = writer();
    for (let i = 0; i < 101; i++) metrics.addMetric(`M${i}`, MetricUnit.Count, i);
    metrics.publishStoredMetrics();
    expect(lines.map((l) => (JSON.parse(l) as EmfDocument)._aws.CloudWatchMetrics[0]!.Metrics.length)).toEqual([100, 1]);
  });

  it('refuses a value that is not a finite number', () => {
    const { metrics } = writer();
    expect(() => metrics.addMetric('Latency', MetricUnit.Milliseconds, Number.NaN)).toThrow(RangeError);
    expect(() => metrics.addMetric('', MetricUnit.Count, 1)).toThrow(RangeError);
  });
});

describe('nothing is written', () => {
  it('when no metric was added: no document and no warning on any stream', () => {
    output = captureOutput();
    const { metrics, lines } = writer();
    metrics.publishStoredMetrics();
    metrics.addMetric('Latency', MetricUnit.Milliseconds, 1);
    metrics.publishStoredMetrics();
    metrics.publishStoredMetrics();
    output.restore();
    expect(lines).toHaveLength(1);
    expect(output.all).toEqual([]);
  });

  it('when the writer is disabled, and what was added is dropped', () => {
    const { metrics, lines } = writer({ disabled: true });
    metrics.addMetric('Latency', MetricUnit.Milliseconds, 1);
    metrics.publishStoredMetrics();
    metrics.captureColdStartMetric('fn');
    expect(metrics.isDisabled()).toBe(true);
    expect(lines).toEqual([]);
  });

  it('disabled from POWERTOOLS_METRICS_DISABLED as Powertools read it', () => {
    expect(envFlag('POWERTOOLS_METRICS_DISABLED', { POWERTOOLS_METRICS_DISABLED: 'true' })).toBe(true);
    expect(envFlag('POWERTOOLS_METRICS_DISABLED', { POWERTOOLS_METRICS_DISABLED: '1' })).toBe(true);
    expect(envFlag('POWERTOOLS_METRICS_DISABLED', { POWERTOOLS_METRICS_DISABLED: 'false' })).toBe(false);
    expect(envFlag('POWERTOOLS_METRICS_DISABLED', {})).toBeUndefined();
  });
});

describe('the domain handler', () => {
  it('writes one document per invocation (latency and error counts) and a ColdStart document on the first only', async () => {
    const { handler } = testHandler('pings');
    output = captureOutput();
    const first = lambdaContext();
    await handler(httpEvent('GET', '/v1/ping'), first);
    const isEmf = (l: string): boolean => l.includes('"_aws"');
    const afterFirst = output.stdout.filter(isEmf).length;
    await handler(httpEvent('GET', '/v1/nowhere'), lambdaContext());
    output.restore();
    const docs = output.stdout.filter(isEmf).map((l) => JSON.parse(l) as EmfDocument);
    expect(afterFirst).toBe(2);
    expect(docs).toHaveLength(3);
    const [coldStart, one, two] = docs;
    expect(coldStart!._aws.CloudWatchMetrics).toEqual([
      { Namespace: 'MarketingOpsTest', Dimensions: [['service', 'stage', 'function_name']], Metrics: [{ Name: 'ColdStart', Unit: 'Count' }] },
    ]);
    expect(coldStart).toMatchObject({ service: 'emf-test', stage: 'test', function_name: first.functionName, ColdStart: 1 });
    expect(one!._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service', 'stage']]);
    expect(one).toMatchObject({ service: 'emf-test', stage: 'test', ClientError: 0, ServerError: 0 });
    expect(typeof one!.Latency).toBe('number');
    expect(two).toMatchObject({ ClientError: 1, ServerError: 0 });
    expect(two).not.toHaveProperty('ColdStart');
  });
});
