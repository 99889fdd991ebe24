/**
 * Structured JSON logs, one line per entry, in the shape Powertools Logger
 * wrote them (CloudWatch metric filters and the tests read these keys):
 *
 *   {"level":"INFO","message":"…","timestamp":"2026-…Z","service":"content",
 *    "cold_start":true,"function_arn":"…","function_memory_size":512,
 *    "function_name":"…","function_request_id":"…","xray_trace_id":"…",
 *    …persistent keys, …appended keys, …the entry's own fields}
 *
 * The Lambda fields appear once `addContext()` has been given the invocation's
 * context (the domain handler's chain does it). Errors are written as
 * `{name, location, message, stack, cause, …own fields}`; bigints as strings;
 * a circular reference is left out. WARN and above go to stderr, the rest to
 * stdout, as Powertools' console did. The replacer (redactSecrets) sees every
 * key and value before anything else does.
 */
import type { Context } from 'aws-lambda';
import { coldStartFlag } from './cold-start.js';

export const LOG_LEVELS = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
export type LogLevel = keyof typeof LOG_LEVELS;

/** What may follow the message: objects are merged into the line, an Error becomes `error`, a string `extra`. */
export type LogExtra = Error | string | object | null | undefined;
export type JsonReplacer = (key: string, value: unknown) => unknown;

// Keys of the line itself that an entry's fields may not replace (as in Powertools).
const RESERVED = new Set(['level', 'message', 'sampling_rate', 'service', 'timestamp']);

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && Object.hasOwn(LOG_LEVELS, value);
}

/**
 * POWERTOOLS_LOG_LEVEL, else LOG_LEVEL (any casing), else INFO; an unknown
 * value counts as unset. Lambda's own log level (AWS_LAMBDA_LOG_LEVEL, set by
 * the function's logging config) wins when it is stricter: Lambda drops the
 * lines below it anyway, so writing them would only cost time.
 */
export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const value = (env.POWERTOOLS_LOG_LEVEL?.trim() || env.LOG_LEVEL?.trim() || '').toUpperCase();
  const configured: LogLevel = isLogLevel(value) ? value : 'INFO';
  const lambda = (env.AWS_LAMBDA_LOG_LEVEL?.trim() ?? '').toUpperCase().replace(/^FATAL$/, 'CRITICAL');
  return isLogLevel(lambda) && LOG_LEVELS[lambda] > LOG_LEVELS[configured] ? lambda : configured;
}

export interface LoggerOptions {
  service?: string;
  /** Default: logLevelFromEnv() when the logger is built. */
  level?: LogLevel;
  replacer?: JsonReplacer;
  /** Keys on every line of this logger (and its children). */
  persistentKeys?: Record<string, unknown>;
}

/** The level is one setting for a logger and all its children: the local stack sets it after they exist. */
interface SharedLevel {
  threshold: number;
}

type LambdaFields = Pick<Context, 'invokedFunctionArn' | 'functionName' | 'awsRequestId' | 'memoryLimitInMB'>;

function formatError(error: Error): Record<string, unknown> {
  const formatted: Record<string, unknown> = {
    name: error.name,
    location: codeLocation(error.stack),
    message: error.message,
    stack: error.stack,
    cause: error.cause instanceof Error ? formatError(error.cause) : error.cause,
  };
  for (const key of Object.keys(error)) if (!(key in formatted)) formatted[key] = (error as unknown as Record<string, unknown>)[key];
  return formatted;
}

function codeLocation(stack: string | undefined): string {
  for (const line of stack?.split('\n') ?? []) {
    const match = /\(([^()]*?):(\d+?):(\d+?)\)\\?$/.exec(line);
    if (match) return `${match[1]}:${Number(match[2])}`;
  }
  return '';
}

function xrayTraceId(): string | undefined {
  const header = process.env._X_AMZN_TRACE_ID;
  return header ? /(?:^|;)Root=([^;]+)/.exec(header)?.[1] : undefined;
}

export class Logger {
  readonly #level: SharedLevel;
  readonly #service: string;
  readonly #replacer: JsonReplacer | undefined;
  readonly #persistent: Record<string, unknown>;
  #temporary: Record<string, unknown> = {};
  #lambda: Record<string, unknown> = {};
  readonly #coldStart = coldStartFlag();

