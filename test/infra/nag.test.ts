/**
 * cdk-nag AwsSolutions over both stacks after synthesis (references resolved,
 * exactly what `cdk synth` validates): no finding may be left unacknowledged,
 * and every acknowledgment carries a written reason.
 */
import { Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { gatewayRoutes as routes } from '../../lambdas/app.js';
import type { InfraRoute } from '../../lib/routes.js';
import { buildTestApp } from './build.js';

const webhook: InfraRoute = { method: 'POST', path: '/v1/webhooks/whatsapp', domain: 'health', auth: 'signature' };
const jwtRoute: InfraRoute = { method: 'GET', path: '/v1/nag-things', domain: 'health', auth: 'jwt' };

function findings(app: App): string[] {
  app.synth();
  const report = new AwsSolutionsChecks(app).validateScope(app);
  return report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));
}

function acknowledgments(scope: IConstruct): { id: string; reason: string }[] {
  return scope.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ id, reason }))),
  );
}

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['dev with Cognito', { stage: 'dev' }],
    ['prod with Cognito and alarm e-mail', { stage: 'prod', minCapacity: 0.5, alarmEmail: 'ops@example.com' }],
    ['prod with an external issuer', { stage: 'prod', jwtIssuer: 'https://id.example.com/', jwtAudience: 'api' }],
  ])('%s: zero unacknowledged errors and warnings', (_name, context) => {
    const { app } = buildTestApp(context, [...routes, webhook, jwtRoute]);
    expect(findings(app)).toEqual([]);
  });

  it('every acknowledgment is a specific rule with a reason of substance', () => {
    const { app } = buildTestApp({ stage: 'dev' }, [...routes, webhook, jwtRoute]);
    // (CDK itself acknowledges some CloudFormation-Validate rules; ours are the AwsSolutions ones.)
    const acks = acknowledgments(app).filter((a) => a.id.includes('AwsSolutions'));
    expect(acks.length).toBeGreaterThan(5);
    for (const ack of acks) {
      expect(ack.id).toMatch(/^(Annotation::)?AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(ack.reason.length, ack.id).toBeGreaterThan(40);
    }
  });

  it('acknowledges each public route of the real table with the reason the route itself gives', () => {
    const { app } = buildTestApp({ stage: 'dev' }, routes);
    const reasons = acknowledgments(app)
      .filter((a) => a.id.endsWith('AwsSolutions-APIG4'))
      .map((a) => a.reason);
    const publicRoutes = routes.filter((r) => r.auth !== 'jwt');
    expect(publicRoutes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      [
        'GET /v1/health',
        'GET /v1/calendar-feeds/{token}',
        'POST /v1/webhooks/sendgrid',
        'GET /v1/mkt/whatsapp/webhook/{accountId}',
        'POST /v1/mkt/whatsapp/webhook/{accountId}',
      ].sort(),
    );
    for (const route of publicRoutes) expect(reasons).toContain(route.publicBecause);
  });

  it('catches what is not acknowledged (the check can fail)', () => {
    const { app, stateless } = buildTestApp({ stage: 'prod' }, [...routes, jwtRoute]);
    // A bucket without TLS enforcement or access logs, and a public route, that nobody acknowledged.
    new s3.Bucket(stateless, 'Careless');
    new apigw.HttpRoute(stateless, 'Open', {
      httpApi: stateless.httpApi.api,
      routeKey: apigw.HttpRouteKey.with('/v1/open', apigw.HttpMethod.GET),
      integration: new HttpLambdaIntegration('OpenIntegration', stateless.functions.get('health')!.fn),
    });
    const found = findings(app);
    expect(found).toContain('AwsSolutions-S10 at MarketingOps-prod-Stateless/Careless/Resource');
    expect(found).toContain('AwsSolutions-APIG4 at MarketingOps-prod-Stateless/Open/Resource');
  });
});
