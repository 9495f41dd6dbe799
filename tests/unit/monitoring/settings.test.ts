import { alertRule } from '../../support/alert-rules.ts';
import { createDriftService } from '#domain/drift/service.ts';
import { createAlertManager } from '#domain/alerting/manager.ts';
import { createWebhookNotifier } from '#domain/alerting/webhook.ts';
import type { Notice } from '#domain/kernel/notice.ts';
import { createMonitoringService } from '#domain/monitoring/service.ts';
import {
  counterIds,
  FixedClock,
  MemoryAggregates,
  MemoryAlerting,
  MemoryConfig,
  MemoryEvents,
  MemoryHistory,
  MemoryModels,
  MemoryPredictions,
  MemoryRetrain,
} from '../../support/in-memory.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');

function monitoringWith(config: MemoryConfig) {
  return createMonitoringService({
    predictions: new MemoryPredictions(),
    aggregates: new MemoryAggregates(),
    models: new MemoryModels(),
    config,
    events: new MemoryEvents(),
    clock: new FixedClock(T0),
    ids: counterIds(),
  });
}

describe('monitoring settings (seed 000)', () => {
  it("reads the seed's document with its defaults", async () => {
    // Act
    const settings = await monitoringWith(new MemoryConfig()).getSettings();

    // Assess
    expect(settings).toEqual({
      monitoring_active: true,
      update_interval_seconds: 60,
      alert_thresholds: {
        accuracy_threshold: 0.7,
        response_time_threshold: 2,
        error_rate_threshold: 0.1,
        drift_threshold: 0.2,
      },
      notification_settings: { email_enabled: true, sms_enabled: true, webhook_enabled: true },
    });
  });

  it('merges a partial update: thresholds into the thresholds, one channel switch beside the others', async () => {
    // Prepare
    const config = new MemoryConfig();
    const monitoring = monitoringWith(config);
    await monitoring.putSettings({ notification_settings: { email_enabled: false } });

    // Act
    const settings = await monitoring.putSettings({
      monitoring_active: false,
      alert_thresholds: { accuracy_threshold: 0.8 },
      notification_settings: { sms_enabled: false },
    });

    // Assess
    expect(settings.notification_settings).toEqual({ email_enabled: false, sms_enabled: false, webhook_enabled: true });
    expect(settings.monitoring_active).toBe(false);
    expect((await monitoring.getThresholds()).accuracy_threshold).toBe(0.8);
    expect((await monitoring.getThresholds()).min_samples).toBe(20);
  });
});

describe('notification switches', () => {
  it('leave a switched-off channel out of the notices the alert manager sends', async () => {
    // Prepare
    const config = new MemoryConfig();
    const history = new MemoryHistory();
    await config.put('settings', {
      notification_settings: { email_enabled: false, sms_enabled: true, webhook_enabled: true },
    });
    await config.put('alert_rules', { rules: [alertRule()] });
    const manager = createAlertManager({
      store: new MemoryAlerting(),
      history,
      publisher: history,
      config,
      clock: new FixedClock(T0),
      ids: counterIds(),
    });

    // Act
    const { notices } = await manager.evaluate('m', { accuracy: 0.5 });

    // Assess
    expect(notices[0]?.channels).toEqual(['sms', 'webhook']);
    expect(history.published[0]?.channels).toEqual(['sms', 'webhook']);
  });

  it('keep the webhook notifier from posting a notice whose webhook channel is off', async () => {
    // Prepare
    const calls: string[] = [];
    const notifier = createWebhookNotifier({
      urls: ['http://a/hook'],
      history: new MemoryHistory(),
      config: new MemoryConfig(),
      http: { post: async (url) => Promise.resolve((calls.push(url), { status: 204 })) },
      clock: new FixedClock(T0),
    });
    const notice: Notice = {
      notice_id: 'n1',
      model_name: 'm',
      audience: 'primary',
      severity: 'critical',
      state: 'firing',
      title: 't',
      alerts: [],
      created_at: new Date(T0).toISOString(),
    };

    // Act
    const off = await notifier.deliver({ ...notice, channels: ['email'] }, 1);
    const on = await notifier.deliver({ ...notice, notice_id: 'n2', channels: ['webhook'] }, 1);

    // Assess
    expect([off, on]).toEqual([{ failed: [] }, { failed: [] }]);
    expect(calls).toEqual(['http://a/hook']);
  });
});

describe('monitoring_active off', () => {
  it('makes the scheduled drift scan do nothing', async () => {
    // Prepare
    const config = new MemoryConfig();
    const models = new MemoryModels();
    await models.createIfAbsent({ model_name: 'm', task_type: 'classification', created_at: 'x' });
    await config.put('settings', { monitoring_active: false });
    const drift = createDriftService({
      models,
      history: new MemoryPredictions(),
      performance: { of: async () => Promise.resolve(null) },
      config,
      retrain: new MemoryRetrain(),
      clock: new FixedClock(T0),
    });

    // Act
    const result = await drift.scanAll();

    // Assess
    expect(result).toEqual({ scanned: 0, failed: [], retrain_requested: [], paused: true });
    expect((await models.get('m'))?.drift).toBeUndefined();
  });
});
