import { Match, Template } from 'aws-cdk-lib/assertions';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayRoutes as routeTable } from '../../lambdas/app.js';
import { schemaHash } from '../../lib/schema-hash.js';
import type { InfraRoute } from '../../lib/routes.js';
import { buildTestApp } from './build.js';
import { workers } from '../../lambdas/workers/index.js';

const SCHEMA = path.resolve(import.meta.dirname, '../../schema');

/** A table with every kind of route (handled by an existing domain folder). */
const mixedRoutes: InfraRoute[] = [
  { method: 'GET', path: '/v1/health', domain: 'health', auth: 'none' },
  { method: 'POST', path: '/v1/webhooks/whatsapp', domain: 'health', auth: 'signature' },
  { method: 'GET', path: '/v1/things', domain: 'health', auth: 'jwt' },
  { method: 'DELETE', path: '/v1/things/{id}', domain: 'health', auth: 'jwt' },
];

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

function ofType(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** The IAM policy statements attached to the role of the function with this service name (POWERTOOLS_SERVICE_NAME). */
function statementsOf(template: Template, service: string): { Action: string | string[]; Resource: unknown }[] {
  const fns = ofType(template, 'AWS::Lambda::Function');
  const fn = Object.values(fns).find(
    (f) => (f.Properties?.Environment as { Variables?: Record<string, string> } | undefined)?.Variables?.POWERTOOLS_SERVICE_NAME === service,
  );
  if (!fn) throw new Error(`no function ${service}`);
  const roleRef = JSON.stringify((fn.Properties!.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]);
  return Object.values(ofType(template, 'AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties!.Roles).includes(roleRef))
    .flatMap((p) => (p.Properties!.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
}

const actionsOf = (statements: { Action: string | string[] }[]) => statements.flatMap((s) => [s.Action].flat()).sort();

describe('stateful stack', () => {
  const { stateful } = buildTestApp({ stage: 'prod', minCapacity: 0.5, maxCapacity: 16 }, routeTable);
  const template = Template.fromStack(stateful);

  it('runs Aurora PostgreSQL 17.9 Serverless v2 with the Data API, encrypted, in isolated subnets', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql',
      EngineVersion: '17.9',
      EnableHttpEndpoint: true,
      StorageEncrypted: true,
      KmsKeyId: Match.anyValue(),
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 16 },
      DeletionProtection: true,
      BackupRetentionPeriod: 14,
      DatabaseName: 'marketing',
      MasterUserPassword: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
    });
    template.hasResource('AWS::RDS::DBCluster', { DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
    template.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless', Engine: 'aurora-postgresql' });
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.hasResourceProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
    template.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: Match.objectLike({ PasswordLength: 30 }) });
    const subnets = Object.values(ofType(template, 'AWS::EC2::Subnet'));
    expect(subnets.map((s) => JSON.stringify(s.Properties!.Tags))).toEqual([expect.stringContaining('Isolated'), expect.stringContaining('Isolated')]);
  });

  it('keeps the content bucket private, TLS-only, versioned, with CORS for uploads and lifecycle rules', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      CorsConfiguration: {
        // Presigned POST uploads and GET downloads only: no PUT is ever issued.
        CorsRules: [Match.objectLike({ AllowedMethods: ['POST', 'GET', 'HEAD'], AllowedOrigins: ['https://app.example.com'] })],
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, Status: 'Enabled' }),
          Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Status: 'Enabled' }),
        ]),
      },
    });
    const policies = Object.values(ofType(template, 'AWS::S3::BucketPolicy'));
    expect(policies.length).toBe(2);
    for (const policy of policies) {
      expect(JSON.stringify(policy.Properties!.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
    const content = JSON.stringify(policies.map((p) => p.Properties!.PolicyDocument));
    expect(content).toContain('"s3:TlsVersion":1.2');
  });

  it('has a rotating key for social tokens and a Cognito pool with the three groups', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, Description: Match.stringLikeRegexp('social platform access tokens') });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
    });
    const groups = Object.values(ofType(template, 'AWS::Cognito::UserPoolGroup')).map((g) => g.Properties!.GroupName);
    expect(groups.sort()).toEqual(['admin', 'marketer', 'viewer']);
    for (const output of ['UserPoolId', 'UserPoolClientId', 'BucketName', 'ClusterArn', 'SecretArn']) template.hasOutput(output, {});
  });

  it('gives the browser client SRP sign-in only, without hosted-UI OAuth flows or callback URLs', () => {
    const clients = Object.values(ofType(template, 'AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(1);
    const props = clients[0]!.Properties!;
    expect(props.AllowedOAuthFlows).toBeUndefined();
    expect(props.CallbackURLs).toBeUndefined();
    expect(props.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(props.ExplicitAuthFlows).toEqual(expect.arrayContaining(['ALLOW_USER_SRP_AUTH']));
  });

  it('lets dev stages go: no deletion protection, no snapshot, minimum 0 ACU allowed', () => {
    const dev = Template.fromStack(buildTestApp({ stage: 'dev', minCapacity: 0, maxCapacity: 2 }, routeTable).stateful);
    dev.hasResourceProperties('AWS::RDS::DBCluster', {
      DeletionProtection: false,
      ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 2, SecondsUntilAutoPause: 600 },
    });
    dev.hasResource('AWS::RDS::DBCluster', { DeletionPolicy: 'Delete' });
    expect(Object.values(ofType(dev, 'AWS::Cognito::UserPool'))[0]!.Properties!.DeletionProtection).toBe('INACTIVE');
  });
});

