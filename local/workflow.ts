import { readFileSync } from 'node:fs';
import path from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';

type JSONValue = Parameters<StateMachine['run']>[0];
import type { WorkflowExecutionInput, WorkflowStarter } from '#domain/retraining/retraining.ports.ts';

// aws-local-stepfunctions 3 uses Promise.withResolvers (Node >= 22); keep it working on Node 20 too.
if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.assign(Promise, {
    withResolvers<T>() {
      let resolve!: (value: T) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

export const RETRAIN_ASL = path.join(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
  'statemachines',
  'retrain.asl.json',
);

/** Substitutes `${Name}` placeholders like CDK's `definitionSubstitutions`; throws on any left over. */
export function substitute(definition: string, values: Readonly<Record<string, string>>): string {
  const out = definition.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => values[name] ?? whole);
  const left = /\$\{[A-Za-z0-9_]+\}/.exec(out);
  if (left !== null) throw new Error(`unsubstituted placeholder ${left[0]} in the state machine definition`);
  return out;
}

export type StepHandler = (payload: Record<string, unknown>) => Promise<unknown>;

export interface LocalWorkflowOptions {
  /** Values for the ASL placeholders (what CDK's definitionSubstitutions gives). */
  readonly substitutions?: Readonly<Record<string, string>>;
  /** Runs a Lambda task's payload (the `step` field picks the step). */
  readonly invoke: StepHandler;
  /** Publishes an SNS task's parameters. */
  readonly publish: (params: {
    TopicArn: string;
    Subject?: string;
    Message: string;
    MessageAttributes?: Record<string, { DataType: string; StringValue?: string }>;
  }) => Promise<void>;
  /** Turns the Retry back-off waits off (tests). @default false */
  readonly noRetryWait?: boolean;
  /** Milliseconds the Bake state waits instead of its bake_minutes (tests). @default the real wait */
  readonly bakeWaitMs?: number;
  readonly onError?: (error: unknown) => void;
}

/**
 * Runs statemachines/retrain.asl.json, unchanged, under aws-local-stepfunctions: Lambda tasks
 * call the same step handler in-process; SNS tasks publish through the SNS API of the emulator.
 */
export function createLocalWorkflow(options: LocalWorkflowOptions) {
  const definition = JSON.parse(
    substitute(readFileSync(RETRAIN_ASL, 'utf8'), {
      RetrainStepFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:retrainStep',
      AlertsTopicArn: 'arn:aws:sns:us-east-1:000000000000:local-alerts',
      ...options.substitutions,
    }),
  ) as {
    States: Record<string, { Type: string; Resource?: string }>;
  };
  const handlers: Record<string, (input: JSONValue) => Promise<JSONValue>> = {};
  // Executions by task id, and the tasks between their deploy's Finish and VerifyLive (in Bake).
  const executions = new Map<string, { abort(): void }>();
  const baking = new Set<string>();
  const retryOverrides: Record<string, number> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type !== 'Task') continue;
    if (options.noRetryWait === true) retryOverrides[name] = 0;
    handlers[name] =
      state.Resource === 'arn:aws:states:::sns:publish'
        ? async (input) => {
            await options.publish(input as Parameters<LocalWorkflowOptions['publish']>[0]);
            return {};
          }
        : async (input) => {
            const payload = (input as { Payload: Record<string, unknown> }).Payload;
            const out = (await options.invoke(payload)) as JSONValue;
            const task = String(payload.task_id);
            if (payload.step === 'finish' && payload.outcome === 'deployed') baking.add(task);
            if (payload.step === 'verify') baking.delete(task);
            return { Payload: out };
          };
  }
  const machine = new StateMachine(definition as never, { validationOptions: { checkPaths: true, checkArn: true } });

  return {
    /** Runs one execution to its end; resolves with the output or rejects with the failure. */
    run(input: WorkflowExecutionInput): Promise<unknown> {
      const execution = machine.run(
        { ...input },
        {
          overrides: {
            taskResourceLocalHandlers: handlers,
            retryIntervalOverrides: retryOverrides,
            ...(options.bakeWaitMs !== undefined ? { waitTimeOverrides: { Bake: options.bakeWaitMs } } : {}),
          },
        },
      );
      executions.set(input.task_id, execution);
      return execution.result.finally(() => {
        executions.delete(input.task_id);
        baking.delete(input.task_id);
      });
    },
    /**
     * Aborts the executions waiting in Bake (a local stop cannot wait `bake_minutes`); the others
     * run to their end. The local stack keeps no executions across a restart, so those bakes end
     * unverified, with the new champion kept.
     */
    abortBaking(): number {
      const waiting = [...baking];
      for (const task of waiting) executions.get(task)?.abort();
      return waiting.length;
    },
  };
}

/** A WorkflowStarter that runs executions in this process, not awaited (like StartExecution). */
export function localWorkflowStarter(
  workflow: ReturnType<typeof createLocalWorkflow>,
  onError: (error: unknown) => void,
): WorkflowStarter {
  return {
    start(input) {
      workflow.run(input).catch(onError);
      return Promise.resolve(`local:${input.task_id}`);
    },
  };
}
