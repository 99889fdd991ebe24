/**
 * Builds the two stacks for tests: CDK context through the same parser the
 * CLI path uses, esbuild skipped (inline stub code), cdk-nag left to the test.
 */
import { App } from 'aws-cdk-lib';
import { readFileSync } from 'node:fs';
import { buildStacks } from '../../lib/app.js';
import { readConfig } from '../../lib/app-config.js';
import { domains } from '../../lambdas/app.js';
import { infraApi, type InfraRoute } from '../../lib/routes.js';

export const TEST_ENV = { CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'eu-west-1' };

/** A function per distinct domain of the routes, declared as the app declares it when the app has that domain. */
export function apiOf(routes: readonly InfraRoute[]) {
  const names = [...new Set(routes.map((r) => r.domain))];
  return infraApi(
    names.map((name) => domains.find((d) => d.name === name) ?? { name, description: `test domain ${name}` }),
    routes,
  );
}

export function buildTestApp(context: Record<string, unknown>, routes: readonly InfraRoute[], schemaDir?: string) {
  // cdk.json's context (feature flags and defaults) as the CLI would apply it.
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };
  const merged: Record<string, unknown> = {
    ...cdkJson.context,
    minCapacity: 0,
    maxCapacity: 4,
    corsOrigins: ['https://app.example.com'],
    skipBundling: 'true',
    ...context,
  };
  const app = new App({ context: merged });
  const config = readConfig((key) => app.node.tryGetContext(key), TEST_ENV);
  const stacks = buildStacks(app, { config, api: apiOf(routes), nag: false, ...(schemaDir ? { schemaDir } : {}) });
  return { app, config, ...stacks };
}
