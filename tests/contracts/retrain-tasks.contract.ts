import type { RetrainTaskStore } from '#domain/retraining/retraining.ports.ts';
import { NotFoundError } from '#domain/kernel/errors.ts';
import type { RetrainTask } from '#domain/retraining/types.ts';
const task = (id: string, created: string, over: Partial<RetrainTask> = {}): RetrainTask => ({
  task_id: id,
  model_name: 'm',
  reason: 'manual',
  status: 'queued',
  created_at: created,
  progress: 0,
  ...over,
});

/** The behaviour every RetrainTaskStore must show. */
export function retrainTaskStoreContract(name: string, make: () => Promise<RetrainTaskStore>): void {
  describe(`${name} honours the RetrainTaskStore contract`, () => {
    it('hands out at most max slots to 10 concurrent callers and takes them back', async () => {
      // Prepare
      const store = await make();

      // Act
      const granted = await Promise.all(Array.from({ length: 10 }, () => store.acquireSlot(2)));
      await store.releaseSlot();
      const again = await store.acquireSlot(2);
      const full = await store.acquireSlot(2);

      // Assess
      expect(granted.filter(Boolean)).toHaveLength(2);
      expect([again, full]).toEqual([true, false]);
    });

    it('locks a model for one task at a time, not even re-entrant, until that task unlocks it', async () => {
      const store = await make();
      const racing = await Promise.all([store.lockModel('m', 't1'), store.lockModel('m', 't2')]);
      expect(racing.filter(Boolean)).toHaveLength(1);
      const holder = racing[0] ? 't1' : 't2';
      expect(await store.lockModel('m', holder)).toBe(false);
      await store.unlockModel('m', 'someone-else');
      expect(await store.lockModel('m', 'other')).toBe(false);
      await store.unlockModel('m', holder);
      expect(await store.lockModel('m', 'other')).toBe(true);
    });

    it('moves a task only from the expected status, lists by status oldest first, and 404s unknown tasks', async () => {
      // Prepare
      const store = await make();
      await store.create(task('b', '2026-03-01T00:00:02Z'));
      await store.create(task('a', '2026-03-01T00:00:01Z'));

      // Act
      const first = await store.transition('a', 'queued', { status: 'running', step: 'backup' });
      const second = await store.transition('a', 'queued', { status: 'running' });
      const updated = await store.update('a', { progress: 40 });

      // Assess
      expect(first).toMatchObject({ status: 'running', step: 'backup' });
      expect(second).toBeUndefined();
      expect(updated).toMatchObject({ status: 'running', progress: 40, step: 'backup' });
      expect((await store.listByStatus('queued', 10)).map((t) => t.task_id)).toEqual(['b']);
      expect((await store.listByStatus('running', 10)).map((t) => t.task_id)).toEqual(['a']);
      await expect(store.update('ghost', { progress: 1 })).rejects.toBeInstanceOf(NotFoundError);
      expect(await store.transition('ghost', 'queued', { status: 'running' })).toBeUndefined();
    });
  });
}
