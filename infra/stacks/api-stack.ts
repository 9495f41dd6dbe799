import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { DEFAULT_INSIGHT_BEDROCK_MODEL, ENV } from '#catalog/env.ts';
import type { FunctionKey } from '#catalog/routes.ts';
import { DeadLetterAlarms } from '../constructs/dead-letter-alarms.ts';
import { PlatformHttpApi, type PlatformHttpApiProps } from '../constructs/http-api.ts';
import { PlatformFunctions } from '../constructs/platform-functions.ts';
import type { PlatformResources } from '../constructs/platform-resources.ts';
import { RetrainWorkflow } from '../constructs/retrain-workflow.ts';
import type { ServiceFunction } from '../constructs/service-function.ts';
import { ConsoleSignIn, WebConsole } from '../constructs/web-console.ts';

export interface ApiStackProps extends StackProps {
  /** The tables, queues, topic, bucket, user pool and metric store the functions use. */
  readonly resources: PlatformResources;
  /** @default 500 requests/s, burst 1000 */
  readonly throttle?: PlatformHttpApiProps['throttle'];
  /** The Cognito hosted UI's domain prefix (unique per region). @default aiops-console-<account> */
  readonly consoleDomainPrefix?: string;
  /** The Bedrock model id of incident narratives when none is chosen; `none` for none. @default DEFAULT_INSIGHT_BEDROCK_MODEL */
  readonly insightBedrockModel?: string;
}

/**
 * The stateless side: the catalog's functions, the retrain workflow, the HTTP API and the
 * dead-letter alarms, composed from constructs over the stateful stack's resources.
 */
export class ApiStack extends Stack {
  public readonly api: HttpApi;
  public readonly functions: Readonly<Record<FunctionKey, ServiceFunction>>;
  public readonly retrainStateMachine: StateMachine;
  public readonly console: WebConsole;

  public constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { resources } = props;

    const functions = new PlatformFunctions(this, 'Functions', { resources });
    this.functions = functions.byKey;
    const insightModel = props.insightBedrockModel ?? DEFAULT_INSIGHT_BEDROCK_MODEL;
    if (insightModel !== 'none') this.functions.incidentsApi.addEnvironment(ENV.insightDefaultModel, insightModel);

    const [stepFunction] = functions.flagged('retrainStep');
    if (stepFunction === undefined) throw new Error('no function is marked as the retrain step');
    const workflow = new RetrainWorkflow(this, 'RetrainWorkflow', { stepFunction, alertsTopic: resources.alertsTopic });
    this.retrainStateMachine = workflow.stateMachine;
    for (const fn of functions.flagged('startsRetrainWorkflow')) {
      fn.bindStateMachineStart(workflow.stateMachine, ENV.stateMachineArn);
    }

    const signIn = new ConsoleSignIn(this, 'ConsoleSignIn', {
      userPool: resources.userPool,
      ...(props.consoleDomainPrefix !== undefined ? { domainPrefix: props.consoleDomainPrefix } : {}),
    });
    this.api = new PlatformHttpApi(this, 'Http', {
      functions: this.functions,
      userPool: resources.userPool,
      // Tokens of the API client (scripts, ingest) and of the console's hosted-UI client.
      audiences: [resources.userPoolClient.userPoolClientId, signIn.client.userPoolClientId],
      ...(props.throttle !== undefined ? { throttle: props.throttle } : {}),
    }).api;
    this.console = new WebConsole(this, 'Console', { api: this.api, signIn });

    new DeadLetterAlarms(this, 'DeadLetterAlarms', {
      deadLetterQueues: resources.deadLetterQueues,
      alertsTopic: resources.alertsTopic,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'ConsoleUrl', { value: this.console.url });
  }
}
