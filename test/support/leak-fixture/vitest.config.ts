import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// A run of one file that leaks a secret, with the suite's scanner as its setup file: test/unit/secret-scan.test.ts
// runs it in a child process to show that the scanner fails a run. Not part of `npm test` (its include).
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../../..', import.meta.url)),
    include: ['test/support/leak-fixture/leaks-a-token.fixture.ts'],
    setupFiles: ['test/support/secret-scan-setup.ts'],
    pool: 'forks',
    env: { POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'SILENT' },
  },
});
