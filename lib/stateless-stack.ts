/**
 * Everything that can be replaced without losing data: the schema migration,
 * one function per API domain and per background worker, the HTTP API, the
 * upload-ingest wiring, schedules and alarms.
 */
import { CfnOutput, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { CfnResource } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { StackProps } from 'aws-cdk-lib';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import type { IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as lambdaDestinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { AppConfig } from './app-config.js';
import { Alarms } from './constructs/alarms.js';
import { ApiFunction } from './constructs/api-function.js';
import { DatabaseRoleSecrets } from './database-roles.js';
import { DATABASE_NAME } from './constructs/database.js';
import { HttpApi } from './constructs/http-api.js';
import { SchemaMigration } from './constructs/schema-migration.js';
import { workers, type WorkerDeclaration } from '../lambdas/workers/index.js';
import { databaseAccessOf, type FunctionAccess } from '../lambdas/platform/http/domain.js';
import { SIGNING_SECRET_ARN_ENV } from '../lambdas/platform/crypto/signing-secret.js';
import { suppressStatelessFindings } from './nag-suppressions.js';
import { contentBucketArnExport } from './stateful-stack.js';
import type { InfraApi } from './routes.js';

export interface StatelessStackProps extends StackProps {
  readonly config: AppConfig;
  readonly api: InfraApi;
  readonly cluster: rds.DatabaseCluster;
  readonly bucket: s3.IBucket;
  readonly tokenKey: kms.IKey;
  readonly signingSecret: secretsmanager.ISecret;
  readonly users?: { readonly userPool: cognito.IUserPool; readonly client: cognito.IUserPoolClient };
  /** Defaults to the project's `schema/` (tests point it elsewhere to see the hash change). */
  readonly schemaDir?: string;
}

/** API domains page lists (signed cursors) unless they declare otherwise; workers sign nothing unless they declare it. */
function needsSigningSecret(access: FunctionAccess | undefined, worker: boolean): boolean {
  return access?.signingSecret ?? !worker;
}

export class StatelessStack extends Stack {
  readonly functions = new Map<string, ApiFunction>();
  readonly migration: SchemaMigration;
  readonly httpApi: HttpApi;
  readonly databaseRoles: DatabaseRoleSecrets;
  /** The content bucket's ARN, imported by its fixed export name (see StatefulStack). */
  private readonly bucketArn: string;
  private readonly bucketGrants: { fn: ApiFunction; prefixes: string[] }[] = [];
  /** Where S3 events asset-ingest could not process end up (see wireUploads). */
  uploadEventsDlq?: sqs.Queue;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config } = props;
    const removalPolicy = config.isDevStage ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const secretArn = props.cluster.secret?.secretArn;
    if (!secretArn) throw new Error('The database cluster has no secret; the Data API needs one');

    this.bucketArn = Fn.importValue(contentBucketArnExport(config.stage));
    const jwt = this.jwtSettings(props);
    const environment = {
      DB_CLUSTER_ARN: props.cluster.clusterArn,
      DB_SECRET_ARN: secretArn,
      DB_NAME: DATABASE_NAME,
      CONTENT_BUCKET: props.bucket.bucketName,
      TOKEN_KMS_KEY_ID: props.tokenKey.keyArn,
      JWT_ISSUER: jwt.issuer,
      JWT_AUDIENCE: jwt.audience.join(','),
      // Where the post-dispatch publishers call the Graph API (per stage: -c graphApiBaseUrl / graphApiVersion).
      GRAPH_API_BASE_URL: config.graphApiBaseUrl,
      GRAPH_API_VERSION: config.graphApiVersion,
      // A public key (it only verifies), so an environment variable is the right place for it.
      ...(config.sendgridWebhookPublicKey ? { SENDGRID_WEBHOOK_PUBLIC_KEY: config.sendgridWebhookPublicKey } : {}),
    };

    // The migrator alone keeps the master secret (DB_SECRET_ARN above); every other function gets its role's.
    this.databaseRoles = new DatabaseRoleSecrets(this, 'DatabaseRoles', { stage: config.stage });
    this.migration = new SchemaMigration(this, 'SchemaMigration', {
      stage: config.stage,
      cluster: props.cluster,
      environment,
      removalPolicy,
      skipBundling: config.skipBundling,
      ...(props.schemaDir ? { schemaDir: props.schemaDir } : {}),
      databaseRoles: this.databaseRoles.migrationProperty,
    });
    this.databaseRoles.grantMigrator(this.migration.handler.fn);

    const workerNames = new Set(workers.map((w) => w.name));
    for (const fn of props.api.functions) {
      if (workerNames.has(fn.name)) throw new Error(`Domain "${fn.name}" has the name of a background worker`);
    }
    const functions = [
      ...props.api.functions.map((f) => ({ name: f.name, entry: `lambdas/${f.name}/handler.ts`, description: `API domain ${f.name}: ${f.description}`, access: f.access, worker: false })),
      ...workers.map((w) => ({ name: w.name, entry: `lambdas/workers/${w.name}/handler.ts`, description: w.description, access: w.access, worker: true })),
    ];
    for (const { name, entry, description, access, worker } of functions) {
      const signs = needsSigningSecret(access, worker);
      const fn = new ApiFunction(this, `Fn-${name}`, {
        entry,
        serviceName: name,
        stage: config.stage,
        description,
        environment: signs ? { ...environment, [SIGNING_SECRET_ARN_ENV]: props.signingSecret.secretArn } : environment,
        removalPolicy,
        skipBundling: config.skipBundling,
        ...(worker ? { timeout: Duration.minutes(2) } : {}),
      });
      this.grantAccess(fn, access ?? {}, props);
      if (signs) props.signingSecret.grantRead(fn.fn);
      // Code that reads tables must not go live before the tables exist.
      fn.fn.node.addDependency(this.migration.resource);
      this.functions.set(name, fn);
    }

    this.httpApi = new HttpApi(this, 'Http', {
      stage: config.stage,
      routes: props.api.routes,
      functions: new Map([...this.functions].map(([name, f]) => [name, f.fn])),
      authorizer: jwt.authorizer,
      corsOrigins: config.corsOrigins,
      throttleRate: config.apiThrottleRate,
      throttleBurst: config.apiThrottleBurst,
      publicThrottle: { rate: config.publicRouteThrottleRate, burst: config.publicRouteThrottleBurst },
      removalPolicy,
    });

    for (const worker of workers) {
      if (worker.trigger.kind === 'uploads') this.wireUploads(props.bucket, worker.name, worker.trigger.prefix);
      else if (worker.trigger.kind === 'ses-topic') this.wireSesTopic(worker.name, removalPolicy);
      else this.schedule(worker, config[worker.trigger.contextKey]);
    }

    new Alarms(this, 'Alarms', {
      stage: config.stage,
      api: this.httpApi.api,
      apiStage: this.httpApi.stage,
      functions: [
        ...[...this.functions].map(([name, f]) => ({ name, fn: f.fn, logGroup: f.logGroup })),
        { name: 'migrator', fn: this.migration.handler.fn, logGroup: this.migration.handler.logGroup },
      ],
      deadLetterQueues: this.uploadEventsDlq ? [{ name: 'UploadEventsDlq', queue: this.uploadEventsDlq }] : [],
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    });

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url });
    new CfnOutput(this, 'SchemaHash', { value: this.migration.schemaHash });

    suppressStatelessFindings(this, {
      httpApi: this.httpApi,
      routes: props.api.routes,
      migration: this.migration,
      databaseRoles: this.databaseRoles,
      bucketArn: this.bucketArn,
      bucketGrants: this.bucketGrants,
      ...(this.uploadEventsDlq ? { uploadEventsDlq: this.uploadEventsDlq } : {}),
    });
  }

  private jwtSettings(props: StatelessStackProps): { issuer: string; audience: string[]; authorizer: IHttpRouteAuthorizer } {
    const { auth } = props.config;
    if (auth.kind === 'issuer') {
      return {
        issuer: auth.issuer,
        audience: [...auth.audience],
        authorizer: new HttpJwtAuthorizer('JwtAuthorizer', auth.issuer, { jwtAudience: [...auth.audience] }),
      };
    }
    if (!props.users) throw new Error('auth is cognito but no user pool was passed to the stateless stack');
    const { userPool, client } = props.users;
    return {
      issuer: `https://cognito-idp.${this.region}.amazonaws.com/${userPool.userPoolId}`,
      audience: [client.userPoolClientId],
      authorizer: new HttpUserPoolAuthorizer('CognitoAuthorizer', userPool, { userPoolClients: [client] }),
    };
  }

  /** The Data API with the secret of its database access; S3 prefixes and token-key uses only as the domain or worker declares them. */
  private grantAccess(fn: ApiFunction, access: FunctionAccess, props: StatelessStackProps): void {
    this.databaseRoles.grantFunction(fn.fn, databaseAccessOf(access), props.cluster);
    const objects = (prefixes: readonly string[] | undefined) => (prefixes ?? []).map((p) => `${this.bucketArn}/${p}*`);
    const s3Grants: [string, readonly string[] | undefined][] = [
      ['s3:GetObject', access.s3Read],
      ['s3:PutObject', access.s3Write],
      ['s3:DeleteObject', access.s3Delete],
    ];
    for (const [action, prefixes] of s3Grants) {
      if (prefixes?.length) fn.fn.addToRolePolicy(new iam.PolicyStatement({ actions: [action], resources: objects(prefixes) }));
    }
    const prefixes = [...new Set(s3Grants.flatMap(([, p]) => p ?? []))];
    if (prefixes.length) this.bucketGrants.push({ fn, prefixes });
    const action = (use: 'encrypt' | 'decrypt') => (use === 'encrypt' ? 'kms:Encrypt' : 'kms:Decrypt');
    const uses = access.tokenKey ?? [];
    const anywhere = uses.filter((u) => typeof u === 'string').map(action);
    if (anywhere.length) fn.fn.addToRolePolicy(new iam.PolicyStatement({ actions: anywhere, resources: [props.tokenKey.keyArn] }));
    // A use bound to an encryption context: KMS checks the context of each call against the condition.
    for (const use of uses) {
      if (typeof use === 'string') continue;
      const equals = Object.fromEntries(Object.entries(use.context).map(([k, v]) => [`kms:EncryptionContext:${k}`, typeof v === 'string' ? v : [...v]]));
      fn.fn.addToRolePolicy(new iam.PolicyStatement({ actions: [action(use.use)], resources: [props.tokenKey.keyArn], conditions: { StringEquals: equals } }));
    }
  }

  /**
   * The bucket lives in the stateful stack; adding the notification to it there would make that stack
   * depend on this one (a cycle). Referencing it by name here puts the notification resource in this stack.
   */
  private wireUploads(bucket: s3.IBucket, name: string, prefix: string): void {
    const ingest = this.functions.get(name)!;
    // S3 invokes the function asynchronously: after Lambda's retries an event would be dropped, leaving its asset
    // 'processing'. Failed events go to this queue instead (with the error), for an operator to inspect or redrive;
    // the asset-sweep worker repairs the asset itself either way.
    this.uploadEventsDlq = new sqs.Queue(this, 'UploadEventsDlq', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    ingest.fn.configureAsyncInvoke({
      onFailure: new lambdaDestinations.SqsDestination(this.uploadEventsDlq),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });
    const byName = s3.Bucket.fromBucketName(this, 'ContentBucketRef', bucket.bucketName);
    byName.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(ingest.fn), { prefix });
    // CDK's notifications handler (a singleton function it adds to this stack) has no log group of its own, so its
    // logs would be kept forever: give its default log group a retention.
    const handler = this.node.children.find((c) => c.node.id.startsWith('BucketNotificationsHandler'));
    const fn = handler?.node.tryFindChild('Resource') as CfnResource | undefined;
    if (fn) {
      new logs.LogGroup(this, 'BucketNotificationsHandlerLogs', {
        logGroupName: Fn.join('', ['/aws/lambda/', fn.ref]),
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      });
    }
  }

  /**
   * The topic an SES configuration set publishes its events to; it invokes the worker directly (no public
   * endpoint). Encrypted with a key of its own whose policy lets SES use it, as SES must to publish there.
   */
  private wireSesTopic(name: string, removalPolicy: RemovalPolicy): void {
    const worker = this.functions.get(name)!;
    const ses = new iam.ServicePrincipal('ses.amazonaws.com');
    const key = new kms.Key(this, 'SesEventsKey', { description: 'SES events topic encryption', enableKeyRotation: true, removalPolicy });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [ses],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    const topic = new sns.Topic(this, 'SesEvents', { displayName: 'SES sending events', enforceSSL: true, masterKey: key });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [ses],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    topic.addSubscription(new subscriptions.LambdaSubscription(worker.fn));
    new CfnOutput(this, 'SesEventsTopicArn', { value: topic.topicArn, description: 'SNS destination for the SES configuration set' });
  }

  private schedule(worker: WorkerDeclaration, minutes: number): void {
    const target = this.functions.get(worker.name)!;
    if (minutes === 0) return;
    new events.Rule(this, `Schedule-${worker.name}`, {
      description: `${worker.description} every ${minutes} minute(s)`,
      schedule: events.Schedule.rate(Duration.minutes(minutes)),
      targets: [new targets.LambdaFunction(target.fn, { retryAttempts: 2, maxEventAge: Duration.minutes(10) })],
    });
  }
}
