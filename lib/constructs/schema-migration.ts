/**
 * Applies `schema/` on every deploy that changes it: a custom-resources
 * Provider around the migrator Lambda, with the schema files and the SQL
 * parser's WASM copied into the bundle.
 */
import { CustomResource, Duration } from 'aws-cdk-lib';
import type { RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as rds from 'aws-cdk-lib/aws-rds';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import path from 'node:path';
import { schemaHash } from '../schema-hash.js';
import { ApiFunction, PROJECT_ROOT } from './api-function.js';

export interface SchemaMigrationProps {
  readonly stage: string;
  readonly cluster: rds.IDatabaseCluster;
  readonly environment: Readonly<Record<string, string>>;
  readonly removalPolicy: RemovalPolicy;
  readonly skipBundling: boolean;
  /** Defaults to the project's `schema/`. */
  readonly schemaDir?: string;
  /** The function roles' secrets the migrator sets up after the schema (lib/database-roles.ts). */
  readonly databaseRoles?: readonly { Access: string; SecretArn: string }[];
}

export class SchemaMigration extends Construct {
  readonly resource: CustomResource;
  readonly handler: ApiFunction;
  readonly schemaHash: string;

  constructor(scope: Construct, id: string, props: SchemaMigrationProps) {
    super(scope, id);
    const schemaDir = props.schemaDir ?? path.join(PROJECT_ROOT, 'schema');
    const { hash } = schemaHash(schemaDir);
    this.schemaHash = hash;

    this.handler = new ApiFunction(this, 'Handler', {
      entry: 'lambdas/workers/migrator/custom-resource.ts',
      serviceName: 'migrator',
      stage: props.stage,
      description: 'Applies schema/ through the Data API (CloudFormation custom resource)',
      // Long enough to wait out a resume and apply every file; well under the Provider's 15-minute cap.
      timeout: Duration.minutes(10),
      environment: props.environment,
      removalPolicy: props.removalPolicy,
      skipBundling: props.skipBundling,
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (inputDir: string, outputDir: string) => [
          `cp -r "${path.join(inputDir, path.relative(PROJECT_ROOT, schemaDir))}" "${outputDir}/schema"`,
          // The SQL splitter's parser is WASM, loaded from beside the bundle at run time.
          `cp "${inputDir}/node_modules/libpg-query/wasm/libpg-query.wasm" "${outputDir}/"`,
        ],
      },
    });
    props.cluster.grantDataApiAccess(this.handler.fn);

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.handler.fn,
      logGroup: new logs.LogGroup(this, 'ProviderLogs', {
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: props.removalPolicy,
      }),
    });

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::SchemaMigration',
      properties: { SchemaHash: hash, ...(props.databaseRoles ? { DatabaseRoles: props.databaseRoles } : {}) },
    });
  }
}
