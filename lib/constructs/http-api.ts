/**
 * The HTTP API generated from the application's gateway routes: one Lambda
 * integration and ONE invoke permission per domain function (not per route),
 * `ANY <mount>` and `ANY <mount>/{proxy+}` per domain mount behind the JWT
 * authorizer, an exact route per public route, and a throttled `$default`
 * stage with JSON access logs. Resources grow with domains, not with routes.
 *
 * Routes anyone can call without a token or a signature (auth `none`, and the
 * secret-path calendar feed) get their own, tighter route throttle in the
 * stage's RouteSettings: a flood of them is refused with 429 by API Gateway
 * before any function runs, and cannot use up the stage's budget.
 */
import type { RemovalPolicy } from 'aws-cdk-lib';
import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type { IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { InfraRoute } from '../routes.js';

export interface HttpApiProps {
  readonly stage: string;
  readonly routes: readonly InfraRoute[];
  /** The function serving each domain. */
  readonly functions: ReadonlyMap<string, lambda.IFunction>;
  readonly authorizer: IHttpRouteAuthorizer;
  readonly corsOrigins: readonly string[];
  readonly throttleRate: number;
  readonly throttleBurst: number;
  /** Per-route limits for the routes anyone can call (see isAnonymous). */
  readonly publicThrottle: { readonly rate: number; readonly burst: number };
  readonly removalPolicy: RemovalPolicy;
}

/** CloudFormation logical ids allow only alphanumerics: `ANY /v1/content/{proxy+}` -> `ANYv1contentproxy`. */
function routeId(route: InfraRoute): string {
  return `${route.method}${route.path.replace(/[^A-Za-z0-9]/g, '')}`;
}

/** Callable with no token and no signature: health's liveness, the WhatsApp verification handshake, and the feed whose path is its credential. */
export function isAnonymous(route: InfraRoute): boolean {
  return route.auth === 'none' || route.secretPath === true;
}

export class HttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  private readonly byKey = new Map<string, apigw.HttpRoute>();

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);

    this.api = new apigw.HttpApi(this, 'Api', {
      apiName: `marketing-ops-${props.stage}`,
      description: 'Marketing operations API',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...props.corsOrigins],
        allowMethods: [apigw.CorsHttpMethod.ANY],
        allowHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key'],
        exposeHeaders: ['etag', 'location', 'retry-after'],
        maxAge: Duration.hours(1),
      },
    });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy,
    });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttleRate, burstLimit: props.throttleBurst },
      detailedMetricsEnabled: false,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sourceIp: '$context.identity.sourceIp',
            sub: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });

    const integrations = new Map<string, HttpLambdaIntegration>();
    const noAuth = new apigw.HttpNoneAuthorizer();
    for (const route of props.routes) {
      const fn = props.functions.get(route.domain);
      if (!fn) throw new Error(`No function for domain ${route.domain} (${route.method} ${route.path})`);
      let integration = integrations.get(route.domain);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.domain}-integration`, fn, {
          payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
          // One permission for the function on this API, instead of one per route: the stack stays far under 500 resources.
          scopePermissionToRoute: false,
        });
        integrations.set(route.domain, integration);
      }
      const httpRoute = new apigw.HttpRoute(this, routeId(route), {
        httpApi: this.api,
        routeKey: apigw.HttpRouteKey.with(route.path, route.method === 'ANY' ? apigw.HttpMethod.ANY : apigw.HttpMethod[route.method]),
        integration,
        authorizer: route.auth === 'jwt' ? props.authorizer : noAuth,
      });
      this.byKey.set(`${route.method} ${route.path}`, httpRoute);
    }
    this.throttleAnonymousRoutes(props);
  }

  /** RouteSettings are keyed by route key; the routes must exist before the stage names them. */
  private throttleAnonymousRoutes(props: HttpApiProps): void {
    // CfnStage.routeSettings is free-form JSON (a map keyed by route key), so it is written in CloudFormation's casing.
    const settings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of props.routes.filter(isAnonymous)) {
      settings[`${route.method} ${route.path}`] = { ThrottlingRateLimit: props.publicThrottle.rate, ThrottlingBurstLimit: props.publicThrottle.burst };
      this.stage.node.addDependency(this.routeFor(route));
    }
    if (Object.keys(settings).length) (this.stage.node.defaultChild as apigw.CfnStage).routeSettings = settings;
  }

  routeFor(route: InfraRoute): apigw.HttpRoute {
    const found = this.byKey.get(`${route.method} ${route.path}`);
    if (!found) throw new Error(`No HTTP route for ${route.method} ${route.path}`);
    return found;
  }

  get url(): string {
    return this.stage.url;
  }
}
