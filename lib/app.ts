/**
 * Builds both stacks for one stage. `bin/app.ts` calls it with the real
 * application and CDK context; tests call it with their own.
 */
import { Tags, Validations } from 'aws-cdk-lib';
import type { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { AppConfig } from './app-config.js';
import type { InfraApi } from './routes.js';
import { StatefulStack } from './stateful-stack.js';
import { StatelessStack } from './stateless-stack.js';

export interface BuildOptions {
  readonly config: AppConfig;
  /** The API's functions and gateway routes (from `lambdas/app.ts`; tests pass their own). */
  readonly api: InfraApi;
  readonly schemaDir?: string;
  /** Run cdk-nag AwsSolutions on synth (errors fail it). */
  readonly nag?: boolean;
}

export function buildStacks(app: App, options: BuildOptions): { stateful: StatefulStack; stateless: StatelessStack } {
  const { config } = options;
  const env = config.account || config.region ? { account: config.account, region: config.region } : undefined;
  const prefix = `MarketingOps-${config.stage}`;

  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    config,
    description: `marketing-ops ${config.stage}: database, content bucket, keys, users`,
    terminationProtection: !config.isDevStage,
    ...(env ? { env } : {}),
  });
  const stateless = new StatelessStack(app, `${prefix}-Stateless`, {
    config,
    api: options.api,
    cluster: stateful.cluster,
    bucket: stateful.bucket,
    tokenKey: stateful.tokenKey,
    signingSecret: stateful.signingSecret,
    ...(stateful.users ? { users: stateful.users } : {}),
    ...(options.schemaDir ? { schemaDir: options.schemaDir } : {}),
    description: `marketing-ops ${config.stage}: API, functions, schema migration, schedules, alarms`,
    ...(env ? { env } : {}),
  });
  stateless.addStackDependency(stateful);

  Tags.of(app).add('project', 'marketing-ops');
  Tags.of(app).add('stage', config.stage);
  // Findings fail synth; acknowledged ones carry their reason (lib/nag-suppressions.ts).
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { stateful, stateless };
}
