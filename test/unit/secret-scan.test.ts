/**
 * The whole-run secret scanner (test/support/secret-scan*.ts) can fail: a
 * token planted here is caught in each place it watches (and then taken back,
 * so this file stays green), and a run of a file that leaks one fails.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startTestApi } from '../support/api.js';
import { assertResponseClean, forgetSecret, recordedLeaks, registerSecretsIn, registerSecretsInQuery, scannedLogLines, secretsIn, takeLeaks } from '../support/secret-scan.js';

const PLANTED = 'EAAGplanted-in-the-suite-7d6e5f';
const run = promisify(execFile);

/** This worker's environment without what makes a process a vitest worker. */
function childEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_OPTIONS'));
  return { ...env, FORCE_COLOR: '0', NO_COLOR: '1' };
}

function planted<T>(work: () => T): { result: T; leaks: ReturnType<typeof takeLeaks> } {
  registerSecretsIn({ account: { access_token: PLANTED } });
  try {
    const result = work();
    return { result, leaks: takeLeaks() };
  } finally {
    forgetSecret(PLANTED);
    takeLeaks();
  }
}

describe('the secret scanner', () => {
  it('registers secret-named values of bodies and queries, not short placeholders or other fields', () => {
    registerSecretsIn({ accounts: [{ app_secret: 'app-secret-planted-1', verify_token: 'v', name: 'not-a-secret-value' }], accessToken: 'camel-case-planted-2' });
    registerSecretsInQuery('/v1/hook?hub.mode=subscribe&hub.verify_token=query-planted-3&hub.challenge=1');
    expect(secretsIn('app-secret-planted-1 camel-case-planted-2 query-planted-3 not-a-secret-value v').sort()).toEqual([
      'app-secret-planted-1',
      'camel-case-planted-2',
      'query-planted-3',
    ]);
    for (const s of ['app-secret-planted-1', 'camel-case-planted-2', 'query-planted-3']) forgetSecret(s);
    expect(secretsIn('app-secret-planted-1')).toEqual([]);
  });

  it('catches a planted token on stdout, stderr and the console, masked, and passes the text on without it', () => {
    const passedOn: string[] = [];
    const [out, err] = [process.stdout.write, process.stderr.write];
    process.stdout.write = ((chunk: string) => passedOn.push(chunk) > 0) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => passedOn.push(chunk) > 0) as typeof process.stderr.write;
    const { leaks } = planted(() => {
      process.stdout.write(`plain text with ${PLANTED}\n`);
      process.stderr.write(Buffer.from(`bytes with ${PLANTED}\n`));
      console.warn('a console call with', PLANTED);
    });
    [process.stdout.write, process.stderr.write] = [out, err];
    expect(passedOn).toEqual(['plain text with [LEAKED SECRET]\n', 'bytes with [LEAKED SECRET]\n']);
    expect(leaks).toEqual([
      { where: 'stdout', secret: 'EAAG… (31 characters)' },
      { where: 'stderr', secret: 'EAAG… (31 characters)' },
      { where: 'console.warn', secret: 'EAAG… (31 characters)' },
    ]);
  });

  it("catches a planted token in the handlers' log lines, also while a test captures the output", async () => {
    const { logger } = await import('../../lambdas/platform/observability.js');
    const captured: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => captured.push(chunk) > 0) as typeof process.stdout.write;
    const { leaks } = planted(() => logger.info('careless', { note: `token ${PLANTED}` }));
    process.stdout.write = write;
    expect(leaks).toEqual([{ where: 'stdout', secret: 'EAAG… (31 characters)' }]);
    expect(captured.join('')).toContain('[LEAKED SECRET]');
    expect(captured.join('')).not.toContain(PLANTED);
  });

  it('sees the log lines the handlers write while the API serves a request that carries a token', async () => {
    const api = await startTestApi();
    try {
      const before = scannedLogLines();
      const created = await api.request('POST', '/v1/social-accounts', { body: { platform: 'instagram', account_name: 'Scanned', access_token: 'EAAGscanned-token-1f2e3d' } });
      expect(created.status).toBe(201);
      expect(scannedLogLines()).toBeGreaterThan(before);
      expect(secretsIn('EAAGscanned-token-1f2e3d')).toEqual(['EAAGscanned-token-1f2e3d']);
      expect(recordedLeaks()).toEqual([]);
    } finally {
      await api.stop();
    }
  });

  it('fails on a response body that contains a planted token, naming the request', () => {
    const { leaks } = planted(() => expect(() => assertResponseClean(`{"echo":"${PLANTED}"}`, 'POST /v1/social-accounts')).toThrow(/POST \/v1\/social-accounts.*EAAG…/));
    expect(leaks).toEqual([{ where: 'response POST /v1/social-accounts', secret: 'EAAG… (31 characters)' }]);
    expect(() => assertResponseClean('{"ok":true}', 'GET /v1/x')).not.toThrow();
  });

  it('fails a run whose file leaks a token, without printing it', { timeout: 120_000 }, async () => {
    const outcome = await run('npx', ['vitest', 'run', '--config', 'test/support/leak-fixture/vitest.config.ts'], { cwd: process.cwd(), env: childEnv() }).then(
      () => ({ code: 0, output: '' }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
    );
    expect(outcome.code).toBe(1);
    expect(outcome.output).toContain('1 passed');
    expect(outcome.output).toContain('A secret the tests sent to the API was written out 1 time(s)');
    expect(outcome.output).toContain('stdout: EAAG… (33 characters)');
    expect(outcome.output).not.toContain('EAAGplanted-by-the-fixture');
  });
});
