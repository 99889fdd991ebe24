import { defineConfig } from 'vitest/config';

// `npm run test:reliability`: scenarios that drive the real local stack (local/stack.ts) over HTTP on
// 127.0.0.1 and print their figures as one table (test/reliability/support/report.ts). The files are
// named *.scenario.ts so the plain `npm test` (test/**/*.test.ts) does not pick them up. One file at a
// time: each starts its own stack, and the figures measure the system, not the scheduler.
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.scenario.ts'],
    globalSetup: ['test/reliability/support/report.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    // The AWS SDK's Node-version warning is printed once by the global setup (local/node-support.ts).
    env: { POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'SILENT', LOG_LEVEL: 'SILENT', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
