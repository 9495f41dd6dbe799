import { BudgetExceededError, NotFoundError } from '#domain/kernel/errors.ts';
import type { Clock, IdGenerator } from '#domain/kernel/time.ts';
import type { BudgetStore, ProviderAlerts, UsageStore } from './providers.ports.ts';
import type { Budget, BudgetPeriod, BudgetSpec, UsageRecord } from './types.ts';
import { round } from './usage.ts';

/** The manual's warning share; critical at the whole budget. */
export const BUDGET_WARNING_SHARE = 0.8;
/** A reservation left open this long (its caller died mid-call) is released by the sweep. */
export const RESERVATION_TTL_MS = 15 * 60_000;

/** The alert scope of a budget. */
export const budgetScope = (name: string): string => `budget:${name}`;

/** The period a time falls in: `YYYY-MM-DD` (daily) or `YYYY-MM` (monthly), UTC. */
export function periodOf(period: BudgetPeriod, at: number): string {
  const iso = new Date(at).toISOString();
  return period === 'daily' ? iso.slice(0, 10) : iso.slice(0, 7);
}

/** [start, end) of the period `at` falls in, epoch ms. */
export function periodBounds(period: BudgetPeriod, at: number): { start: number; end: number } {
  const d = new Date(at);
  if (period === 'daily') {
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    return { start, end: start + 86_400_000 };
  }
  return {
    start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1),
    end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1),
  };
}

/** What a call is, for matching budgets. */
export interface CallScope {
  readonly model: string;
  readonly provider: string;
  readonly department?: string;
  readonly user?: string;
}

export function covers(budget: BudgetSpec, call: CallScope): boolean {
  switch (budget.scope) {
    case 'global':
      return true;
    case 'model':
      return call.model === budget.value;
    case 'provider':
      return call.provider === budget.value;
    case 'department':
      return call.department === budget.value;
    case 'key':
      return call.user === budget.value;
  }
}

export interface BudgetStatus extends Budget {
  readonly period_key: string;
  /** Every call's cost this period (gateway and reported), from the records. */
  readonly spent_usd: number;
  /** Open reservations of calls in flight. */
  readonly reserved_usd: number;
  readonly used: number;
  readonly state: 'ok' | 'warning' | 'exceeded';
  /** Spend at the end of the period at the pace of the last 7 days (or of the period so far). */
  readonly forecast_usd: number;
  readonly period_end: string;
}

export interface BudgetDeps {
  readonly store: BudgetStore;
  readonly usage: UsageStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly alerts?: ProviderAlerts;
}

/** A reservation the gateway holds while a call is in flight. */
export interface Hold {
  readonly budget_id: string;
  readonly period: string;
  readonly rid: string;
}

/**
 * Budgets: daily or monthly, per model, provider, department, key or everything. Spend is
 * summed from the call records (exact); the gateway reserves a call's estimated cost in every
 * budget that covers it before the call and settles the actual cost after, so concurrent calls
 * cannot each see the same room (LiteLLM #11083, #23714, #26672).
 */
