import { InsufficientDataError, NotFoundError, ValidationError } from '#domain/kernel/errors.ts';
import type { Clock, IdGenerator } from '#domain/kernel/time.ts';
import type { AnalysisQueue, BatchStore } from './services.ports.ts';

export const ANALYSES = ['anomalies', 'forecast', 'suggestions'] as const;
export type Analysis = (typeof ANALYSES)[number];

export type BatchItemStatus = 'queued' | 'done' | 'failed';

/** One service's part of a batch: its status and, once done, what each analysis found. */
export interface BatchItem {
  readonly batch_id: string;
  readonly service: string;
  readonly status: BatchItemStatus;
  readonly result?: Readonly<Record<string, unknown>>;
  readonly error?: string;
  readonly finished_at?: string;
}

export interface BatchHeader {
  readonly batch_id: string;
  readonly analyses: readonly Analysis[];
  readonly services: number;
  readonly created_at: string;
  readonly created_by: string;
}

/** What one service's analyses found: the worker's summary of each. */
export type AnalysisRunner = (service: string, analyses: readonly Analysis[]) => Promise<Record<string, unknown>>;

export interface BatchDeps {
  readonly store: BatchStore;
  readonly queue: AnalysisQueue;
  readonly ids: IdGenerator;
  readonly clock: Clock;
  /** Without it the batch can be started and read, not worked (the API function). */
  readonly run?: AnalysisRunner;
}

/**
 * Seed 001's batch analysis: a batch fans out as one queue message per service; each worker
 * run records its service's result once (a redelivered message finds it done). A service that
 * cannot be analysed for good (unknown, too little data) is recorded as failed; anything else is
 * thrown so the queue retries it and, in the end, dead-letters it.
 */
export function createBatchAnalysis(deps: BatchDeps) {
  const { store, queue, clock } = deps;
  const iso = () => new Date(clock.now()).toISOString();
  return {
    async start(services: readonly string[], analyses: readonly Analysis[], by: string): Promise<BatchHeader> {
      const unique = [...new Set(services)];
      const header: BatchHeader = {
        batch_id: deps.ids.next('batch'),
        analyses: [...new Set(analyses)],
        services: unique.length,
        created_at: iso(),
        created_by: by,
      };
      // The items first, then the messages: a worker never meets a batch it cannot find.
      await store.create(
        header,
        unique.map((service) => ({ batch_id: header.batch_id, service, status: 'queued' as const })),
      );
      await queue.send(unique.map((service) => ({ batch_id: header.batch_id, service, analyses: header.analyses })));
      return header;
    },

    async get(batchId: string) {
      const found = await store.get(batchId);
      if (found === undefined) throw new NotFoundError(`no batch ${batchId}`);
      const count = (s: BatchItemStatus) => found.items.filter((i) => i.status === s).length;
      return {
        ...found.header,
        progress: { total: found.items.length, done: count('done'), failed: count('failed'), queued: count('queued') },
        state: count('queued') === 0 ? ('finished' as const) : ('running' as const),
        items: found.items,
      };
    },

    /** One message: the service's analyses, recorded once. */
    async process(message: { batch_id: string; service: string; analyses: readonly Analysis[] }): Promise<void> {
      if (deps.run === undefined) throw new Error('this batch analysis cannot run analyses');
      const current = await store.item(message.batch_id, message.service);
      if (current === undefined || current.status !== 'queued') return;
      try {
        const result = await deps.run(message.service, message.analyses);
        await store.finish({ ...current, status: 'done', result, finished_at: iso() });
      } catch (error) {
        // A permanent failure (an unknown service, too little data) is the service's answer;
        // anything else is retried by the queue.
        const permanent =
          error instanceof NotFoundError || error instanceof InsufficientDataError || error instanceof ValidationError;
        if (!permanent) throw error;
        await store.finish({ ...current, status: 'failed', error: error.message, finished_at: iso() });
      }
    },
  };
}