  constructor(options: LoggerOptions = {}, level?: SharedLevel) {
    this.#service = options.service ?? process.env.POWERTOOLS_SERVICE_NAME ?? 'service_undefined';
    this.#replacer = options.replacer;
    this.#persistent = { ...options.persistentKeys };
    this.#level = level ?? { threshold: LOG_LEVELS[options.level ?? logLevelFromEnv()] };
  }

  /** A logger with more persistent keys, the same service, replacer and (shared) level. */
  createChild(options: { persistentKeys?: Record<string, unknown> } = {}): Logger {
    return new Logger({ service: this.#service, replacer: this.#replacer, persistentKeys: { ...this.#persistent, ...options.persistentKeys } }, this.#level);
  }

  setLogLevel(level: string): void {
    const name = level.toUpperCase();
    if (!isLogLevel(name)) throw new Error(`Invalid log level: ${level}`);
    this.#level.threshold = LOG_LEVELS[name];
  }

  getLevelName(): LogLevel {
    return (Object.keys(LOG_LEVELS) as LogLevel[]).find((name) => LOG_LEVELS[name] === this.#level.threshold) ?? 'INFO';
  }

  /** Keys on every line until resetKeys() (the chain resets them after each invocation). */
  appendKeys(keys: Record<string, unknown>): void {
    for (const [key, value] of Object.entries(keys)) if (!RESERVED.has(key)) this.#temporary[key] = value;
  }

  resetKeys(): void {
    this.#temporary = {};
  }

  /** The invocation's Lambda fields on every later line; `cold_start` is true on the container's first invocation only. */
  addContext(context: LambdaFields): void {
    const memory = Number(context.memoryLimitInMB);
    this.#lambda = {
      cold_start: this.#coldStart(),
      function_arn: context.invokedFunctionArn,
      function_memory_size: Number.isFinite(memory) ? memory : context.memoryLimitInMB,
      function_name: context.functionName,
      function_request_id: context.awsRequestId,
    };
  }

  trace(message: string, ...extra: LogExtra[]): void {
    this.#log('TRACE', message, extra);
  }

  debug(message: string, ...extra: LogExtra[]): void {
    this.#log('DEBUG', message, extra);
  }

  info(message: string, ...extra: LogExtra[]): void {
    this.#log('INFO', message, extra);
  }

  warn(message: string, ...extra: LogExtra[]): void {
    this.#log('WARN', message, extra);
  }

  error(message: string, ...extra: LogExtra[]): void {
    this.#log('ERROR', message, extra);
  }

  critical(message: string, ...extra: LogExtra[]): void {
    this.#log('CRITICAL', message, extra);
  }

  #log(level: Exclude<LogLevel, 'SILENT'>, message: string, extra: LogExtra[]): void {
    if (LOG_LEVELS[level] < this.#level.threshold) return;
    const line: Record<string, unknown> = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: this.#service,
      ...this.#lambda,
      xray_trace_id: xrayTraceId(),
      ...this.#persistent,
      ...this.#temporary,
    };
    for (const item of extra) {
      if (item === null || item === undefined) continue;
      if (item instanceof Error) line.error = item;
      else if (typeof item === 'string') line.extra = item;
      else for (const [key, value] of Object.entries(item)) if (!RESERVED.has(key)) line[key] = value;
    }
    const text = this.#serialise(line);
    // Looked up at each write: a test (or the secret scan) may have replaced `write`.
    if (LOG_LEVELS[level] >= LOG_LEVELS.WARN) process.stderr.write(`${text}\n`);
    else process.stdout.write(`${text}\n`);
  }

  #serialise(line: Record<string, unknown>): string {
    const replacer = this.#replacer;
    const ancestors: unknown[] = [];
    try {
      return JSON.stringify(line, function (this: unknown, key: string, value: unknown) {
        let out = replacer ? replacer(key, value) : value;
        if (out instanceof Error) out = formatError(out);
        if (typeof out === 'bigint') return out.toString();
        if (typeof out === 'object' && out !== null) {
          // `this` is the object holding `key`: drop the ancestors JSON.stringify has left.
          while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
          if (ancestors.includes(out)) return undefined;
          ancestors.push(out);
        }
        return out;
      });
    } catch (error) {
      // A value whose toJSON throws: the line still says what was logged, at which level.
      const fallback = { level: line.level, message: line.message, timestamp: line.timestamp, service: line.service, log_error: String(error) };
      return JSON.stringify(fallback, replacer ? (key: string, value: unknown) => replacer(key, value) : undefined);
    }
  }
}
