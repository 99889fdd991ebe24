/**
 * The handlers' logger is built when their modules load, before the local
 * stack writes their environment; the stack must still give it the level the
 * developer set (it once logged INFO under LOG_LEVEL=WARN).
 */
import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { resetExecutorForTests } from '../../lambdas/platform/db/index.js';
import { logger } from '../../lambdas/platform/observability.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { worldTraversableTempDir } from '../support/temp-dir.js';

let stack: LocalStack | undefined;
let dataDir: string | undefined;
afterAll(async () => {
  await stack?.stop();
  resetExecutorForTests();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

describe('the local stack', () => {
  it('sets the level of the already-built logger from LOG_LEVEL', async () => {
    // The logger exists (this file's imports built it) at some other level; the developer asks for ERROR.
    logger.setLogLevel('CRITICAL');
    delete process.env.POWERTOOLS_LOG_LEVEL;
    process.env.LOG_LEVEL = 'ERROR';
    dataDir = await worldTraversableTempDir('mkt-log-level-');
    stack = await startLocalStack({ dataDir, persistent: false });
    expect(logger.getLevelName()).toBe('ERROR');
  }, 120_000);
});
