import { ConflictError, NotFoundError, ValidationError } from '#domain/kernel/errors.ts';
import type { Clock } from '#domain/kernel/time.ts';
import type { AiModelStore, KeyVault } from './providers.ports.ts';
import type { AiModel, AiModelSpec } from './types.ts';

/** Keys older than this raise a rotation reminder (the manual rotates monthly). */
export const KEY_ROTATION_DAYS = 30;

/** An AI model as the API shows it: the key as its last 4 characters and age, never itself. */
export interface AiModelView extends AiModelSpec {
  readonly created_at: string;
  readonly updated_at: string;
  readonly key: {
    readonly last4: string;
    readonly set_at: string;
    readonly age_days: number;
    readonly rotate: boolean;
  } | null;
  readonly health: { readonly score: number; readonly tested_at: string } | null;
}

export interface AiModelDeps {
  readonly store: AiModelStore;
  readonly vault: KeyVault;
  readonly clock: Clock;
}

/** The AI models an organisation calls: define, change, delete, and keep their keys in the vault. */
export function createAiModels({ store, vault, clock }: AiModelDeps) {
  const iso = () => new Date(clock.now()).toISOString();
  /** Keys read from the vault in this instance, by reference and the time the key was set. */
  const keys = new Map<string, Promise<string | undefined>>();

  function view(m: AiModel): AiModelView {
    const { key_ref: _ref, key, health, version: _v, ...spec } = m;
    const age = key === undefined ? 0 : (clock.now() - Date.parse(key.set_at)) / 86_400_000;
    return {
      ...spec,
      key: key === undefined ? null : { ...key, age_days: Math.floor(age * 10) / 10, rotate: age > KEY_ROTATION_DAYS },
      health: health ?? null,
    };
  }

  async function require(name: string): Promise<AiModel> {
    const m = await store.get(name);
    if (m === undefined) throw new NotFoundError(`No AI model named '${name}'`);
    return m;
  }

  /** The models `from` falls back through, in order, up to a loop or a name no model has. */
  async function fallbacksOf(from: AiModelSpec): Promise<{ chain: AiModel[]; loopsAt?: string; missing?: string }> {
    const chain: AiModel[] = [];
    const seen = new Set([from.name]);
    for (let next = from.fallback_model; next !== undefined;) {
      if (seen.has(next)) return { chain, loopsAt: next };
      seen.add(next);
      const m = await store.get(next);
      if (m === undefined) return { chain, missing: next };
      chain.push(m);
      next = m.fallback_model;
    }
    return { chain };
  }

  async function checkFallback(spec: AiModelSpec): Promise<void> {
    if (spec.fallback_model === spec.name)
      throw new ValidationError('fallback_model: a model cannot fall back to itself');
    // The chain must end (no cycle) at known models.
    const { loopsAt, missing } = await fallbacksOf(spec);
    if (loopsAt !== undefined)
      throw new ValidationError(`fallback_model: the chain from '${spec.name}' loops at '${loopsAt}'`);
    if (missing !== undefined) throw new ValidationError(`fallback_model: no AI model named '${missing}'`);
  }

  async function withKey(name: string, key: string | undefined): Promise<Pick<AiModel, 'key' | 'key_ref'>> {
    if (key === undefined) return {};
    const ref = await vault.put(name, key);
    return { key_ref: ref, key: { last4: key.slice(-4), set_at: iso() } };
  }

  return {
    view,
    require,

    /** The model and the models it falls back to, in order (as far as they exist, at most `max`). */
    async chain(name: string, max: number): Promise<AiModel[]> {
      const head = await require(name);
      return [head, ...(await fallbacksOf(head)).chain].slice(0, max);
    },

    async create(spec: AiModelSpec, apiKey?: string): Promise<AiModelView> {
      if ((await store.get(spec.name)) !== undefined)
        throw new ConflictError(`An AI model named '${spec.name}' exists`);
      await checkFallback(spec);
      const now = iso();
      const model: AiModel = {
        ...spec,
        ...(await withKey(spec.name, apiKey)),
        created_at: now,
        updated_at: now,
        version: 1,
      };
      if (!(await store.put(model, 0))) throw new ConflictError(`An AI model named '${spec.name}' exists`);
      return view(model);
    },

    async list(): Promise<AiModelView[]> {
      return (await store.list()).map(view);
    },

    async get(name: string): Promise<AiModelView> {
      return view(await require(name));
    },

    /** Replaces the definition (the name stays); a key given replaces the stored one, none keeps it. */
    async update(name: string, spec: Omit<AiModelSpec, 'name'>, apiKey?: string): Promise<AiModelView> {
      const current = await require(name);
      const next: AiModelSpec = { ...spec, name };
      await checkFallback(next);
      const keyed = apiKey === undefined ? { key: current.key, key_ref: current.key_ref } : await withKey(name, apiKey);
      const model: AiModel = {
        ...next,
        ...(keyed.key_ref !== undefined ? { key_ref: keyed.key_ref } : {}),
        ...(keyed.key !== undefined ? { key: keyed.key } : {}),
        ...(current.health !== undefined ? { health: current.health } : {}),
        created_at: current.created_at,
        updated_at: iso(),
        version: current.version + 1,
      };
      if (!(await store.put(model, current.version)))
        throw new ConflictError(`AI model '${name}' changed meanwhile; read it again`);
      return view(model);
    },

    async remove(name: string): Promise<void> {
      const current = await require(name);
      const dependants = (await store.list()).filter((m) => m.fallback_model === name).map((m) => m.name);
      if (dependants.length > 0)
        throw new ConflictError(`'${name}' is the fallback of ${dependants.join(', ')}; change those first`);
      if (!(await store.remove(name))) throw new NotFoundError(`No AI model named '${name}'`);
      if (current.key_ref !== undefined) await vault.remove(current.key_ref);
    },

    /** Records a health test's score on the model (retried on a concurrent change). */
    async recordHealth(name: string, score: number, testedAt: string): Promise<void> {
      for (let attempt = 0; attempt < 5; attempt++) {
        const current = await store.get(name);
        if (current === undefined) return;
        const next = { ...current, health: { score, tested_at: testedAt }, version: current.version + 1 };
        if (await store.put(next, current.version)) return;
      }
    },

    /**
     * The model's key from the vault (for the gateway only; never shown), read once per key: a
     * key set anew has a new `set_at`, so a rotation is picked up at the next call.
     */
    async keyOf(model: AiModel): Promise<string | undefined> {
      if (model.key_ref === undefined || model.key === undefined) return undefined;
      const id = `${model.key_ref}@${model.key.set_at}`;
      let key = keys.get(id);
      if (key === undefined) {
        key = vault.get(model.key_ref);
        keys.set(id, key);
        // A failed read is not kept: the next call tries again.
        key.catch(() => keys.delete(id));
      }
      return key;
    },
  };
}

export type AiModels = ReturnType<typeof createAiModels>;
