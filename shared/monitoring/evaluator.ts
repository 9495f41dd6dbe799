import type { AlertPublisher, AlertStore, ModelAlert, Severity } from '../ports/alerting.ts';
import type { Clock, IdGenerator } from '../ports/clock.ts';
import type { MetricPoint, MetricStore } from '../ports/metric-store.ts';
import type { AggregateStore, ConfigStore, ModelStore } from '../ports/monitoring-stores.ts';
import { assessModel, type Assessment } from './assess.ts';
import { THRESHOLDS_KEY } from './service.ts';
import { STATUS_RANK } from './status.ts';
import { DEFAULT_THRESHOLDS, type ModelStatus, type Thresholds } from './types.ts';

export interface EvaluatorDeps {
  readonly models: ModelStore;
  readonly aggregates: AggregateStore;
  readonly config: ConfigStore;
  readonly alerts: AlertStore;
  readonly publisher: AlertPublisher;
  readonly metrics: MetricStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger?: { info(message: string, ...extra: unknown[]): void };
}

export interface EvaluationOutcome {
  readonly model_name: string;
  readonly status: ModelStatus;
  readonly previous: ModelStatus | undefined;
  readonly alert?: ModelAlert;
}

/**
 * Which notice, if any, a status change deserves: getting worse fires at the new severity,
 * returning to healthy from warning or critical sends a resolve notice, anything else is quiet.
 */
export function alertFor(previous: ModelStatus | undefined, next: ModelStatus): { severity: Severity; state: ModelAlert['state'] } | undefined {
  if ((next === 'warning' || next === 'critical') && STATUS_RANK[next] > STATUS_RANK[previous ?? 'healthy']) {
    return { severity: next, state: 'firing' };
  }
  if (next === 'healthy' && (previous === 'warning' || previous === 'critical')) return { severity: 'info', state: 'resolved' };
  return undefined;
}

function titleOf(modelName: string, next: ModelStatus, a: Assessment): string {
  const failing = a.verdict.checks.filter((c) => c.state === 'critical' || c.state === 'warning');
  const parts = failing.map((c) => `${c.metric} ${c.value === null ? 'n/a' : c.value.toFixed(3)} (threshold ${c.threshold})`);
  return next === 'healthy' ? `${modelName} is healthy again` : `${modelName} is ${next}: ${parts.join(', ')}`;
}

/**
 * Re-evaluates models after new predictions or outcomes and announces status changes.
 *
 * 1. Assess the model from its aggregates.
 * 2. Record a snapshot of its health metrics in the metric store.
 * 3. If the status changed, move the recorded status with a conditional write, so that of
 *    several concurrent evaluators exactly one announces the change.
 * 4. Store the alert (30-day history) and publish it to the alerts topic.
 */
export function createStatusEvaluator(deps: EvaluatorDeps) {
  const { models, aggregates, config, alerts, publisher, metrics, clock, ids } = deps;

  return {
    async evaluate(modelName: string): Promise<EvaluationOutcome | undefined> {
      const model = await models.get(modelName);
      if (model === undefined) return undefined;
      const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS, ...((await config.get(THRESHOLDS_KEY)) as Partial<Thresholds> | undefined) };
      const now = clock.now();
      const a = await assessModel(aggregates, model, thresholds, now);
      const status = a.verdict.status;

      const dims = { model_name: modelName };
      const snapshot: [string, number | null][] = [
        ['model.accuracy', a.window.accuracy],
        ['model.error_rate', a.window.error_rate],
        ['model.response_time', a.window.avg_response_time],
        ['model.drift_score', a.driftScore],
      ];
      const points: MetricPoint[] = snapshot.flatMap(([name, value]) => (value === null ? [] : [{ name, dimensions: dims, time: now, value }]));
      if (points.length > 0) await metrics.write(points);

      if (status === model.status) return { model_name: modelName, status, previous: model.status };
      const at = new Date(now).toISOString();
      const moved = await models.transitionStatus(modelName, model.status, status, at);
      if (!moved) return { model_name: modelName, status, previous: model.status };
      const notice = alertFor(model.status, status);
      if (notice === undefined) return { model_name: modelName, status, previous: model.status };

      const alert: ModelAlert = {
        alert_id: ids.next('alert'),
        model_name: modelName,
        severity: notice.severity,
        state: notice.state,
        previous_status: model.status ?? null,
        status,
        title: titleOf(modelName, status, a),
        checks: a.verdict.checks,
        created_at: at,
      };
      await alerts.put(alert);
      await publisher.publish(alert);
      deps.logger?.info('model status changed', { model_name: modelName, from: model.status, to: status, alert_id: alert.alert_id });
      return { model_name: modelName, status, previous: model.status, alert };
    },
  };
}

export type StatusEvaluator = ReturnType<typeof createStatusEvaluator>;
