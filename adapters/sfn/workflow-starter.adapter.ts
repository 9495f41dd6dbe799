import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { WorkflowExecutionInput, WorkflowStarter } from '#domain/retraining/retraining.ports.ts';

/** Starts the retrain state machine in Step Functions; the task id names the execution (idempotent start). */
export class SfnWorkflowStarter implements WorkflowStarter {
  public constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  public async start(input: WorkflowExecutionInput): Promise<string> {
    const out = await this.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: this.stateMachineArn,
        name: input.task_id.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80),
        input: JSON.stringify(input),
      }),
    );
    return out.executionArn ?? '';
  }
}
