import { InsufficientDataError, NotFoundError } from '#domain/kernel/errors.ts';
import { createBatchAnalysis } from '#domain/services/batch.ts';
import { counterIds, FixedClock, MemoryBatches } from '../../support/in-memory.ts';

describe('batch analysis', () => {
  function setup(run: (service: string) => Promise<Record<string, unknown>>) {
    const memory = new MemoryBatches();
    const batches = createBatchAnalysis({
      store: memory,
      queue: memory,
      ids: counterIds(),
      clock: new FixedClock(Date.parse('2026-11-24T12:00:00Z')),
      run: async (service) => run(service),
    });
    return { memory, batches };
  }

  it('fans out one message per service and records each result once, failures of the service as failed', async () => {
    // Prepare
    let runs = 0;
    const { memory, batches } = setup(async (service) => {
      runs++;
      if (service === 'ghost') throw new NotFoundError('no service ghost');
      if (service === 'young') throw new InsufficientDataError('too little history');
      return Promise.resolve({ anomalies: { total: 2 } });
    });

    // Act
    const { batch_id } = await batches.start(['web', 'ghost', 'young', 'web'], ['anomalies'], 'ops');
    for (const m of memory.sent) await batches.process(m);
    await batches.process(memory.sent[0]!); // a redelivery
    const view = await batches.get(batch_id);

    // Assess
    expect(memory.sent).toHaveLength(3);
    expect(runs).toBe(3);
    expect(view).toMatchObject({
      services: 3,
      state: 'finished',
      progress: { total: 3, done: 1, failed: 2, queued: 0 },
    });
    expect(view.items.map((i) => [i.service, i.status, i.error ?? i.result])).toEqual([
      ['ghost', 'failed', 'no service ghost'],
      ['web', 'done', { anomalies: { total: 2 } }],
      ['young', 'failed', 'too little history'],
    ]);
  });

  it('leaves a service queued and throws on other errors, so the queue retries it', async () => {
    const { memory, batches } = setup(async () => Promise.reject(new Error('throttled')));
    const { batch_id } = await batches.start(['web'], ['forecast'], 'ops');
    await expect(batches.process(memory.sent[0]!)).rejects.toThrow('throttled');
    expect((await batches.get(batch_id)).progress).toEqual({ total: 1, done: 0, failed: 0, queued: 1 });
    await expect(batches.get('batch_none')).rejects.toBeInstanceOf(NotFoundError);
  });
});
