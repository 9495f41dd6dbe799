import type { ArtifactStore, VersionStore } from '#domain/kernel/model.ports.ts';
import type { ModelVersion } from '#domain/kernel/model.ts';
import { NotFoundError } from '#domain/kernel/errors.ts';
import type { RetrainTaskStore } from '#domain/retraining/retraining.ports.ts';
import type { RetrainTask } from '#domain/retraining/types.ts';

/** In-memory retraining ports for workflow and domain tests. */
export class MemoryArtifacts implements ArtifactStore {
  public readonly objects = new Map<string, string>();
  public async putJson(key: string, value: unknown) {
    this.objects.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
  public async getJson<T>(key: string) {
    return Promise.resolve(JSON.parse(await this.getText(key)) as T);
  }
  public async getText(key: string) {
    const v = this.objects.get(key);
    if (v === undefined) return Promise.reject(new Error(`no object ${key}`));
    return Promise.resolve(v);
  }
  public async copy(from: string, to: string) {
    this.objects.set(to, await this.getText(from));
  }
}

export class MemoryVersions implements VersionStore {
  public readonly items = new Map<string, ModelVersion>();
  public async put(v: ModelVersion) {
    this.items.set(`${v.model_name}|${v.version}`, v);
    return Promise.resolve();
  }
  public async get(model: string, version: string) {
    return Promise.resolve(this.items.get(`${model}|${version}`));
  }
  public async list(model: string) {
    return Promise.resolve(
      [...this.items.values()].filter((v) => v.model_name === model).sort((a, b) => b.version.localeCompare(a.version)),
    );
  }
}

export class MemoryTasks implements RetrainTaskStore {
  public readonly items = new Map<string, RetrainTask>();
  public active = 0;
  public maxActiveSeen = 0;
  public readonly locks = new Map<string, string>();
  public async create(t: RetrainTask) {
    this.items.set(t.task_id, t);
    return Promise.resolve();
  }
  public async get(id: string) {
    return Promise.resolve(this.items.get(id));
  }
  public async update(id: string, patch: Partial<RetrainTask>) {
    const t = this.items.get(id);
    if (t === undefined) return Promise.reject(new NotFoundError(id));
    const next = {
      ...t,
      ...Object.fromEntries((Object.entries(patch) as [string, unknown][]).filter(([, v]) => v !== undefined)),
    };
    this.items.set(id, next);
    return Promise.resolve(next);
  }
  public async transition(id: string, expected: RetrainTask['status'], patch: Partial<RetrainTask>) {
    if (this.items.get(id)?.status !== expected) return Promise.resolve(undefined);
    return this.update(id, patch);
  }
  public async listByStatus(status: RetrainTask['status'], limit: number) {
    return Promise.resolve(
      [...this.items.values()]
        .filter((t) => t.status === status)
        .sort((a, b) => a.created_at.localeCompare(b.created_at))
        .slice(0, limit),
    );
  }
  public async acquireSlot(max: number) {
    if (this.active >= max) return Promise.resolve(false);
    this.active++;
    this.maxActiveSeen = Math.max(this.maxActiveSeen, this.active);
    return Promise.resolve(true);
  }
  public async releaseSlot() {
    this.active = Math.max(0, this.active - 1);
    return Promise.resolve();
  }
  public async lockModel(model: string, task: string) {
    if (this.locks.has(model)) return Promise.resolve(false);
    this.locks.set(model, task);
    return Promise.resolve(true);
  }
  public async unlockModel(model: string, task: string) {
    if (this.locks.get(model) === task) this.locks.delete(model);
    return Promise.resolve();
  }
}
