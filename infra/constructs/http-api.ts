import { Stack } from 'aws-cdk-lib';
import {
  CfnStage,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ROUTES, routeKey, type FunctionKey } from '#catalog/routes.ts';

export interface PlatformHttpApiProps {
  /** The functions routes point at, by catalog key. */
  readonly functions: Readonly<Record<FunctionKey, IFunction>>;
  readonly userPool: IUserPool;
  /** App client ids whose tokens the authorizer accepts. */
  readonly audiences: readonly string[];
  /**
   * Stage-wide throttling; each route also gets its own limits from the route table.
   * @default 500 requests/s, burst 1000
   */
  readonly throttle?: { readonly rate: number; readonly burst: number };
}

/**
 * The HTTP API: one route per route-table entry, the Cognito JWT authorizer on every route that
 * names roles (health and the OpenAPI document are public), per-route throttling, access logs.
 */
export class PlatformHttpApi extends Construct {
  public readonly api: HttpApi;

  public constructor(scope: Construct, id: string, props: PlatformHttpApiProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    const authorizer = new HttpJwtAuthorizer(
      'CognitoAuthorizer',
      `https://cognito-idp.${region}.amazonaws.com/${props.userPool.userPoolId}`,
      { jwtAudience: [...props.audiences] },
    );
    this.api = new HttpApi(this, 'HttpApi', {
      description: 'AIOps/MLOps platform API',
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
    });

    const integrations = new Map<FunctionKey, HttpLambdaIntegration>();
    for (const route of ROUTES) {
      let integration = integrations.get(route.function);
      if (integration === undefined) {
        integration = new HttpLambdaIntegration(`${route.function}Integration`, props.functions[route.function]);
        integrations.set(route.function, integration);
      }
      this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        ...(route.roles === undefined ? { authorizer: new HttpNoneAuthorizer() } : {}),
      });
    }

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS });
    const throttle = props.throttle ?? { rate: 500, burst: 1000 };
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: throttle.rate, burstLimit: throttle.burst },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });
    // Route-level throttling has no L2 property yet.
    (stage.node.defaultChild as CfnStage).addPropertyOverride(
      'RouteSettings',
      Object.fromEntries(
        ROUTES.map((r) => [
          routeKey(r),
          { ThrottlingRateLimit: r.throttle.rate, ThrottlingBurstLimit: r.throttle.burst },
        ]),
      ),
    );
  }
}
