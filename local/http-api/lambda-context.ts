/** A Lambda context for a local invocation, with the deadline API Gateway would impose (30 s integration timeout). */
import type { Context } from 'aws-lambda';

export const LOCAL_TIMEOUT_MS = 29_000;

export function localLambdaContext(domain: string, requestId: string): Context {
  const deadline = Date.now() + LOCAL_TIMEOUT_MS;
  const functionName = `local-${domain}`;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
