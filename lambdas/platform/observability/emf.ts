/**
 * CloudWatch metrics as Embedded Metric Format lines on stdout, which Lambda's
 * log stream turns into metrics with no API call
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
 *
 *   {"_aws":{"Timestamp":1767225600000,"CloudWatchMetrics":[{"Namespace":"MarketingOps",
 *     "Dimensions":[["service","stage"]],"Metrics":[{"Name":"Latency","Unit":"Milliseconds"}]}]},
 *    "service":"content","stage":"dev","Latency":12}
 *
 * Metrics are kept until publishStoredMetrics() (the chain calls it after each
 * invocation) and written as one document; nothing is written when none were
 * added, or when the writer is disabled (then they are dropped). A name added
 * twice keeps both values (an array, as EMF allows up to 100). The ColdStart
 * metric is its own document with a `function_name` dimension, as Powertools
 * wrote it.
 */
import { coldStartFlag } from './cold-start.js';

/** The units this code records (EMF takes any CloudWatch unit name). */
export const MetricUnit = { Count: 'Count', Milliseconds: 'Milliseconds' } as const;
export type MetricUnit = (typeof MetricUnit)[keyof typeof MetricUnit];

// The specification's limits: metric definitions per directive, values per metric.
const MAX_METRICS = 100;
const MAX_VALUES = 100;

export interface MetricsOptions {
  namespace: string;
  /** The `service` dimension. */
  service: string;
  /** Dimensions besides `service`, on every metric (e.g. `stage`). */
  dimensions?: Record<string, string>;
  /** Metrics added to a disabled writer are dropped. */
  disabled?: boolean;
  /** Default: a line on process.stdout (looked up at each write). */
  write?: (line: string) => void;
  now?: () => number;
}

interface Stored {
  unit: MetricUnit;
  values: number[];
}

export interface EmfDocument {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: MetricUnit }> }>;
  };
  [member: string]: unknown;
}

/** One EMF document: the metadata, then the dimension values, then each metric's value (one, or an array). */
export function emfDocument(namespace: string, dimensions: Record<string, string>, metrics: ReadonlyMap<string, Stored>, timestamp: number): EmfDocument {
  const doc: EmfDocument = {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [Object.keys(dimensions)],
          Metrics: [...metrics].map(([name, { unit }]) => ({ Name: name, Unit: unit })),
        },
      ],
    },
    ...dimensions,
  };
  for (const [name, { values }] of metrics) doc[name] = values.length === 1 ? values[0] : [...values];
  return doc;
}

export class Metrics {
  readonly #namespace: string;
  readonly #dimensions: Record<string, string>;
  readonly #disabled: boolean;
  readonly #write: (line: string) => void;
  readonly #now: () => number;
  readonly #coldStart = coldStartFlag();
  #stored = new Map<string, Stored>();

  constructor(options: MetricsOptions) {
    this.#namespace = options.namespace;
    this.#dimensions = { service: options.service, ...options.dimensions };
    this.#disabled = options.disabled ?? false;
    this.#write = options.write ?? ((line) => void process.stdout.write(`${line}\n`));
    this.#now = options.now ?? Date.now;
  }

  isDisabled(): boolean {
    return this.#disabled;
  }

  addMetric(name: string, unit: MetricUnit, value: number): this {
    if (name.length < 1 || name.length > 255) throw new RangeError(`A metric name has 1 to 255 characters (got ${JSON.stringify(name)})`);
    if (!Number.isFinite(value)) throw new RangeError(`Metric ${name}: ${value} is not a finite number`);
    if (!this.#stored.has(name) && this.#stored.size >= MAX_METRICS) this.publishStoredMetrics();
    const stored = this.#stored.get(name);
    if (!stored) this.#stored.set(name, { unit, values: [value] });
    else {
      stored.values.push(value);
      if (stored.values.length >= MAX_VALUES) this.publishStoredMetrics();
    }
    return this;
  }

  /** Writes what was added since the last flush as one document (nothing if nothing was added), then forgets it. */
  publishStoredMetrics(): void {
    const stored = this.#stored;
    if (stored.size === 0) return;
    this.#stored = new Map();
    if (!this.#disabled) this.#write(JSON.stringify(emfDocument(this.#namespace, this.#dimensions, stored, this.#now())));
  }

  /** On the container's first invocation only: `ColdStart` = 1, with the function's name as a further dimension. */
  captureColdStartMetric(functionName?: string): void {
    if (!this.#coldStart() || this.#disabled) return;
    const dimensions = functionName?.trim() ? { ...this.#dimensions, function_name: functionName.trim() } : this.#dimensions;
    const metric = new Map<string, Stored>([['ColdStart', { unit: MetricUnit.Count, values: [1] }]]);
    this.#write(JSON.stringify(emfDocument(this.#namespace, dimensions, metric, this.#now())));
  }
}
