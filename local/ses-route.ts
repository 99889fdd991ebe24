/**
 * Locally there is no SNS: `POST /local/ses-events` takes one SES record as
 * SES publishes it (the SNS `Message`), wraps it in the SNS → Lambda event
 * that SNS would deliver, and runs the same ses-events worker handler.
 * Only the local HTTP API serves it; it is not part of the route table.
 */
import { randomUUID } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';
import { z } from 'zod';
import { defineDomain } from '../lambdas/platform/http/domain.js';
import { createDomainHandler } from '../lambdas/platform/http/domain-handler.js';
import { ok } from '../lambdas/platform/http/result.js';
import { route } from '../lambdas/platform/http/route.js';
import type { GatewayRoute } from '../lambdas/platform/route-table.js';

export const LOCAL_SES_DOMAIN = 'local-ses';
export const LOCAL_SES_PATH = '/local/ses-events';

function snsEventOf(message: string): SNSEvent {
  const topic = 'arn:aws:sns:us-east-1:000000000000:ses-events-local';
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topic}:local`,
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: topic,
          Subject: '',
          Message: message,
          Timestamp: new Date().toISOString(),
          SignatureVersion: '1',
          Signature: 'LOCAL',
          SigningCertUrl: 'LOCAL',
          UnsubscribeUrl: 'LOCAL',
          MessageAttributes: {},
        },
      },
    ],
  };
}

const localSes = defineDomain({
  name: LOCAL_SES_DOMAIN,
  description: 'Local stand-in for the SES events SNS topic',
  mounts: [LOCAL_SES_PATH],
  routes: [
    route(
      {
        method: 'POST',
        path: LOCAL_SES_PATH,
        auth: 'none',
        publicBecause: 'local only: stands in for SNS, which invokes the worker without HTTP in AWS',
        operationId: 'deliverLocalSesRecord',
        summary: 'Deliver one SES record to the ses-events worker as SNS would',
        request: { body: z.record(z.string(), z.unknown()) },
        responses: { 200: { description: 'What the worker stored.' } },
      },
      async (req) => {
        const { handler } = await import('../lambdas/workers/ses-events/handler.js');
        return ok(await handler(snsEventOf(JSON.stringify(req.body))), { etag: null });
      },
    ),
  ],
});

export const localSesGateway: GatewayRoute = { method: 'POST', path: LOCAL_SES_PATH, domain: LOCAL_SES_DOMAIN, auth: 'none', publicBecause: localSes.routes[0]!.publicBecause! };
export const localSesHandler = createDomainHandler(localSes);
