import type { HealthResult } from '#domain/providers/health.ts';
import type {
  AiModelStore,
  BudgetStore,
  HealthStore,
  KeyVault,
  UsageStore,
} from '#domain/providers/providers.ports.ts';
import type { AiModel, Budget, Ledger, UsageRecord } from '#domain/providers/types.ts';

/** In-memory fakes of the AI operations ports; each passes the contract suite its adapter passes. */
export class MemoryAiModels implements AiModelStore {
  public readonly models = new Map<string, AiModel>();
  public async put(model: AiModel, expected: number): Promise<boolean> {
    const stored = this.models.get(model.name);
    if ((stored?.version ?? 0) !== expected) return Promise.resolve(false);
    this.models.set(model.name, structuredClone(model));
    return Promise.resolve(true);
  }
  public async get(name: string): Promise<AiModel | undefined> {
    const m = this.models.get(name);
    return Promise.resolve(m === undefined ? undefined : structuredClone(m));
  }
  public async list(): Promise<AiModel[]> {
    return Promise.resolve(
      [...this.models.values()].sort((a, b) => a.name.localeCompare(b.name)).map((m) => structuredClone(m)),
    );
  }
  public async remove(name: string): Promise<boolean> {
    return Promise.resolve(this.models.delete(name));
  }
}

export class MemoryVault implements KeyVault {
  public readonly keys = new Map<string, string>();
  public async put(name: string, key: string): Promise<string> {
    this.keys.set(`mem/${name}`, key);
    return Promise.resolve(`mem/${name}`);
  }
  public async get(ref: string): Promise<string | undefined> {
    return Promise.resolve(this.keys.get(ref));
  }
  public async remove(ref: string): Promise<void> {
    this.keys.delete(ref);
    return Promise.resolve();
  }
}

export class MemoryUsage implements UsageStore {
  public readonly records = new Map<string, UsageRecord>();
  public async put(records: readonly UsageRecord[]): Promise<{ duplicates: ReadonlySet<string> }> {
    const duplicates = new Set<string>();
    for (const r of records) {
      const key = `${new Date(r.at).toISOString().slice(0, 10)}|${r.request_id}`;
      if (this.records.has(key)) duplicates.add(r.request_id);
      else this.records.set(key, structuredClone(r));
    }
    return Promise.resolve({ duplicates });
  }
  public async range(from: number, to: number): Promise<UsageRecord[]> {
    return Promise.resolve(
      [...this.records.values()].filter((r) => r.at >= from && r.at < to).sort((a, b) => a.at - b.at),
    );
  }
}

interface MemoryLedger {
  committed: number;
  external: number;
  open: Map<string, { amount: number; at: number }>;
}

/** Budgets, ledgers and gates; each write completes in one step, as DynamoDB's conditional updates do. */
export class MemoryBudgets implements BudgetStore {
  public readonly budgets = new Map<string, Budget>();
  public readonly ledgers = new Map<string, MemoryLedger>();
  public readonly gates = new Map<string, Map<string, number>>();
  private ledgerOf(id: string, period: string): MemoryLedger {
    const key = `${id}|${period}`;
    let l = this.ledgers.get(key);
    if (l === undefined) {
      l = { committed: 0, external: 0, open: new Map() };
      this.ledgers.set(key, l);
    }
    return l;
  }
  public async putBudget(budget: Budget): Promise<void> {
    this.budgets.set(budget.budget_id, structuredClone(budget));
    return Promise.resolve();
  }
  public async getBudget(id: string): Promise<Budget | undefined> {
    const b = this.budgets.get(id);
    return Promise.resolve(b === undefined ? undefined : structuredClone(b));
  }
  public async listBudgets(): Promise<Budget[]> {
    return Promise.resolve(
      [...this.budgets.values()].sort((a, b) => a.name.localeCompare(b.name)).map((b) => structuredClone(b)),
    );
  }
  public async removeBudget(id: string): Promise<boolean> {
    for (const key of this.ledgers.keys()) if (key.startsWith(`${id}|`)) this.ledgers.delete(key);
    return Promise.resolve(this.budgets.delete(id));
  }
  public async ledger(id: string, period: string): Promise<Ledger> {
    const l = this.ledgerOf(id, period);
    return Promise.resolve({ committed: l.committed, external: l.external, open: Object.fromEntries(l.open) });
  }
  public async reserve(
    id: string,
    period: string,
    rid: string,
    amount: number,
    ceiling: number,
    at: number,
  ): Promise<boolean> {
    const l = this.ledgerOf(id, period);
    if (l.committed > ceiling || l.open.has(rid)) return Promise.resolve(false);
    l.committed += amount;
    l.open.set(rid, { amount, at });
    return Promise.resolve(true);
  }
  public async settle(id: string, period: string, rid: string, actual: number): Promise<boolean> {
    const l = this.ledgerOf(id, period);
    const open = l.open.get(rid);
    if (open === undefined) return Promise.resolve(false);
    l.committed += actual - open.amount;
    l.open.delete(rid);
    return Promise.resolve(true);
  }
  public async setExternal(id: string, period: string, external: number): Promise<void> {
    this.ledgerOf(id, period).external = external;
    return Promise.resolve();
  }
  public async addExternal(id: string, period: string, amount: number): Promise<Ledger> {
    this.ledgerOf(id, period).external += amount;
    return this.ledger(id, period);
  }
  public async acquire(model: string, rid: string, max: number, until: number, now: number): Promise<boolean> {
    let leases = this.gates.get(model);
    if (leases === undefined) {
      leases = new Map();
      this.gates.set(model, leases);
    }
    if (leases.has(rid)) return Promise.resolve(false);
    if (leases.size >= max) for (const [r, u] of leases) if (u < now) leases.delete(r);
    if (leases.size >= max) return Promise.resolve(false);
    leases.set(rid, until);
    return Promise.resolve(true);
  }
  public async release(model: string, rid: string): Promise<void> {
    this.gates.get(model)?.delete(rid);
    return Promise.resolve();
  }
}

export class MemoryHealth implements HealthStore {
  public readonly results_ = new Map<string, HealthResult>();
  public async add(result: HealthResult): Promise<void> {
    const key = `${result.model}|${result.tested_at}`;
    if (!this.results_.has(key)) this.results_.set(key, structuredClone(result));
    return Promise.resolve();
  }
  public async results(model: string, limit: number): Promise<HealthResult[]> {
    return Promise.resolve(
      [...this.results_.values()]
        .filter((r) => r.model === model)
        .sort((a, b) => b.tested_at.localeCompare(a.tested_at))
        .slice(0, limit),
    );
  }
}
