import { readDoc } from '#domain/kernel/config-docs.ts';
import { enabledChannels, SETTINGS_DOC, type PlatformSettings } from '#domain/kernel/settings.ts';
import { serviceScope, type NoticePublisher, type Notice } from '#domain/kernel/notice.ts';
import type { Thresholds } from '#domain/kernel/settings.ts';
import { createAlertAdmin, type AlertAdminDeps } from './admin.ts';
import {
  advanceInstance,
  decideNotice,
  groupNotices,
  isUnchanged,
  muteState,
  type Change,
  type NoticeContext,
} from './evaluation.ts';
import { formatCondition } from './rules.ts';
import { type AlertInstance, type AlertRecord, type AlertRule, type RuleMetric } from './types.ts';

export { ALERTING_DOC, RULES_KEY } from './admin.ts';

export interface AlertManagerDeps extends AlertAdminDeps {
  readonly publisher: NoticePublisher;
}

export type MetricValues = Partial<Record<RuleMetric, number | null>>;

export interface EvaluationResult {
  readonly notices: readonly Notice[];
  readonly instances: readonly AlertInstance[];
  /** Seconds until something time-based is due (a `for`, a repeat, an escalation, the end of a mute window). */
  readonly nextEvaluationInSeconds?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

export { muteState, silenceMatches } from './evaluation.ts';

/**
 * The alert manager: evaluates rules against a model's metrics and decides what people hear.
 *
 * Per rule and model, an alert goes pending -> firing (after `for_seconds`) -> resolved.
 * Notices are grouped: one per model and audience per evaluation, listing every alert that
 * started firing, repeats, escalates or resolved. Suppression, in order: silences (matching
 * model/rule/severity) drop a notice; inhibition drops a warning while a critical alert on the
 * same metric fires; de-duplication drops a firing notice for a rule that was notified within
 * `dedup_window_seconds` before it resolved (flapping); mute windows hold notices until they end.
 * Unacknowledged firing alerts repeat every `repeat_interval_seconds` and go to the escalation
 * audience after `escalate_after_seconds`; acknowledging stops both.
 */
export function createAlertManager(deps: AlertManagerDeps) {
  const { store, history, publisher, clock, ids, config } = deps;

  const admin = createAlertAdmin(deps);
  const { rules, settings: readSettings } = admin;

  function recordOf(rule: AlertRule, inst: AlertInstance, now: number): AlertRecord {
    return {
      alert_id: inst.alert_id,
      model_name: inst.model_name,
      rule: rule.name,
      metric: rule.metric,
      comparison: rule.comparison,
      threshold: rule.threshold,
      severity: rule.severity,
      state: inst.state,
      value: inst.value,
      title: `${inst.model_name}: ${rule.name} (${formatCondition(rule)}, value ${Number(inst.value.toPrecision(4))})`,
      labels: { ...rule.labels, model_name: inst.model_name },
      started_at: inst.started_at,
      ...(inst.fired_at !== undefined ? { fired_at: inst.fired_at } : {}),
      ...(inst.resolved_at !== undefined ? { resolved_at: inst.resolved_at } : {}),
      ...(inst.acked_at !== undefined ? { acked_at: inst.acked_at, acked_by: inst.acked_by ?? '' } : {}),
      notifications: inst.notifications,
      ...(inst.suppressed !== undefined ? { suppressed: inst.suppressed } : {}),
      updated_at: iso(now),
    };
  }

  return {
    ...admin,

    /**
     * Evaluates every enabled rule that applies to the model. Thresholds and platform settings
     * the caller already read are passed in, so a hot-path evaluation reads neither again.
     *
     * 1. Advance each rule's instance (pending, firing, resolved) from the metric value; a
     *    metric without enough data holds the current state.
     * 2. Decide each instance's notice (new, repeat, escalation, resolved) and its suppression.
     * 3. Store instances with a version check; an instance another evaluator already moved
     *    sends nothing from here.
     * 4. Publish one notice per audience and record episodes and notices in the history.
     */
    async evaluate(
      modelName: string,
      metrics: MetricValues,
      thresholds?: Thresholds,
      platformSettings?: PlatformSettings,
      /** A sentence per metric saying what its value means; it goes into the notices of firing alerts. */
      details?: Readonly<Partial<Record<RuleMetric, string>>>,
    ): Promise<EvaluationResult> {
      const now = clock.now();
      const [{ rules: all }, settings, instances, silences, platform] = await Promise.all([
        rules(thresholds),
        readSettings(),
        store.getInstances(modelName),
        store.getSilences(),
        platformSettings ?? readDoc(config, SETTINGS_DOC),
      ]);
      const applicable = all.filter(
        (r) =>
          r.enabled &&
          (r.labels.model_name === undefined || r.labels.model_name === modelName) &&
          (r.labels.service === undefined || serviceScope(r.labels.service) === modelName),
      );
      const byRule = new Map(instances.map((i) => [i.rule, i]));
      const due: number[] = [];

      // 1. Advance states.
      const advanced: Change[] = [];
      for (const rule of applicable) {
        const value = metrics[rule.metric];
        if (value === null || value === undefined) continue;
        const before = byRule.get(rule.name);
        const step = advanceInstance(rule, before, value, modelName, now, () => ids.next('alert'));
        if (step.dueInSeconds !== undefined) due.push(step.dueInSeconds);
        if (step.value !== undefined) advanced.push({ rule, before, after: step.value });
      }

      // 2. Decide notices.
      const ctx: NoticeContext = {
        modelName,
        now,
        settings,
        silences,
        mute: muteState(settings.mute_windows, now),
        criticalMetrics: new Set(
          advanced
            .filter((c) => c.after.state === 'firing' && c.rule.severity === 'critical')
            .map((c) => c.rule.metric),
        ),
      };
      const decided = advanced.map((c) => {
        const step = decideNotice(c, ctx);
        if (step.dueInSeconds !== undefined) due.push(step.dueInSeconds);
        return step.value;
      });

      // 3. Store instances; drop the notices of instances another evaluator already moved.
      const stored: Change[] = [];
      for (const c of decided) {
        if (isUnchanged(c)) continue;
        const version = c.before?.version;
        const next = { ...c.after, version: (version ?? 0) + 1 };
        if (await store.putInstance(next, version)) stored.push({ ...c, after: next });
      }

      // 4. Publish grouped notices and record history.
      const channels = enabledChannels(platform.notification_settings);
      const notices = groupNotices(stored, modelName, now, () => ids.next('notice'), channels, details);
      for (const notice of notices) {
        await publisher.publish(notice);
        await history.putNotice(notice);
      }
      for (const c of stored) await history.put(recordOf(c.rule, c.after, now));

      return {
        notices,
        instances: stored.map((c) => c.after),
        ...(due.length > 0 ? { nextEvaluationInSeconds: Math.max(1, Math.ceil(Math.min(...due))) } : {}),
      };
    },
  };
}

export type AlertManager = ReturnType<typeof createAlertManager>;
