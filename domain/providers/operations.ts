import type { Clock } from '#domain/kernel/time.ts';
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
}

/**
 * The scheduled work of AI operations (every 5 minutes): budgets re-summed and alerted, SLO
 * burn rates and the manual's real-time rules per provider model, key ages, and each
 * registered model's health tests once an hour.
 */
export function createAiOperations({ models, usage, budgets, health, alerts, clock }: OperationsDeps) {
  return {
    async slos(days: number) {
      const now = clock.now();
      return sloReports(await usage.records(now - days * 86_400_000, now + 1), now);
    },

    async runSchedule(): Promise<{ budgets: number; slo_scopes: number; health_tests: number; keys: number }> {
      const now = clock.now();
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
      return { budgets: evaluated.length, slo_scopes: reports.length, health_tests: tests, keys };
    },
  };
}
