/**
 * The handlers' structured logger (lambdas/platform/observability/logger.ts):
 * levels from the environment and at run time, one JSON line per entry with
 * the keys Powertools wrote, the Lambda request fields, redaction of every
 * line, and errors written out in full.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Logger, logLevelFromEnv } from '../../lambdas/platform/observability/logger.js';
import { REDACTED, redactSecrets } from '../../lambdas/platform/observability/redact.js';
import { captureOutput, type CapturedOutput } from '../support/capture-output.js';
import { lambdaContext } from './http-fixtures.js';

let output: CapturedOutput | undefined;
afterEach(() => {
  output?.restore();
  output = undefined;
  delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
  delete process.env._X_AMZN_TRACE_ID;
});

function capture(): CapturedOutput {
  output = captureOutput();
  return output;
}

const parsed = (lines: string[]): Array<Record<string, unknown>> => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

interface WrittenError {
  name: string;
  location: string;
  message: string;
  stack: string;
  cause?: unknown;
}
type Line = Record<string, unknown> & { error: WrittenError };

describe('log level', () => {
  it('comes from POWERTOOLS_LOG_LEVEL, else LOG_LEVEL, in any casing, else INFO', () => {
    expect(logLevelFromEnv({})).toBe('INFO');
    expect(logLevelFromEnv({ LOG_LEVEL: 'debug' })).toBe('DEBUG');
    expect(logLevelFromEnv({ LOG_LEVEL: 'DEBUG', POWERTOOLS_LOG_LEVEL: 'error' })).toBe('ERROR');
    expect(logLevelFromEnv({ POWERTOOLS_LOG_LEVEL: '', LOG_LEVEL: 'WARN' })).toBe('WARN');
    expect(logLevelFromEnv({ LOG_LEVEL: 'LOUD' })).toBe('INFO');
    // Lambda's own level (its logging config) wins when stricter, never when looser.
    expect(logLevelFromEnv({ LOG_LEVEL: 'DEBUG', AWS_LAMBDA_LOG_LEVEL: 'WARN' })).toBe('WARN');
    expect(logLevelFromEnv({ LOG_LEVEL: 'ERROR', AWS_LAMBDA_LOG_LEVEL: 'DEBUG' })).toBe('ERROR');
    expect(logLevelFromEnv({ AWS_LAMBDA_LOG_LEVEL: 'fatal' })).toBe('CRITICAL');
    expect(logLevelFromEnv({ AWS_LAMBDA_LOG_LEVEL: 'NOISE' })).toBe('INFO');
  });

  it('writes the entries at or above the level only, WARN and above on stderr, and follows setLogLevel in its children too', () => {
    const out = capture();
    const logger = new Logger({ service: 'svc', level: 'WARN' });
    const child = logger.createChild({ persistentKeys: { domain: 'd' } });
    logger.debug('d1');
    logger.info('i1');
    logger.warn('w1');
    logger.error('e1');
    child.info('child i1');
    logger.setLogLevel('debug');
    expect(logger.getLevelName()).toBe('DEBUG');
    child.debug('child d2');
    logger.setLogLevel('SILENT');
    logger.critical('c3');
    child.error('child e3');
    out.restore();
    expect(parsed(out.stdout).map((l) => [l.level, l.message])).toEqual([['DEBUG', 'child d2']]);
    expect(parsed(out.stderr).map((l) => [l.level, l.message])).toEqual([
      ['WARN', 'w1'],
      ['ERROR', 'e1'],
    ]);
    expect(() => logger.setLogLevel('LOUD')).toThrow(/Invalid log level: LOUD/);
  });
});

describe('a log line', () => {
  it('has the level, message, timestamp and service first, then the persistent, appended and own keys', () => {
    const out = capture();
    const logger = new Logger({ service: 'content', level: 'INFO', persistentKeys: { domain: 'content' } });
    logger.appendKeys({ routeKey: 'GET /v1/x' });
    // Keys of the line itself are not the entry's to replace.
    logger.info('hello', { status: 200, level: 'DEBUG', message: 'other', service: 'x' }, 'a note');
    out.restore();
    expect(out.stdout).toHaveLength(1);
    const line = JSON.parse(out.stdout[0]!) as Record<string, unknown>;
    expect(Object.keys(line)).toEqual(['level', 'message', 'timestamp', 'service', 'domain', 'routeKey', 'status', 'extra']);
    expect(line).toMatchObject({ level: 'INFO', message: 'hello', service: 'content', domain: 'content', routeKey: 'GET /v1/x', status: 200, extra: 'a note' });
    expect(new Date(line.timestamp as string).toISOString()).toBe(line.timestamp);
  });

  it("carries the invocation's request id, function and cold start once addContext() has it; resetKeys() drops appended keys only", () => {
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
    process.env._X_AMZN_TRACE_ID = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=557abcec3ee5a047;Sampled=1';
    const out = capture();
    const logger = new Logger({ service: 'content', level: 'INFO', persistentKeys: { domain: 'content' } });
    logger.info('before any invocation');
    const first = lambdaContext();
    logger.addContext(first);
    logger.appendKeys({ sub: 'user-1' });
    logger.info('first');
    logger.resetKeys();
    const second = lambdaContext();
    logger.addContext(second);
    logger.info('second');
    out.restore();
    const [before, one, two] = parsed(out.stdout);
    expect(before).not.toHaveProperty('function_request_id');
    expect(before).not.toHaveProperty('cold_start');
    expect(one).toMatchObject({
      cold_start: true,
      function_arn: first.invokedFunctionArn,
      function_memory_size: 512,
      function_name: 'test-fn',
      function_request_id: first.awsRequestId,
      xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793',
      domain: 'content',
      sub: 'user-1',
    });
    expect(two).toMatchObject({ cold_start: false, function_request_id: second.awsRequestId, domain: 'content' });
    expect(two).not.toHaveProperty('sub');
  });

  it('is never a cold start outside an on-demand initialisation (provisioned concurrency)', () => {
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'provisioned-concurrency';
    const out = capture();
    const logger = new Logger({ service: 's', level: 'INFO' });
    logger.addContext(lambdaContext());
    logger.info('first');
    out.restore();
    expect(parsed(out.stdout)[0]).toMatchObject({ cold_start: false });
  });
});

describe('redaction', () => {
  const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl';

  it('applies to every key and value of the line: fields, appended keys, the message, error messages and stacks', () => {
    const out = capture();
    const logger = new Logger({ service: 's', level: 'DEBUG', replacer: redactSecrets, persistentKeys: { apiKey: 'persistent-key-1' } });
    logger.appendKeys({ headers: { Authorization: `Bearer ${JWT}`, accept: 'json' } });
    const error = new Error(`upstream refused Bearer ${JWT}`);
    logger.debug(`token in the message ${JWT}`, { user: { password: 'hunter22', name: 'n' }, error });
    out.restore();
    const text = out.stdout.join('\n');
    expect(text).not.toContain(JWT);
    expect(text).not.toContain('hunter22');
    expect(text).not.toContain('persistent-key-1');
    const line = JSON.parse(out.stdout[0]!) as Line;
    expect(line.apiKey).toBe(REDACTED);
    expect(line.headers).toEqual({ Authorization: REDACTED, accept: 'json' });
    expect(line.user).toEqual({ password: REDACTED, name: 'n' });
    expect(line.message).toBe(`token in the message ${REDACTED}`);
    expect(line.error.message).toBe(`upstream refused Bearer ${REDACTED}`);
    expect(line.error.stack).not.toContain(JWT);
  });
});

describe('values', () => {
  it('writes an error as name, location, message, stack, cause and its own fields (the alarms match error.name)', () => {
    const out = capture();
    const logger = new Logger({ service: 's', level: 'INFO' });
    class DatabaseResumingException extends Error {
      override readonly name = 'DatabaseResumingException';
      readonly $metadata = { httpStatusCode: 400 };
    }
    const error = new DatabaseResumingException('resuming', { cause: new TypeError('socket hang up') });
    logger.error('query failed', { error });
    logger.warn('plain', new RangeError('as extra'));
    out.restore();
    const [failed, plain] = parsed(out.stderr) as Line[];
    expect(failed!.error).toMatchObject({
      name: 'DatabaseResumingException',
      message: 'resuming',
      $metadata: { httpStatusCode: 400 },
      cause: { name: 'TypeError', message: 'socket hang up' },
    });
    // The first `(file:line:col)` frame of the stack, as Powertools found it.
    expect(failed!.error.location).toMatch(/^\S+:\d+$/);
    expect(failed!.error.stack).toContain('DatabaseResumingException: resuming');
    expect(plain!.error).toMatchObject({ name: 'RangeError', message: 'as extra' });
  });

  it('writes bigints as strings and leaves out a circular reference instead of failing', () => {
    const out = capture();
    const logger = new Logger({ service: 's', level: 'INFO' });
    const node: Record<string, unknown> = { id: 1 };
    node.self = node;
    logger.info('odd values', { count: 12345678901234567890n, node, again: { id: 2 } });
    out.restore();
    const line = JSON.parse(out.stdout[0]!) as Record<string, unknown>;
    expect(line.count).toBe('12345678901234567890');
    expect(line.node).toEqual({ id: 1 });
    expect(line.again).toEqual({ id: 2 });
  });
});