describe('stateless stack', () => {
  let schemaDir: string;
  beforeAll(async () => {
    schemaDir = await mkdtemp(path.join(tmpdir(), 'infra-schema-'));
    await cp(SCHEMA, schemaDir, { recursive: true });
  });
  afterAll(async () => {
    await rm(schemaDir, { recursive: true, force: true });
  });

  const build = (routes: readonly InfraRoute[] = mixedRoutes, dir?: string) =>
    Template.fromStack(buildTestApp({ stage: 'prod', alarmEmail: 'ops@example.com' }, routes, dir).stateless);

  it("keeps the logs of CDK's bucket-notifications handler for 30 days, not forever", () => {
    const template = build();
    const handler = Object.entries(ofType(template, 'AWS::Lambda::Function')).find(([id]) => id.startsWith('BucketNotificationsHandler'));
    expect(handler).toBeDefined();
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: { 'Fn::Join': ['', ['/aws/lambda/', { Ref: handler![0] }]] },
      RetentionInDays: 30,
    });
  });

  it('creates one function per domain plus the background ones, with the team defaults', () => {
    const template = build();
    // Ours carry a service name (POWERTOOLS_SERVICE_NAME); CDK's own helpers (Provider framework, bucket notifications) do not.
    const fns = Object.values(ofType(template, 'AWS::Lambda::Function')).filter((f) =>
      JSON.stringify(f.Properties!.Environment ?? {}).includes('POWERTOOLS_SERVICE_NAME'),
    );
    const services = fns.map((f) => (f.Properties!.Environment as { Variables: Record<string, string> }).Variables.POWERTOOLS_SERVICE_NAME).sort();
    expect(services).toEqual(['asset-ingest', 'asset-sweep', 'health', 'metrics-refresh', 'migrator', 'post-dispatch', 'segment-refresh', 'ses-events', 'whatsapp-send']);
    for (const fn of fns) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.stringMatching(/Logs/) } },
        Environment: {
          Variables: expect.objectContaining({
            DB_NAME: 'marketing',
            NODE_OPTIONS: '--enable-source-maps',
            POWERTOOLS_METRICS_NAMESPACE: 'MarketingOps',
            STAGE: 'prod',
          }),
        },
      });
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('authorizes every route with the JWT authorizer except health and the WhatsApp webhook', () => {
    const template = build();
    const routes = Object.values(ofType(template, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties!);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(mixedRoutes.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of routes) {
      const open = route.RouteKey === 'GET /v1/health' || route.RouteKey === 'POST /v1/webhooks/whatsapp';
      expect({ key: route.RouteKey, type: route.AuthorizationType }).toEqual({ key: route.RouteKey, type: open ? 'NONE' : 'JWT' });
      if (!open) expect(route.AuthorizerId).toBeDefined();
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [Match.anyValue()], Issuer: Match.anyValue() },
    });
  });

  it('authorizes the real route table the same way', () => {
    const template = build(routeTable);
    const routes = Object.values(ofType(template, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties!);
    expect(routes).toHaveLength(routeTable.length);
    for (const route of routeTable) {
      const found = routes.find((r) => r.RouteKey === `${route.method} ${route.path}`);
      expect(found?.AuthorizationType).toBe(route.auth === 'jwt' ? 'JWT' : 'NONE');
    }
  });

  it('uses the configured issuer instead of Cognito when given one', () => {
    const { stateful, stateless } = buildTestApp(
      { stage: 'prod', jwtIssuer: 'https://id.example.com/realms/mkt', jwtAudience: 'mkt-api' },
      mixedRoutes,
    );
    expect(Template.fromStack(stateful).findResources('AWS::Cognito::UserPool')).toEqual({});
    Template.fromStack(stateless).hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: { Audience: ['mkt-api'], Issuer: 'https://id.example.com/realms/mkt' },
    });
  });

  it('throttles the stage and logs access', () => {
    const template = build();
    expect(Object.keys(ofType(template, 'AWS::ApiGatewayV2::Stage'))).toHaveLength(1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('grants each function the Data API on the cluster and its secret, and S3/KMS only where listed', () => {
    const template = build();
    const dataApi = ['rds-data:BatchExecuteStatement', 'rds-data:BeginTransaction', 'rds-data:CommitTransaction', 'rds-data:ExecuteStatement', 'rds-data:RollbackTransaction'];
    const logs = ['logs:CreateLogStream', 'logs:PutLogEvents'];
    for (const service of ['health', 'segment-refresh']) {
      expect(actionsOf(statementsOf(template, service))).toEqual([...dataApi, ...logs, 'secretsmanager:GetSecretValue'].sort());
    }
    // post-dispatch opens account tokens (KMS Decrypt on the token key) to publish; it never seals one.
    expect(actionsOf(statementsOf(template, 'post-dispatch'))).toEqual(['kms:Decrypt', ...dataApi, ...logs, 'secretsmanager:GetSecretValue'].sort());
    // The migrator: the master secret (as grantDataApiAccess gives it) and read of the role secrets it sets up.
    expect(actionsOf(statementsOf(template, 'migrator'))).toEqual(
      [...dataApi, ...logs, 'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:GetSecretValue'].sort(),
    );
    const ingest = statementsOf(template, 'asset-ingest');
    // asset-ingest reads uploads, copies an accepted one to assets/, removes judged uploads (and a copy that lost a race),
    // and sends the events it failed on to its dead-letter queue.
    expect(actionsOf(ingest)).toEqual(
      [...dataApi, ...logs, 's3:DeleteObject', 's3:GetObject', 's3:PutObject', 'secretsmanager:GetSecretValue', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'].sort(),
    );
    const bucketObjects = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::ImportValue': 'marketing-ops-prod-content-bucket-arn' }, `/${prefix}*`]] });
    expect(ingest.find((s) => s.Action === 's3:GetObject')!.Resource).toEqual(bucketObjects('uploads/'));
    expect(ingest.find((s) => s.Action === 's3:PutObject')!.Resource).toEqual(bucketObjects('assets/'));
    expect(ingest.find((s) => s.Action === 's3:DeleteObject')!.Resource).toEqual(expect.arrayContaining([bucketObjects('uploads/'), bucketObjects('assets/')]));
    const rds = ingest.find((s) => [s.Action].flat().includes('rds-data:ExecuteStatement'))!;
    expect(JSON.stringify(rds.Resource)).toMatch(/ImportValue.*DatabaseCluster/);
    expect(JSON.stringify(ingest)).not.toMatch(/"Resource":"\*"/);
  });

  describe('database roles: each function only its own secret', () => {
    const template = build(routeTable);
    const secrets = ofType(template, 'AWS::SecretsManager::Secret');
    const secretIdOf = (access: 'Write' | 'Read') => Object.keys(secrets).find((id) => id.startsWith(`DatabaseRoles${access}`))!;
    const functions = Object.values(ofType(template, 'AWS::Lambda::Function')).filter((f) =>
      JSON.stringify(f.Properties!.Environment ?? {}).includes('POWERTOOLS_SERVICE_NAME'),
    );
    const envOf = (f: (typeof functions)[number]) => (f.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
    /** The secrets a function's policy lets it read, as logical ids ('master' for the cluster's, 'signing' for the stage signing secret). */
    const readableSecrets = (service: string) =>
      statementsOf(template, service)
        .filter((s) => [s.Action].flat().some((a) => a.startsWith('secretsmanager:')))
        .flatMap((s) => [s.Resource].flat())
        .map((r) => JSON.stringify(r))
        .map((r) => (r.includes('SigningSecret') ? 'signing' : r.includes('ImportValue') ? 'master' : /"Ref":"([^"]+)"/.exec(r)?.[1]))
        .sort();

    it('makes one generated secret per kind of access, with the login name and no characters that need quoting', () => {
      expect(Object.keys(secrets)).toHaveLength(2);
      for (const [access, username] of [['Write', 'mkt_writer'], ['Read', 'mkt_reader']] as const) {
        const generate = secrets[secretIdOf(access)]!.Properties!.GenerateSecretString as Record<string, unknown>;
        expect(generate).toMatchObject({ SecretStringTemplate: JSON.stringify({ username }), GenerateStringKey: 'password', PasswordLength: 32 });
        for (const c of ` '"\\/@:%$`) expect(String(generate.ExcludeCharacters)).toContain(c);
      }
    });

    it('gives health and calendar-feeds (declared read) the read secret, every other domain and worker the write secret, the migrator the master', () => {
      const services = functions.map((f) => ({ service: String(envOf(f).POWERTOOLS_SERVICE_NAME), secret: JSON.stringify(envOf(f).DB_SECRET_ARN) }));
      expect(services.length).toBeGreaterThan(10);
      const readOnly = new Set(['health', 'calendar-feeds']);
      const workerNames = new Set(workers.map((w) => w.name));
      for (const { service, secret } of services) {
        const expected = service === 'migrator' ? 'ImportValue' : `"Ref":"${secretIdOf(readOnly.has(service) ? 'Read' : 'Write')}"`;
        expect({ service, secret: secret.includes(expected) }).toEqual({ service, secret: true });
        if (service === 'migrator') continue;
        // The policy lets it read exactly the secret its environment names (not the master's, not the other role's),
        // plus the stage signing secret for API domains that page lists or check feed tokens (not health, not workers).
        const signs = service !== 'health' && !workerNames.has(service);
        expect({ service, readable: readableSecrets(service) }).toEqual({
          service,
          readable: [secretIdOf(readOnly.has(service) ? 'Read' : 'Write'), ...(signs ? ['signing'] : [])].sort(),
        });
      }
    });

    it('lets the migrator read the master secret and both role secrets, which it names to the migration resource', () => {
      expect(readableSecrets('migrator')).toEqual(['master', secretIdOf('Read'), secretIdOf('Write')].sort());
      template.hasResourceProperties('Custom::SchemaMigration', {
        DatabaseRoles: [
          { Access: 'write', SecretArn: { Ref: secretIdOf('Write') } },
          { Access: 'read', SecretArn: { Ref: secretIdOf('Read') } },
        ],
      });
    });
  });

  it('wires asset-ingest to ObjectCreated under uploads/ and schedules the background functions', () => {
    const template = build();
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          Match.objectLike({ Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } } }),
        ],
      },
      Managed: false,
    });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)' });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 hour)' });
    expect(Object.keys(ofType(template, 'AWS::Events::Rule'))).toHaveLength(workers.filter((w) => w.trigger.kind === 'schedule').length);
  });

  it('alarms on API 5xx rate, function errors and throttles, Data API failures and dead-letter messages, to SNS e-mail', () => {
    const template = build();
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    const alarms = Object.values(ofType(template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties!);
    expect(alarms.filter((a) => a.MetricName === 'Errors')).toHaveLength(9);
    expect(alarms.filter((a) => a.MetricName === 'Throttles')).toHaveLength(9);
    expect(alarms.some((a) => JSON.stringify(a.Metrics ?? '').includes('5xx'))).toBe(true);
    expect(alarms.some((a) => a.MetricName === 'DataApiFailures')).toBe(true);
    // A failed upload event waiting in the dead-letter queue is an alarm, not a silent queue.
    const waiting = alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.Dimensions).toEqual([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [expect.stringMatching(/^UploadEventsDlq/), 'QueueName'] } }]);
    expect(waiting[0]!.Threshold).toBe(1);
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlarmsTopic/) }]);
    template.hasResourceProperties('AWS::Logs::MetricFilter', { FilterPattern: Match.stringLikeRegexp('DatabaseResumingException') });
  });

  it('makes every function depend on the migration, which carries the schema files hash', async () => {
    const template = build(mixedRoutes, schemaDir);
    const { hash } = schemaHash(schemaDir);
    template.hasResourceProperties('Custom::SchemaMigration', { SchemaHash: hash });
    const migrationId = Object.keys(template.findResources('Custom::SchemaMigration'))[0]!;
    const fns = template.findResources('AWS::Lambda::Function') as Record<string, { DependsOn?: string[]; Properties: { Environment?: { Variables: Record<string, string> } } }>;
    const dependent = Object.values(fns).filter((fn) => {
      const service = fn.Properties.Environment?.Variables.POWERTOOLS_SERVICE_NAME;
      return service !== undefined && service !== 'migrator';
    });
    expect(dependent).toHaveLength(8);
    for (const fn of dependent) expect(fn.DependsOn).toContain(migrationId);

    await writeFile(path.join(schemaDir, '99_infra_test.sql'), 'SELECT 1;\n');
    const changed = build(mixedRoutes, schemaDir);
    const newHash = schemaHash(schemaDir).hash;
    expect(newHash).not.toBe(hash);
    changed.hasResourceProperties('Custom::SchemaMigration', { SchemaHash: newHash });
  });
});
