import type { ConfigStore } from '#domain/kernel/config-docs.ts';
import type { ModelStore } from '#domain/kernel/model.ports.ts';
import { SETTINGS_DOC, THRESHOLDS_DOC, type Thresholds } from '#domain/kernel/settings.ts';
import type { ModelStatus } from '#domain/kernel/model.ts';
import type { Clock } from '#domain/kernel/time.ts';
import type { MetricPoint, MetricStore } from '#domain/kernel/metric-store.ports.ts';
import { HISTORY_METRICS, historySeries, type HistoryMetric } from './history-metrics.ts';
import type {
  PredictionStore,
  AggregateStore,
  AlertEvaluation,
  AlertEvaluator,
  ModelEventQueue,
  ModelMetricValues,
} from './monitoring.ports.ts';
import { assessModel, liveAccuracy, type Assessment } from './assess.ts';
import { reconcilePredictionCounts } from './reconcile.ts';
import { readDoc } from '#domain/kernel/config-docs.ts';

export interface EvaluatorDeps {
  readonly models: ModelStore;
  /** The stored predictions, for sealing closed buckets with exact counts. */
  readonly predictions: Pick<PredictionStore, 'countable'>;
  readonly aggregates: AggregateStore;
  readonly config: ConfigStore;
  readonly alerts: AlertEvaluator;
  readonly metrics: MetricStore;
  readonly events: ModelEventQueue;
  readonly clock: Clock;
  readonly logger?: { info(message: string, ...extra: unknown[]): void };
}

export interface EvaluationOutcome {
  readonly model_name: string;
  readonly status: ModelStatus;
  readonly previous: ModelStatus | undefined;
  readonly alerts: AlertEvaluation;
}

/** SQS delays messages by at most 15 minutes; longer waits chain. */
const MAX_DELAY_SECONDS = 900;

/** The values alert rules see: only metrics with enough samples, so small windows do not alert. */
export function ruleMetrics(a: Assessment, t: Thresholds): ModelMetricValues {
  const enough = a.window.prediction_count >= t.min_samples;
  const live = liveAccuracy(a, t);
  return {
    accuracy: live.source === 'outcomes' ? live.accuracy : null,
    // The estimate stands in only while outcomes are missing.
    estimated_accuracy: live.source === 'estimate' ? live.accuracy : null,
    response_time: enough ? a.window.avg_response_time : null,
    p95_response_time: enough ? a.window.p95_response_time : null,
    error_rate: enough ? a.window.error_rate : null,
    drift_score: a.driftScore,
  };
}

/**
 * Re-evaluates a model after new predictions or outcomes (or a scheduled wake-up).
 *
 * 1. Seal the model's closed buckets with exact counts (a no-op most of the time), then assess
 *    the model from its aggregates and the last drift scan.
 * 2. Record a snapshot of its health metrics in the metric store.
 * 3. Record a status change (conditional, so racing evaluators agree).
 * 4. Run the alert manager on the rule metrics; it notifies.
 * 5. If something time-based is due (a `for`, a repeat, an escalation), schedule one wake-up,
 *    claimed on the model so concurrent evaluations do not start parallel chains.
 */
export function createStatusEvaluator(deps: EvaluatorDeps) {
  const { models, aggregates, config, alerts, metrics, events, clock } = deps;

  return {
    async evaluate(modelName: string): Promise<EvaluationOutcome | undefined> {
      const model = await models.get(modelName);
      if (model === undefined) return undefined;
      const [thresholds, settings] = await Promise.all([
        readDoc(config, THRESHOLDS_DOC),
        readDoc(config, SETTINGS_DOC),
      ]);
      const { unchangedTotal, ...sealed } = await reconcilePredictionCounts(
        { predictions: deps.predictions, aggregates, clock },
        modelName,
      );
      if (sealed.corrected > 0) deps.logger?.info('sealed buckets corrected', { model_name: modelName, ...sealed });
      const now = clock.now();
      // Nothing sealed: the total the reconcile just read is current, so it is not read twice.
      const a = await assessModel(aggregates, model, thresholds, now, 0, unchangedTotal);
      const status = a.verdict.status;

      const dims = { model_name: modelName };
      // Keyed by the history metrics the query side serves, so neither list can miss one.
      const snapshot: Record<HistoryMetric, number | null> = {
        accuracy: a.window.accuracy,
        estimated_accuracy: a.estimatedAccuracy,
        estimated_accuracy_low: model.estimate?.ci95[0] ?? null,
        estimated_accuracy_high: model.estimate?.ci95[1] ?? null,
        error_rate: a.window.error_rate,
        response_time: a.window.avg_response_time,
        p95_response_time: a.window.p95_response_time,
        drift_score: a.driftScore,
      };
      const points: MetricPoint[] = HISTORY_METRICS.flatMap((metric) => {
        const value = snapshot[metric];
        return value === null ? [] : [{ name: historySeries(metric), dimensions: dims, time: now, value }];
      });
      if (points.length > 0) await metrics.write(points);

      if (
        status !== model.status &&
        (await models.transitionStatus(modelName, model.status, status, new Date(now).toISOString()))
      ) {
        deps.logger?.info('model status changed', { model_name: modelName, from: model.status, to: status });
      }

      // Monitoring paused: the status is still recorded, but no rule is evaluated and nobody is told.
      const result: AlertEvaluation = settings.monitoring_active
        ? await alerts.evaluate(modelName, ruleMetrics(a, thresholds), thresholds, settings)
        : { notices: [] };
      if (result.nextEvaluationInSeconds !== undefined) {
        const delay = Math.min(MAX_DELAY_SECONDS, result.nextEvaluationInSeconds);
        if (
          await models.claimWakeup(modelName, new Date(now + delay * 1000).toISOString(), new Date(now).toISOString())
        ) {
          await events.modelsChanged([modelName], delay);
        }
      }
      return { model_name: modelName, status, previous: model.status, alerts: result };
    },
  };
}

export type StatusEvaluator = ReturnType<typeof createStatusEvaluator>;
