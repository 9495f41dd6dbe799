import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import path from 'node:path';
import { REPO_ROOT } from '#catalog/repo-root.ts';

export interface RetrainWorkflowProps {
  /** The function behind every task state (its payload's `step` picks the work). */
  readonly stepFunction: IFunction;
  /** Where the Notify states publish the run's outcome. */
  readonly alertsTopic: ITopic;
  /** @default 8 days: the longest bake (7 days) plus the run */
  readonly timeout?: Duration;
}

/**
 * The retraining state machine: statemachines/retrain.asl.json (the file the local stack runs
 * too) with its placeholders filled, traced, logged in full, allowed to invoke its step
 * function and publish to the alerts topic.
 */
export class RetrainWorkflow extends Construct {
  public readonly stateMachine: StateMachine;

  public constructor(scope: Construct, id: string, props: RetrainWorkflowProps) {
    super(scope, id);
    const logs = new LogGroup(this, 'Logs', { retention: RetentionDays.THREE_MONTHS });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(path.join(REPO_ROOT, 'statemachines', 'retrain.asl.json')),
      definitionSubstitutions: {
        RetrainStepFunctionArn: props.stepFunction.functionArn,
        AlertsTopicArn: props.alertsTopic.topicArn,
      },
      tracingEnabled: true,
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: true },
      timeout: props.timeout ?? Duration.days(8),
    });
    props.stepFunction.grantInvoke(this.stateMachine);
    props.alertsTopic.grantPublish(this.stateMachine);
  }
}
