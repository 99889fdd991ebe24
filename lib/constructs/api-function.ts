/**
 * The team's one Lambda construct: every function (API domains, migrator,
 * ingest, schedules) gets the same runtime, architecture, bundling, logging
 * and environment from here, so a default changes in one place.
 */
import type { RemovalPolicy } from 'aws-cdk-lib';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Current Node.js LTS on Lambda; one constant so an upgrade is one line. */
export const NODE_RUNTIME = lambda.Runtime.NODEJS_24_X;
export const POWERTOOLS_NAMESPACE = 'MarketingOps';

export interface ApiFunctionProps {
  /** Entry file relative to the project root, e.g. `lambdas/health/handler.ts`. */
  readonly entry: string;
  /** Service name (POWERTOOLS_SERVICE_NAME) in logs and metrics, and log stream tag. */
  readonly serviceName: string;
  readonly stage: string;
  readonly description: string;
  readonly environment?: Readonly<Record<string, string>>;
  readonly timeout?: Duration;
  readonly memorySize?: number;
  readonly logRetention?: logs.RetentionDays;
  /** dev stages drop their logs with the stack; others keep them. */
  readonly removalPolicy: RemovalPolicy;
  /** Replace esbuild with an inline stub (tests: fast, offline, no asset hashes). */
  readonly skipBundling: boolean;
  /** Extra files the bundle needs beside the code (schema files, WASM). */
  readonly commandHooks?: ICommandHooks;
}

// esbuild's ESM output has no `require`, `__filename` or `__dirname`; bundled CommonJS dependencies still use
// them (libpg-query's WASM loader finds its .wasm through __dirname).
const ESM_SHIMS = [
  "import { createRequire as __createRequire } from 'node:module';",
  "import { fileURLToPath as __fileURLToPath } from 'node:url';",
  "import { dirname as __pathDirname } from 'node:path';",
  'const require = __createRequire(import.meta.url);',
  'const __filename = __fileURLToPath(import.meta.url);',
  'const __dirname = __pathDirname(__filename);',
].join(' ');

/** Every function's esbuild settings; exported so the bench bundles its floor handler the same way. */
export const BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourceMapMode: SourceMapMode.EXTERNAL,
  sourcesContent: false,
  // SDK v3 bundled into each function: pinned versions, tree-shaken, no dependence on the runtime's copy.
  bundleAwsSDK: true,
  externalModules: [] as string[],
  banner: ESM_SHIMS,
} as const;

const STUB = 'exports.handler = async () => { throw new Error("stub bundle: synthesized with skipBundling"); };';

export class ApiFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    const entry = path.join(PROJECT_ROOT, props.entry);
    // Checked even when bundling is skipped, so tests catch a route whose handler does not exist.
    if (!existsSync(entry)) throw new Error(`${props.entry} does not exist (function ${props.serviceName})`);

    // An explicit log group (not the deprecated logRetention custom resource) so retention is a plain property.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy,
    });

    // Our own role instead of AWSLambdaBasicExecutionRole: it may write to this function's log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.serviceName} (${props.stage})`,
    });
    this.logGroup.grantWrite(this.role);

    const code = props.skipBundling ? { code: lambda.Code.fromInline(STUB), handler: 'index.handler' } : {};

    this.fn = new NodejsFunction(this, 'Function', {
      entry,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      description: props.description,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(29),
      logGroup: this.logGroup,
      role: this.role,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        STAGE: props.stage,
        LOG_LEVEL: 'INFO',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: POWERTOOLS_NAMESPACE,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        ...BUNDLING,
        mainFields: [...BUNDLING.mainFields],
        externalModules: [...BUNDLING.externalModules],
        ...(props.commandHooks ? { commandHooks: props.commandHooks } : {}),
      },
      ...code,
    });
  }
}
