import type { ModelVersion } from '#domain/kernel/model.ts';
import type { VersionStore } from '#domain/kernel/model.ports.ts';

const version = (model: string, v: string, created: string, over: Partial<ModelVersion> = {}): ModelVersion => ({
  model_name: model,
  version: v,
  created_at: created,
  status: 'candidate',
  training_samples: 100,
  training_time_seconds: 1.5,
  metrics: { score: 0.8, holdout_size: 20 },
  hyperparameters: { n_estimators: 10, max_depth: 4, min_samples_leaf: 2 },
  artifact_key: `models/${model}/${v}.json`,
  reference_key: `references/${model}/${v}.json`,
  ...over,
});

/** The behaviour every VersionStore must show. */
export function versionStoreContract(name: string, make: () => Promise<VersionStore>): void {
  describe(`${name} honours the VersionStore contract`, () => {
    it('stores versions per model, lists them newest first, and overwrites one by its id', async () => {
      // Prepare
      const store = await make();
      await store.put(version('m', 'v1', '2026-03-01T00:00:00.000Z'));
      await store.put(version('m', 'v2', '2026-03-02T00:00:00.000Z'));
      await store.put(version('other', 'v1', '2026-03-03T00:00:00.000Z'));

      // Act
      await store.put(version('m', 'v1', '2026-03-01T00:00:00.000Z', { status: 'champion' }));
      const listed = await store.list('m');

      // Assess
      expect(listed.map((v) => v.version)).toEqual(['v2', 'v1']);
      expect((await store.get('m', 'v1'))?.status).toBe('champion');
      expect(await store.get('m', 'v9')).toBeUndefined();
      expect(await store.list('nobody')).toEqual([]);
    });
  });
}
