import type { RetrainTask } from './types.ts';

export interface RetrainTaskStore {
  create(task: RetrainTask): Promise<void>;
  get(taskId: string): Promise<RetrainTask | undefined>;
  update(taskId: string, patch: Partial<RetrainTask>): Promise<RetrainTask>;
  /** Applies `patch` only if the task is still in `expected` status; undefined when it is not (another dispatcher won). */
  transition(
    taskId: string,
    expected: RetrainTask['status'],
    patch: Partial<RetrainTask>,
  ): Promise<RetrainTask | undefined>;
  /** Tasks in a status, oldest first. */
  listByStatus(status: RetrainTask['status'], limit: number): Promise<RetrainTask[]>;
  /** Takes one of `max` slots (a conditional counter); false when all are taken. */
  acquireSlot(max: number): Promise<boolean>;
  releaseSlot(): Promise<void>;
  /** Marks `taskId` as the model's one active task; false when any task (even this one) holds it. */
  lockModel(modelName: string, taskId: string): Promise<boolean>;
  unlockModel(modelName: string, taskId: string): Promise<void>;
}

/** The state machine's input. */
export interface WorkflowExecutionInput {
  readonly task_id: string;
  readonly model_name: string;
  readonly reason: string;
  /** The champion when the run started; a failed run restores it. */
  readonly champion_at_start: string | null;
}

/** Starts the retraining state machine (Step Functions in AWS, aws-local-stepfunctions locally). */
export interface WorkflowStarter {
  start(input: WorkflowExecutionInput): Promise<string>;
}

/** How a serving version does live, from monitoring's counters of its own predictions. */
export interface LiveQuality {
  /**
   * The live accuracy of `version` while it serves `modelName`: realised when enough of its
   * predictions have outcomes, else the label-free estimate; null when there is neither.
   */
  of(
    modelName: string,
    version: string,
  ): Promise<{ accuracy: number | null; source: 'outcomes' | 'estimate' | 'none' }>;
}
