/**
 * Every cdk-nag AwsSolutions finding we accept, each on the narrowest
 * construct and finding id, each with the reason. Anything not listed here
 * fails synth (and test/infra/nag.test.ts).
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { AppConfig } from './app-config.js';
import type { ContentBucket } from './constructs/content-bucket.js';
import type { Database } from './constructs/database.js';
import type { DatabaseRoleSecrets } from './database-roles.js';
import type { HttpApi } from './constructs/http-api.js';
import type { SchemaMigration } from './constructs/schema-migration.js';
import type { InfraRoute } from './routes.js';

function ack(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-${id}`, reason });
}

/** The `<LogicalId.Arn>` text cdk-nag uses for a resource's ARN in finding ids. */
function arnRef(resource: IConstruct): string {
  const cfn = resource.node.defaultChild as CfnElement;
  const stack = Stack.of(cfn);
  return `<${String(stack.resolve(stack.getLogicalId(cfn)))}.Arn>`;
}

/** cdk-nag writes an `Fn::ImportValue` as the export's name. */
function importName(stack: Stack, token: string): string {
  const resolved = stack.resolve(token) as { 'Fn::ImportValue'?: unknown };
  const name = resolved['Fn::ImportValue'];
  if (typeof name !== 'string') throw new Error('expected an Fn::ImportValue of a fixed export name');
  return name;
}

const BASIC_EXECUTION = 'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';

export function suppressStatefulFindings(
  _stack: Stack,
  parts: { database: Database; content: ContentBucket; config: AppConfig; signingSecret: IConstruct; userPool?: IConstruct },
): void {
  const { database, config } = parts;
  ack(
    parts.signingSecret,
    'SMG4',
    'A MAC key, not a credential for another system: rotating it would revoke every issued calendar feed URL and list cursor at once. ' +
      'It is readable only by the functions that sign or verify; replace it deliberately (README: the signing secret) to revoke all feed URLs.',
  );
  ack(
    database.cluster.node.findChild('Secret'),
    'SMG4',
    'Rotation needs a rotation Lambda with a network path to the database and to Secrets Manager; the VPC is deliberately isolated ' +
      '(no NAT, no interface endpoints, so no idle cost). Callers use the Data API with IAM, and the secret is readable only by the migrator ' +
      '(every other function has the secret of its database role, lib/database-roles.ts).',
  );
  if (config.isDevStage) {
    ack(database.cluster, 'RDS10', 'dev stages are disposable: deletion protection would block `cdk destroy`. Every other stage enables it.');
  }
  if (parts.userPool) {
    ack(
      parts.userPool,
      'COG8',
      'Threat protection needs the Cognito Plus plan (charged per active user). The pool has no self sign-up, requires MFA (TOTP) and a ' +
        '12-character password policy; enable Plus per stage if the threat model asks for it.',
    );
  }
}

export function suppressStatelessFindings(
  stack: Stack,
  parts: {
    httpApi: HttpApi;
    routes: readonly InfraRoute[];
    migration: SchemaMigration;
    databaseRoles: DatabaseRoleSecrets;
    bucketArn: string;
    bucketGrants: readonly { fn: IConstruct; prefixes: readonly string[] }[];
    uploadEventsDlq?: IConstruct;
  },
): void {
  if (parts.uploadEventsDlq) {
    ack(
      parts.uploadEventsDlq,
      'SQS3',
      'This queue IS a dead-letter destination: asset-ingest sends the S3 events it failed to process here (Lambda on-failure ' +
        'destination), which cdk-nag only recognises for SQS redrive. A queue behind it would only move the same messages.',
    );
  }
  // Constructs CDK creates for us, whose roles we cannot shape.
  const provider = parts.migration.node.findChild('Provider');
  ack(provider, BASIC_EXECUTION, 'The custom-resources Provider framework function is created by CDK with this policy: log writes only.');
  ack(
    provider,
    `IAM5[Resource::${arnRef(parts.migration.handler.fn)}:*]`,
    'CDK grants the Provider framework invoke on our migrator function including its versions/aliases (`:*`); the function is fixed.',
  );
  for (const child of stack.node.children) {
    if (child.node.id.startsWith('BucketNotificationsHandler')) {
      ack(child, BASIC_EXECUTION, 'CDK’s bucket-notifications handler (sets the upload notification at deploy time) has log writes only.');
    }
  }

  for (const secret of parts.databaseRoles.secrets.values()) {
    ack(
      secret,
      'SMG4',
      'Not rotated, as the master secret is not: a rotation Lambda needs a network path into the isolated VPC. Each secret is readable ' +
        'only by the functions of its access and the migrator; a replaced secret gets its password set by the same deploy.',
    );
  }

  // Object-level S3 actions need the `prefix/*` wildcard: it names a key prefix, not a wider permission.
  for (const { fn, prefixes } of parts.bucketGrants) {
    for (const prefix of prefixes) {
      ack(
        fn,
        `IAM5[Resource::${importName(stack, parts.bucketArn)}/${prefix}*]`,
        `Object actions are limited to the ${prefix} key prefix of the content bucket; a key-level wildcard is how S3 expresses a prefix.`,
      );
    }
  }

  // Health and signed webhooks are public by design; every other route has the JWT authorizer.
  for (const route of parts.routes) {
    if (route.auth === 'jwt') continue;
    const why =
      route.publicBecause ??
      (route.auth === 'none'
        ? 'Health check for load balancers and uptime probes: no data, no authentication by design.'
        : 'Signed webhook: the platform cannot send our JWT; the handler verifies the request signature before doing anything.');
    const routeConstruct = parts.httpApi.routeFor(route);
    ack(routeConstruct, 'APIG4', why);
  }
}
