/**
 * Leaks a token on purpose (run only by test/unit/secret-scan.test.ts, in a child vitest): the token goes in
 * as a request body would bring it, and out through the handlers' logger, whose line the scanner drops.
 * The test itself passes; the scanner's afterAll must fail the file.
 */
import { expect, it } from 'vitest';
import { recordedLeaks, registerSecretsIn } from '../secret-scan.js';

export const PLANTED = 'EAAGplanted-by-the-fixture-3c2b1a';

it('logs a token it was given', async () => {
  registerSecretsIn({ platform: 'instagram', access_token: PLANTED });
  const { logger } = await import('../../../lambdas/platform/observability.js');
  logger.info('publishing', { note: `careless ${PLANTED}` });
  // The scanner saw the line (and dropped it from the output); its afterAll fails the file.
  expect(recordedLeaks()).toEqual([{ where: 'stdout', secret: 'EAAG… (33 characters)' }]);
});
