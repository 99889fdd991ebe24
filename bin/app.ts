#!/usr/bin/env node
/** The CDK app: context in, two stacks out (see lib/app-config.ts for every context key). */
import { App } from 'aws-cdk-lib';
import { domains, gatewayRoutes } from '../lambdas/app.js';
import { buildStacks } from '../lib/app.js';
import { ConfigError, readConfig } from '../lib/app-config.js';
import { infraApi } from '../lib/routes.js';

const app = new App();
try {
  buildStacks(app, { config: readConfig((key) => app.node.tryGetContext(key), process.env), api: infraApi(domains, gatewayRoutes) });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
app.synth();
