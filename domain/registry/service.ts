import { mergeConfig, type ModelConfigInput } from '#domain/kernel/model.ts';
import { type ModelRecord, type ModelConfig, type ModelVersion } from '#domain/kernel/model.ts';
import type { ModelStore, ArtifactStore, VersionStore } from '#domain/kernel/model.ports.ts';
import { ConflictError, NotFoundError } from '#domain/kernel/errors.ts';
import type { PredictionLogger } from './registry.ports.ts';
import type { Clock } from '#domain/kernel/time.ts';
import { predictArtifact, type ModelArtifact } from '#lib/ml/trainer.ts';

export interface RegistryDeps {
  readonly models: ModelStore;
  readonly versions: VersionStore;
  readonly artifacts: ArtifactStore;
  readonly monitoring: PredictionLogger;
  readonly clock: Clock;
}

/**
 * Moves the champion alias to `version` (an existing, trained version).
 * 1. Check the model and the version exist (404 otherwise).
 * 2. Move the alias on the condition that it still points where it did.
 * 3. Mark the versions' statuses.
 */
export async function moveChampion(
  models: ModelStore,
  versions: VersionStore,
  name: string,
  version: string,
): Promise<{ champion_version: string; previous_champion_version: string | null }> {
  const m = await models.get(name);
  if (m === undefined) throw new NotFoundError(`model '${name}' is not known`);
  const target = await versions.get(name, version);
  if (target === undefined) throw new NotFoundError(`model '${name}' has no version '${version}'`);
  if (target.status === 'rejected')
    throw new ConflictError(`version '${version}' was rejected at evaluation; it cannot serve`);
  if (m.champion_version === version)
    return { champion_version: version, previous_champion_version: m.previous_champion_version ?? null };
  await models.update(
    name,
    {
      champion_version: version,
      champion_score: target.metrics.score,
      previous_champion_version: m.champion_version,
      bake: undefined,
    },
    { champion_version: m.champion_version },
  );
  await versions.put({ ...target, status: 'champion' });
  if (m.champion_version !== undefined) {
    const old = await versions.get(name, m.champion_version);
    if (old !== undefined) await versions.put({ ...old, status: 'archived' });
  }
  return { champion_version: version, previous_champion_version: m.champion_version ?? null };
}

/**
 * The model registry: configuration, versions, the champion alias, rollback and serving.
 * Champion moves are conditional on the alias they replace, so two concurrent moves cannot
 * both win.
 */
export function createRegistry(deps: RegistryDeps) {
  const { models, versions, artifacts, monitoring, clock } = deps;
  const cache = new Map<string, ModelArtifact>();
  const servedVersions = new Map<string, ModelVersion>();

  async function requireModel(name: string): Promise<ModelRecord> {
    const m = await models.get(name);
    if (m === undefined) throw new NotFoundError(`model '${name}' is not known`);
    return m;
  }

  async function artifactOf(v: ModelVersion): Promise<ModelArtifact> {
    const key = v.artifact_key;
    let a = cache.get(key);
    if (a === undefined) {
      a = await artifacts.getJson<ModelArtifact>(key);
      cache.set(key, a);
    }
    return a;
  }

  return {
    requireModel,
    artifactOf,

    async getModel(name: string) {
      const m = await requireModel(name);
      return {
        model_name: m.model_name,
        task_type: m.task_type,
        config: m.config ?? mergeConfig(m.task_type, undefined, {}),
        champion_version: m.champion_version ?? null,
        previous_champion_version: m.previous_champion_version ?? null,
        last_training: m.last_training ?? null,
        training_active: m.training_active === true,
        bake: m.bake ?? null,
      };
    },

    /** Creates the model if needed and merges its configuration. */
    async putConfig(name: string, update: ModelConfigInput): Promise<ModelConfig> {
      let m = await models.get(name);
      if (m === undefined) {
        if (update.task === undefined)
          throw new NotFoundError(`model '${name}' is not known; give its task to create it`);
        m = await models.createIfAbsent({
          model_name: name,
          task_type: update.task,
          created_at: new Date(clock.now()).toISOString(),
        });
      }
      if (update.task !== undefined && update.task !== m.task_type) {
        throw new ConflictError(`model '${name}' is ${m.task_type}; its task cannot change`, {
          details: [{ path: 'task', message: `model is ${m.task_type}` }],
        });
      }
      const config = mergeConfig(m.task_type, m.config, update);
      await models.update(name, { config });
      return config;
    },

    /**
     * Seed 000's `model_configs` (in the retrain settings): updates several models' configs. Every
     * named model must exist; otherwise nothing is written (404 naming it).
     */
    async putConfigs(updates: Readonly<Record<string, ModelConfigInput>>): Promise<Record<string, ModelConfig>> {
      const stored = await Promise.all(
        Object.keys(updates).map(async (name) => [name, await requireModel(name)] as const),
      );
      const out: Record<string, ModelConfig> = {};
      for (const [name, model] of stored) {
        const config = mergeConfig(model.task_type, model.config, updates[name] ?? {});
        await models.update(name, { config });
        out[name] = config;
      }
      return out;
    },

    async listVersions(name: string): Promise<ModelVersion[]> {
      await requireModel(name);
      return versions.list(name);
    },

    /** Moves the champion back (or forward) to an existing version; see moveChampion. */
    rollback: (name: string, version: string) => moveChampion(models, versions, name, version),

    /** Predicts with the champion and logs the prediction through the monitoring path. */
    async predict(name: string, features: Record<string, unknown>) {
      const m = await requireModel(name);
      if (m.champion_version === undefined) throw new ConflictError(`model '${name}' has no deployed version yet`);
      // A version's artifact never changes, so its record is read once per instance.
      const key = `${name}\u0000${m.champion_version}`;
      const v = servedVersions.get(key) ?? (await versions.get(name, m.champion_version));
      if (v === undefined)
        throw new ConflictError(`the champion version '${m.champion_version}' of '${name}' is missing`);
      servedVersions.set(key, v);
      const started = clock.now();
      const artifact = await artifactOf(v);
      const { prediction, confidence } = predictArtifact(artifact, features);
      const responseTime = (clock.now() - started) / 1000;
      const [logged] = await monitoring.logPredictions([
        {
          model_name: name,
          model_version: v.version,
          prediction_data: { input_features: features },
          result: { prediction, ...(confidence !== undefined ? { confidence } : {}), response_time: responseTime },
        },
      ]);
      return {
        prediction_id: logged?.prediction_id ?? '',
        prediction,
        confidence: confidence ?? null,
        version: v.version,
      };
    },
  };
}

export type Registry = ReturnType<typeof createRegistry>;
