import { defineConfig } from 'vitest/config';

// One embedded PostgreSQL per run (globalSetup); every test file gets its own
// database cloned from a migrated template, so files run in parallel safely.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // No secret a test sends to the API may show up in a response or in anything written (test/support/secret-scan.ts).
    setupFiles: ['test/support/secret-scan-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    // Handlers print EMF metrics and JSON logs to stdout in Lambda; in tests that is noise.
    // The AWS SDK's Node-version warning is printed once by the global setup (local/node-support.ts).
    env: { POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
