/**
 * Alarms to one SNS topic: API 5xx rate, each function's errors and
 * throttles, Data API failures counted from the functions' JSON logs, and
 * any message waiting in a dead-letter queue.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/**
 * Data API exceptions that mean the database could not serve the call (not a
 * caller's bad input, which PostgreSQL reports as BadRequest/DatabaseError and
 * the API maps to 4xx). Matched on the `error.name` field the logger writes for
 * `logger.error(message, { error })` (lambdas/platform/observability/logger.ts).
 */
export const DATA_API_FAILURES = [
  'DatabaseResumingException',
  'DatabaseUnavailableException',
  'DatabaseNotFoundException',
  'StatementTimeoutException',
  'InternalServerErrorException',
  'ServiceUnavailableError',
  'HttpEndpointNotEnabledException',
  'SecretsErrorException',
  'InvalidSecretException',
  'AccessDeniedException',
  'ForbiddenException',
  // The typed errors lambdas/platform/db raises for the same conditions.
  'DatabaseResumingError',
  'StatementTimeoutError',
] as const;

export interface MonitoredFunction {
  readonly name: string;
  readonly fn: lambda.IFunction;
  readonly logGroup: logs.ILogGroup;
}

export interface AlarmsProps {
  readonly stage: string;
  readonly api: apigw.HttpApi;
  readonly apiStage: apigw.HttpStage;
  readonly functions: readonly MonitoredFunction[];
  /** Queues that hold what a worker failed to process: one message there is work lost until an operator acts. */
  readonly deadLetterQueues?: ReadonlyArray<{ readonly name: string; readonly queue: sqs.IQueue }>;
  readonly alarmEmail?: string;
}

export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { displayName: `marketing-ops ${props.stage} alarms`, enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);
    const add = (alarm: cloudwatch.Alarm) => {
      alarm.addAlarmAction(action);
      this.alarms.push(alarm);
    };

    // 5xx as a share of requests, and only once there is traffic enough for a share to mean something.
    const period = Duration.minutes(5);
    const dims = { ApiId: props.api.apiId, Stage: props.apiStage.stageName };
    const metric = (metricName: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/ApiGateway', metricName, dimensionsMap: dims, statistic: 'Sum', period });
    add(
      new cloudwatch.MathExpression({
        expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
        usingMetrics: { errors: metric('5xx'), requests: metric('Count') },
        period,
        label: 'API 5xx %',
      }).createAlarm(this, 'Api5xxRate', {
        alarmDescription: 'More than 5% of API requests answered 5xx over 5 minutes',
        threshold: 5,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );

    const failures = new cloudwatch.Metric({
      namespace: `MarketingOps/${props.stage}`,
      metricName: 'DataApiFailures',
      statistic: 'Sum',
      period,
    });
    const pattern = logs.FilterPattern.any(...DATA_API_FAILURES.map((name) => logs.FilterPattern.stringValue('$.error.name', '=', name)));

    for (const { name, fn, logGroup } of props.functions) {
      add(
        fn.metricErrors({ period }).createAlarm(this, `${name}-Errors`, {
          alarmDescription: `${name}: invocations ended in an error`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
      add(
        fn.metricThrottles({ period }).createAlarm(this, `${name}-Throttles`, {
          alarmDescription: `${name}: invocations throttled (account or reserved concurrency reached)`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
      new logs.MetricFilter(this, `${name}-DataApiFailures`, {
        logGroup,
        filterPattern: pattern,
        metricNamespace: failures.namespace,
        metricName: failures.metricName,
        metricValue: '1',
        defaultValue: 0,
      });
    }

    for (const { name, queue } of props.deadLetterQueues ?? []) {
      add(
        queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }).createAlarm(this, `${name}-Waiting`, {
          alarmDescription: `${name}: failed events are waiting in the dead-letter queue (inspect, then redrive or delete them)`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    add(
      failures.createAlarm(this, 'DataApiFailures', {
        alarmDescription: 'Data API calls failed (database unavailable, resuming past retries, timeouts, access)',
        threshold: 3,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}