export function createBudgets({ store, usage, clock, ids, alerts }: BudgetDeps) {
  async function require(id: string): Promise<Budget> {
    const b = await store.getBudget(id);
    if (b === undefined) throw new NotFoundError(`No budget '${id}'`);
    return b;
  }

  function spendOf(budget: Budget, records: readonly UsageRecord[], source?: UsageRecord['source']): number {
    let sum = 0;
    for (const r of records)
      if ((source === undefined || r.source === source) && covers(budget, r)) sum += r.cost_usd ?? 0;
    return sum;
  }

  async function status(budget: Budget, records?: readonly UsageRecord[]): Promise<BudgetStatus> {
    const now = clock.now();
    const { start, end } = periodBounds(budget.period, now);
    const inPeriod = (records ?? (await usage.range(start, end))).filter((r) => r.at >= start && r.at < end);
    const spent = spendOf(budget, inPeriod);
    const key = periodOf(budget.period, now);
    const ledger = await store.ledger(budget.budget_id, key);
    const reserved = Object.values(ledger.open).reduce((s, o) => s + o.amount, 0);
    // Pace: the last 7 days of the period (or all of it so far, at least an hour).
    const paceFrom = Math.max(start, now - 7 * 86_400_000);
    const paceSpan = Math.max(now - paceFrom, 3_600_000);
    const recent = spendOf(
      budget,
      inPeriod.filter((r) => r.at >= paceFrom),
    );
    const forecast = spent + (recent / paceSpan) * Math.max(0, end - now);
    const used = budget.limit_usd === 0 ? (spent > 0 ? Infinity : 0) : spent / budget.limit_usd;
    return {
      ...budget,
      period_key: key,
      spent_usd: round(spent),
      reserved_usd: round(reserved),
      used: Number.isFinite(used) ? round(used, 4) : 1e6,
      state: used >= 1 ? 'exceeded' : used >= BUDGET_WARNING_SHARE ? 'warning' : 'ok',
      forecast_usd: round(forecast),
      period_end: new Date(end).toISOString(),
    };
  }

  /**
   * Re-sums the budgets' spend: stores the spend reported through the usage API on each ledger
   * (the gateway's own calls are in it already), releases reservations older than 15 minutes,
   * and alerts on `budget_used`.
   */
  async function evaluate(only?: readonly Budget[]): Promise<BudgetStatus[]> {
    const budgets = only ?? (await store.listBudgets());
    if (budgets.length === 0) return [];
    const now = clock.now();
    const from = Math.min(...budgets.map((b) => periodBounds(b.period, now).start));
    const records = await usage.range(from, periodBounds('monthly', now).end);
    const out: BudgetStatus[] = [];
    for (const budget of budgets) {
      const { start } = periodBounds(budget.period, now);
      const key = periodOf(budget.period, now);
      const external = spendOf(
        budget,
        records.filter((r) => r.at >= start),
        'api',
      );
      await store.setExternal(budget.budget_id, key, round(external));
      const ledger = await store.ledger(budget.budget_id, key);
      for (const [rid, open] of Object.entries(ledger.open))
        if (now - open.at > RESERVATION_TTL_MS) await store.settle(budget.budget_id, key, rid, 0);
      const s = await status(budget, records);
      out.push(s);
      await alerts?.evaluate(budgetScope(budget.name), { budget_used: s.used });
    }
    return out;
  }

  return {
    status,
    evaluate,

    async create(spec: BudgetSpec): Promise<BudgetStatus> {
      const budget: Budget = {
        ...spec,
        budget_id: ids.next('budget'),
        created_at: new Date(clock.now()).toISOString(),
      };
      await store.putBudget(budget);
      return status(budget);
    },

    async list(): Promise<BudgetStatus[]> {
      const budgets = await store.listBudgets();
      if (budgets.length === 0) return [];
      const now = clock.now();
      const from = Math.min(...budgets.map((b) => periodBounds(b.period, now).start));
      const records = await usage.range(from, periodBounds('monthly', now).end);
      return Promise.all(budgets.map((b) => status(b, records)));
    },

    async get(id: string): Promise<BudgetStatus> {
      return status(await require(id));
    },

    async remove(id: string): Promise<void> {
      if (!(await store.removeBudget(id))) throw new NotFoundError(`No budget '${id}'`);
    },

    /**
     * After usage was reported: adds the new calls' cost to the ledger of each budget that covers
     * them (one atomic update per budget, not a re-sum of the period), and alerts on the spend
     * the ledger then holds. A crash between storing the calls and this leaves them out of the
     * ledger until the scheduled re-sum (every 5 minutes) sets the exact figure.
     */
    async afterUsage(records: readonly UsageRecord[]): Promise<void> {
      const now = clock.now();
      for (const budget of await store.listBudgets()) {
        const { start, end } = periodBounds(budget.period, now);
        const cost = spendOf(
          budget,
          records.filter((r) => r.source === 'api' && r.at >= start && r.at < end),
        );
        if (cost <= 0) continue;
        const ledger = await store.addExternal(budget.budget_id, periodOf(budget.period, now), round(cost));
        const reserved = Object.values(ledger.open).reduce((s, o) => s + o.amount, 0);
        const spent = ledger.external + ledger.committed - reserved;
        const used = budget.limit_usd === 0 ? 1e6 : spent / budget.limit_usd;
        await alerts?.evaluate(budgetScope(budget.name), { budget_used: round(used, 4) });
      }
    },

    /**
     * Reserves `estimate` in every budget covering the call, or none: throws naming the budget
     * that has no room (and releases the ones already taken). A call that costs nothing is never
     * blocked (LiteLLM #10973).
     */
    async reserve(call: CallScope, rid: string, estimate: number): Promise<Hold[]> {
      if (estimate <= 0) return [];
      const now = clock.now();
      const holds: Hold[] = [];
      const budgets = (await store.listBudgets()).filter((b) => covers(b, call));
      for (const budget of budgets) {
        const period = periodOf(budget.period, now);
        const ledger = await store.ledger(budget.budget_id, period);
        const ceiling = budget.limit_usd - ledger.external - estimate;
        const ok = ceiling >= 0 && (await store.reserve(budget.budget_id, period, rid, estimate, ceiling, now));
        if (!ok) {
          for (const h of holds) await store.settle(h.budget_id, h.period, h.rid, 0);
          const spent = ledger.committed + ledger.external;
          throw new BudgetExceededError(
            `Budget '${budget.name}' (${budget.period}, ${budget.scope}${budget.value !== undefined ? ` ${budget.value}` : ''}) has no room: $${round(spent, 4)} of $${budget.limit_usd} committed, this call may cost up to $${round(estimate, 6)}`,
            { details: { budget_id: budget.budget_id, budget: budget.name, limit_usd: budget.limit_usd } },
          );
        }
        holds.push({ budget_id: budget.budget_id, period, rid });
      }
      return holds;
    },

    /** Replaces each hold's estimate by what the call cost (0 when it failed before any tokens). */
    async settle(holds: readonly Hold[], actual: number): Promise<void> {
      for (const h of holds) await store.settle(h.budget_id, h.period, h.rid, actual);
    },
  };
}

export type Budgets = ReturnType<typeof createBudgets>;
