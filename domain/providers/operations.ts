import type { ConfigStore } from '#domain/kernel/config-docs.ts';
import type { Notice, NoticePublisher } from '#domain/kernel/notice.ts';
import type { Clock, IdGenerator } from '#domain/kernel/time.ts';
import { toCsv } from '#lib/text/csv.ts';
import type { AiModels } from './ai-models.ts';
import type { Budgets } from './budgets.ts';
import type { HealthTests } from './health.ts';
import type { ProviderAlerts } from './providers.ports.ts';
import { BURN_WINDOWS, llmScope, sloReports } from './slo.ts';
import type { Usage } from './usage.ts';

/** The alert scope of a registered AI model (its key age and health score). */
export const aiModelScope = (name: string): string => `ai:${name}`;

/** Health tests run on a schedule at most this often per model. */
export const HEALTH_TEST_INTERVAL_MS = 60 * 60_000;

export interface OperationsDeps {
  readonly models: AiModels;
  readonly usage: Usage;
  readonly budgets: Budgets;
  readonly health: HealthTests;
  readonly alerts: ProviderAlerts;
  readonly clock: Clock;
  /** Where the weekly report goes (the alerts topic), its once-a-week claim, and notice ids. */
  readonly publisher: NoticePublisher;
  readonly config: ConfigStore;
  readonly ids: IdGenerator;
}

/** The Monday 09:00 UTC at or before `now` (the manual's weekly report time). */
export function weeklyReportTime(now: number): number {
  const d = new Date(now);
  const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7), 9);
  return monday <= now ? monday : monday - 7 * 86_400_000;
}

/**
 * The scheduled work of AI operations (every 5 minutes): budgets re-summed and alerted, SLO
 * burn rates and the manual's real-time rules per provider model, key ages, and each
 * registered model's health tests once an hour.
 */
export function createAiOperations(deps: OperationsDeps) {
  const { models, usage, budgets, health, alerts, clock, publisher, config, ids } = deps;

  /**
   * The weekly usage and cost report, once per week from Monday 09:00 UTC: the week's figures
   * and its by-model table as CSV, published as an info notice. The week is claimed in the
   * config table first, so two runs publish it once.
   */
  async function weeklyReport(now: number): Promise<Notice | undefined> {
    const due = weeklyReportTime(now);
    const key = `runs:llm_weekly_report#${new Date(due).toISOString().slice(0, 10)}`;
    const claim = ids.next('report');
    const stored = await config.putIfAbsent(key, { claim, at: new Date(now).toISOString() });
    if (stored.claim !== claim) return undefined;
    const report = await usage.report(due - 7 * 86_400_000, due);
    const totals = report.totals;
    const notice: Notice = {
      notice_id: ids.next('notice'),
      model_name: 'llm:weekly-report',
      scope: 'llm',
      audience: 'primary',
      severity: 'info',
      state: 'resolved',
      title: `AI usage and cost, week to ${new Date(due).toISOString().slice(0, 10)}: ${totals?.calls ?? 0} calls, $${(totals?.cost_usd ?? 0).toFixed(2)}`,
      alerts: [],
      created_at: new Date(now).toISOString(),
      report: {
        kind: 'llm_weekly',
        from: report.from,
        to: report.to,
        totals: {
          calls: totals?.calls ?? 0,
          errors: totals?.errors ?? 0,
          cost_usd: totals?.cost_usd ?? 0,
          unpriced_calls: totals?.unpriced_calls ?? 0,
        },
        top_models: report.by_model.slice(0, 5).map((g) => ({ model: g.key, calls: g.calls, cost_usd: g.cost_usd })),
        csv: toCsv(report.by_model.map(({ key, ...g }) => ({ model: key, ...g }))),
        path: '/api/v1/aiops/llm/reports?days=7',
      },
    };
    await publisher.publish(notice);
    return notice;
  }

  return {
    async slos(days: number) {
      const now = clock.now();
      return sloReports(await usage.records(now - days * 86_400_000, now + 1), now);
    },

    weeklyReport,

    async runSchedule(): Promise<{
      budgets: number;
      slo_scopes: number;
      health_tests: number;
      keys: number;
      weekly_report: boolean;
    }> {
      const now = clock.now();
      const weekly = await weeklyReport(now);
      const evaluated = await budgets.evaluate();
      const reports = sloReports(await usage.records(now - BURN_WINDOWS.slow.long_ms, now + 1), now);
      for (const r of reports) await alerts.evaluate(llmScope(r.provider, r.model), r.alert_values);
      let tests = 0;
      let keys = 0;
      for (const model of await models.list()) {
        if (model.key !== null) {
          keys++;
          await alerts.evaluate(aiModelScope(model.name), { api_key_age_days: model.key.age_days });
        }
        const last = model.health === null ? 0 : Date.parse(model.health.tested_at);
        if (now - last < HEALTH_TEST_INTERVAL_MS) continue;
        const result = await health.run(model.name);
        tests++;
        await alerts.evaluate(aiModelScope(model.name), { ai_health_score: result.score });
      }
      return {
        budgets: evaluated.length,
        slo_scopes: reports.length,
        health_tests: tests,
        keys,
        weekly_report: weekly !== undefined,
      };
    },
  };
}
