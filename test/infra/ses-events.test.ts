/**
 * The SES events wiring: an encrypted SNS topic that SES (of this account
 * only) may publish to and that invokes the ses-events worker directly; and
 * the SendGrid verification key reaching the functions when configured.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { InfraRoute } from '../../lib/routes.js';
import { buildTestApp } from './build.js';

const routes: InfraRoute[] = [{ method: 'GET', path: '/v1/health', domain: 'health', auth: 'none' }];

describe('SES events topic', () => {
  const template = Template.fromStack(buildTestApp({ stage: 'prod' }, routes).stateless);

  it('is encrypted with a rotated key SES may use, and enforces TLS', () => {
    expect(Object.keys(template.findResources('AWS::KMS::Key'))).toHaveLength(1);
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'ses.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
        ]),
      }),
    });
    template.hasResourceProperties('AWS::SNS::Topic', { DisplayName: 'SES sending events', KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          // (arrayWith keeps order: CDK's TLS statement comes first.)
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Principal: { Service: 'ses.amazonaws.com' }, Action: 'sns:Publish', Condition: { StringEquals: { 'aws:SourceAccount': Match.anyValue() } } }),
        ]),
      }),
    });
  });

  it('invokes the ses-events worker directly (a Lambda subscription, no HTTP endpoint)', () => {
    const subscriptions = Object.values(template.findResources('AWS::SNS::Subscription')).map((s) => s.Properties as Record<string, unknown>);
    expect(subscriptions.filter((s) => s.Protocol === 'lambda')).toHaveLength(1);
    expect(subscriptions.some((s) => s.Protocol === 'http' || s.Protocol === 'https')).toBe(false);
    const fns = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([, f]) =>
      JSON.stringify(f.Properties?.Environment ?? {}).includes('"POWERTOOLS_SERVICE_NAME":"ses-events"'),
    );
    expect(fns).toHaveLength(1);
    template.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'sns.amazonaws.com', FunctionName: { 'Fn::GetAtt': [fns[0]![0], 'Arn'] } });
  });

  it('passes the SendGrid verification key to the functions only when configured', () => {
    const key = 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==';
    const configured = Template.fromStack(buildTestApp({ stage: 'prod', sendgridWebhookPublicKey: key }, routes).stateless);
    configured.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ SENDGRID_WEBHOOK_PUBLIC_KEY: key }) } });
    expect(JSON.stringify(template.toJSON())).not.toContain('SENDGRID_WEBHOOK_PUBLIC_KEY');
    expect(() => buildTestApp({ stage: 'prod', sendgridWebhookPublicKey: 'not base64!' }, routes)).toThrow(/sendgridWebhookPublicKey/);
  });
});
