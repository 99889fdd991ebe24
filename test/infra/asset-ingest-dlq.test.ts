/**
 * asset-ingest's failure destination: S3 invokes it asynchronously, so after
 * Lambda's retries a failed event goes to an encrypted, TLS-only SQS queue
 * (not dropped), which only that function may send to. And asset-sweep runs
 * on its schedule with the S3 access it needs.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { InfraRoute } from '../../lib/routes.js';
import { buildTestApp } from './build.js';

const routes: InfraRoute[] = [{ method: 'GET', path: '/v1/health', domain: 'health', auth: 'none' }];

function functionId(template: Template, service: string): string {
  const fns = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([, f]) =>
    JSON.stringify(f.Properties?.Environment ?? {}).includes(`"POWERTOOLS_SERVICE_NAME":"${service}"`),
  );
  expect(fns).toHaveLength(1);
  return fns[0]![0];
}

describe('asset-ingest dead-letter queue', () => {
  const template = Template.fromStack(buildTestApp({ stage: 'prod' }, routes).stateless);

  it('sends failed asynchronous S3 invocations to an encrypted queue after two retries', () => {
    const ingest = functionId(template, 'asset-ingest');
    const queues = template.findResources('AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(1);
    const [queueId, queue] = Object.entries(queues)[0]!;
    expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: ingest },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      }),
    });
    // Only asset-ingest's role may send to it.
    const senders = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties?.PolicyDocument ?? {}).includes('sqs:SendMessage'),
    );
    expect(senders).toHaveLength(1);
    expect(JSON.stringify(senders[0]!.Properties.Roles)).toContain(template.toJSON().Resources[ingest].Properties.Role['Fn::GetAtt'][0]);
  });

  it('runs asset-sweep on its schedule (default hourly) and not at all with assetSweepMinutes 0', () => {
    const sweep = functionId(template, 'asset-sweep');
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: Match.arrayWith([Match.objectLike({ Arn: { 'Fn::GetAtt': [sweep, 'Arn'] } })]),
    });
    const off = Template.fromStack(buildTestApp({ stage: 'prod', assetSweepMinutes: 0 }, routes).stateless);
    const offSweep = functionId(off, 'asset-sweep');
    expect(JSON.stringify(off.findResources('AWS::Events::Rule'))).not.toContain(offSweep);
  });
});
