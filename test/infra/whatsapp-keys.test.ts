/**
 * What the WhatsApp functions may do with the token key: the API function
 * seals account secrets (Encrypt under the accounts' encryption context) and
 * opens only the webhook's app secret and verify token; the whatsapp-send
 * worker opens only access tokens; no other WhatsApp grant exists. KMS
 * compares each call's encryption context with these conditions, so a
 * function holding a ciphertext of another kind cannot open it.
 */
import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { InfraRoute } from '../../lib/routes.js';
import { buildTestApp } from './build.js';

const routes: InfraRoute[] = [
  { method: 'GET', path: '/v1/health', domain: 'health', auth: 'none' },
  { method: 'GET', path: '/v1/mkt/whatsapp/accounts', domain: 'mkt-whatsapp', auth: 'jwt' },
];

type Statement = { Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> };

describe('WhatsApp token-key grants', () => {
  const { stateless } = buildTestApp({ stage: 'prod' }, routes);
  const template = Template.fromStack(stateless);

  /** The KMS statements of one function's role. */
  function kmsStatements(name: string): Statement[] {
    const role = stateless.functions.get(name)!.role;
    const roleId = stateless.getLogicalId(role.node.defaultChild as CfnElement);
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId),
    );
    return policies
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
      .filter((s) => [s.Action].flat().some((a) => a.startsWith('kms:')));
  }

  it('lets the API function seal account secrets and open only the app secret and verify token', () => {
    const statements = kmsStatements('mkt-whatsapp');
    expect(statements.map((s) => ({ action: s.Action, condition: s.Condition }))).toEqual([
      { action: 'kms:Encrypt', condition: { StringEquals: { 'kms:EncryptionContext:table': 'public.mkt_wap_accounts' } } },
      {
        action: 'kms:Decrypt',
        condition: { StringEquals: { 'kms:EncryptionContext:table': 'public.mkt_wap_accounts', 'kms:EncryptionContext:secret': ['app_secret', 'verify_token'] } },
      },
    ]);
    // Only the stack's token key.
    for (const s of statements) expect(JSON.stringify(s.Resource)).toMatch(/TokenKey|SocialTokenKey|ImportValue|Fn::/);
  });

  it('lets the sender open access tokens only, and nothing else of the key', () => {
    expect(kmsStatements('whatsapp-send').map((s) => ({ action: s.Action, condition: s.Condition }))).toEqual([
      { action: 'kms:Decrypt', condition: { StringEquals: { 'kms:EncryptionContext:table': 'public.mkt_wap_accounts', 'kms:EncryptionContext:secret': 'access_token' } } },
    ]);
  });

  it('gives no other function a WhatsApp-context grant, and runs the sender on its schedule', () => {
    for (const name of stateless.functions.keys()) {
      if (name === 'mkt-whatsapp' || name === 'whatsapp-send') continue;
      expect(JSON.stringify(kmsStatements(name)), name).not.toContain('mkt_wap_accounts');
    }
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)', Description: `${'Sends due WhatsApp messages through the Cloud API, each claimed once (schedule)'} every 5 minute(s)` });
  });
});
