/**
 * The handlers' metrics writer is built when their modules load; the local stack must
 * have disabled it by then, or every request of `npm start` prints an EMF line
 * meant for CloudWatch. Run in a fresh
 * process without the test run's POWERTOOLS_METRICS_DISABLED.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the local stack module', () => {
  it('disables the handlers\' metrics before they load', () => {
    const env = { ...process.env };
    delete env.POWERTOOLS_METRICS_DISABLED;
    const script = `
      await import('./local/stack.ts');
      const { metrics } = await import('./lambdas/platform/observability.ts');
      metrics.addMetric('Latency', 'Milliseconds', 1);
      metrics.publishStoredMetrics();
      console.log('disabled=' + metrics.isDisabled());`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env, encoding: 'utf8' });
    // EMF lines go to stdout; a warning would go to stderr.
    const output = `${run.stdout}${run.stderr}`;
    expect(output).toContain('disabled=true');
    // No EMF line (`{"_aws":…}`) on the terminal.
    expect(output).not.toContain('_aws');
  }, 60_000);
});
