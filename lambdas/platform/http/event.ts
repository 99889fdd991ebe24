/** The API Gateway HTTP API payload-format-2.0 event, with the JWT authorizer context present only on JWT routes. */
import type {
  APIGatewayEventRequestContextJWTAuthorizer,
  APIGatewayEventRequestContextV2,
  APIGatewayProxyEventV2WithRequestContext,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';

export type JwtClaims = APIGatewayEventRequestContextJWTAuthorizer['jwt']['claims'];

export type HttpApiEvent = APIGatewayProxyEventV2WithRequestContext<
  APIGatewayEventRequestContextV2 & { authorizer?: Partial<APIGatewayEventRequestContextJWTAuthorizer> }
>;

export type HttpApiResponse = APIGatewayProxyStructuredResultV2;

/** Header lookup that does not depend on the sender's casing (API Gateway lower-cases; hand-built events may not). */
export function headerValue(event: Pick<HttpApiEvent, 'headers'>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}
