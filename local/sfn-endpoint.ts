import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WorkflowExecutionInput } from '#domain/retraining/retraining.ports.ts';
import type { createLocalWorkflow } from './workflow.ts';

interface Execution {
  readonly executionArn: string;
  readonly input: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  readonly startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
}

/**
 * A loopback endpoint speaking the Step Functions API (AWS JSON 1.0: StartExecution,
 * DescribeExecution, ListExecutions) that runs executions with aws-local-stepfunctions, so the
 * functions' `@aws-sdk/client-sfn` calls work unchanged with only AWS_ENDPOINT_URL_SFN set.
 */
export async function startSfnEndpoint(
  workflow: ReturnType<typeof createLocalWorkflow>,
  onError: (e: unknown) => void,
): Promise<{ url: string; server: Server; settle(): Promise<void>; close(): Promise<void> }> {
  const executions = new Map<string, Execution>();
  const running = new Set<Promise<unknown>>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const action = String(req.headers['x-amz-target'] ?? '')
        .split('.')
        .pop();
      const input = (body === '' ? {} : JSON.parse(body)) as {
        stateMachineArn?: string;
        name?: string;
        input?: string;
        executionArn?: string;
      };
      const reply = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify(payload));
      };
      if (action === 'StartExecution') {
        const arn = `${(input.stateMachineArn ?? '').replace(':stateMachine:', ':execution:')}:${input.name ?? randomUUID()}`;
        const existing = executions.get(arn);
        if (existing !== undefined) {
          // Same name, same input: Step Functions answers with the running execution (idempotent start).
          reply(200, { executionArn: arn, startDate: existing.startDate / 1000 });
          return;
        }
        const execution: Execution = {
          executionArn: arn,
          input: input.input ?? '{}',
          status: 'RUNNING',
          startDate: Date.now(),
        };
        executions.set(arn, execution);
        const run = workflow
          .run(JSON.parse(execution.input) as WorkflowExecutionInput)
          .then((output) => {
            execution.status = 'SUCCEEDED';
            execution.output = JSON.stringify(output);
          })
          .catch((error: unknown) => {
            execution.status = 'FAILED';
            execution.error = error instanceof Error ? error.message : String(error);
            // A Fail state (aws-local-stepfunctions wraps it: ExecutionError, cause named by the
            // state's Error) is an expected outcome; anything else is worth a log line.
            const failState =
              error instanceof Error &&
              (error.name === 'RetrainFailed' || (error.cause as Error | undefined)?.name === 'RetrainFailed');
            const aborted = error instanceof Error && error.name === 'ExecutionAbortedError';
            if (aborted) execution.status = 'ABORTED';
            if (!failState && !aborted) onError(error);
          })
          .finally(() => {
            execution.stopDate = Date.now();
            running.delete(run);
          });
        running.add(run);
        reply(200, { executionArn: arn, startDate: execution.startDate / 1000 });
      } else if (action === 'DescribeExecution') {
        const e = executions.get(input.executionArn ?? '');
        if (e === undefined) reply(400, { __type: 'ExecutionDoesNotExist', message: 'execution does not exist' });
        else
          reply(200, {
            executionArn: e.executionArn,
            status: e.status,
            startDate: e.startDate / 1000,
            input: e.input,
            ...(e.output !== undefined ? { output: e.output } : {}),
            ...(e.stopDate !== undefined ? { stopDate: e.stopDate / 1000 } : {}),
            ...(e.error !== undefined ? { error: e.error } : {}),
          });
      } else if (action === 'ListExecutions') {
        reply(200, {
          executions: [...executions.values()].map((e) => ({
            executionArn: e.executionArn,
            status: e.status,
            startDate: e.startDate / 1000,
          })),
        });
      } else reply(400, { __type: 'UnknownOperationException', message: `${String(action)} is not supported locally` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    async settle() {
      workflow.abortBaking();
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
