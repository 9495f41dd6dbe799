import { alertRule } from '../../support/alert-rules.ts';
import { createAlertManager, muteState, type MetricValues } from '#domain/alerting/manager.ts';
import type { AlertRule } from '#domain/alerting/types.ts';
import { ConflictError, NotFoundError } from '#domain/kernel/errors.ts';
import { counterIds, FixedClock, MemoryAlerting, MemoryConfig, MemoryHistory } from '../../support/in-memory.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z'); // a Monday

const rule = alertRule;

async function setup(rules: AlertRule[], settings: Record<string, unknown> = {}) {
  const store = new MemoryAlerting();
  const history = new MemoryHistory();
  const config = new MemoryConfig();
  const clock = new FixedClock(T0);
  await config.put('alert_rules', { rules });
  await config.put('alerting', settings);
  const manager = createAlertManager({ store, history, publisher: history, config, clock, ids: counterIds() });
  const at = async (seconds: number, metrics: MetricValues, model = 'm') => {
    clock.time = T0 + seconds * 1000;
    return manager.evaluate(model, metrics);
  };
  return { store, history, config, clock, manager, at };
}

describe('AlertManager lifecycle', () => {
  it('fires at once without a duration and sends a resolved notice when the condition clears', async () => {
    // Prepare
    const { at, history } = await setup([rule()]);

    // Act
    const fired = await at(0, { accuracy: 0.5 });
    const still = await at(60, { accuracy: 0.55 });
    const cleared = await at(120, { accuracy: 0.9 });

    // Assess
    expect(fired.notices).toHaveLength(1);
    expect(fired.notices[0]).toMatchObject({
      model_name: 'm',
      severity: 'critical',
      state: 'firing',
      audience: 'primary',
      alerts: [{ rule: 'accuracy_low', kind: 'new', value: 0.5 }],
    });
    expect(still.notices).toHaveLength(0);
    expect(cleared.notices[0]).toMatchObject({ state: 'resolved', alerts: [{ kind: 'resolved', state: 'resolved' }] });
    const [record] = [...history.records.values()];
    expect(record).toMatchObject({
      state: 'resolved',
      fired_at: '2026-03-02T10:00:00.000Z',
      resolved_at: '2026-03-02T10:02:00.000Z',
      notifications: 1,
    });
  });

  it('stays pending until the condition has held for the duration, and asks to be woken then', async () => {
    // Prepare
    const { at } = await setup([rule({ for_seconds: 300 })]);

    // Act
    const first = await at(0, { accuracy: 0.5 });
    const early = await at(200, { accuracy: 0.5 });
    const due = await at(300, { accuracy: 0.5 });

    // Assess
    expect(first.instances[0]?.state).toBe('pending');
    expect(first.notices).toHaveLength(0);
    expect(first.nextEvaluationInSeconds).toBe(300);
    expect(early.nextEvaluationInSeconds).toBe(100);
    expect(due.notices[0]?.alerts[0]).toMatchObject({ kind: 'new', state: 'firing' });
  });

  it('drops a pending alert silently when the condition clears before the duration', async () => {
    const { at } = await setup([rule({ for_seconds: 300 })]);
    await at(0, { accuracy: 0.5 });
    const cleared = await at(100, { accuracy: 0.9 });
    expect(cleared.notices).toHaveLength(0);
    expect(cleared.instances[0]?.state).toBe('resolved');
  });

  it('holds the state when the metric has no value (too few samples)', async () => {
    const { at } = await setup([rule()]);
    await at(0, { accuracy: 0.5 });
    const held = await at(60, { accuracy: null });
    expect(held.instances).toHaveLength(0);
    expect(held.notices).toHaveLength(0);
  });

  it('groups several rules of one model into one notice with the highest severity', async () => {
    // Prepare
    const { at } = await setup([
      rule(),
      rule({ name: 'slow', metric: 'response_time', comparison: '>', threshold: 2, severity: 'warning' }),
    ]);

    // Act
    const out = await at(0, { accuracy: 0.5, response_time: 3 });

    // Assess
    expect(out.notices).toHaveLength(1);
    expect(out.notices[0]?.severity).toBe('critical');
    expect(out.notices[0]?.alerts.map((a) => a.rule).sort()).toEqual(['accuracy_low', 'slow']);
  });

  it('inhibits a warning while a critical alert on the same metric fires', async () => {
    const { at } = await setup([rule(), rule({ name: 'accuracy_warn', threshold: 0.77, severity: 'warning' })]);
    const out = await at(0, { accuracy: 0.5 });
    expect(out.notices[0]?.alerts.map((a) => a.rule)).toEqual(['accuracy_low']);
    expect(out.instances.find((i) => i.rule === 'accuracy_warn')?.suppressed).toBe('inhibited');
  });

  it('does not re-notify a flapping alert within the dedup window, and does after it', async () => {
    // Prepare
    const { at } = await setup([rule()], { dedup_window_seconds: 300 });
    await at(0, { accuracy: 0.5 });
    await at(60, { accuracy: 0.9 });

    // Act
    const flap = await at(120, { accuracy: 0.5 });
    const flapResolved = await at(180, { accuracy: 0.9 });
    const later = await at(700, { accuracy: 0.5 });

    // Assess
    expect(flap.notices).toHaveLength(0);
    expect(flap.instances[0]?.suppressed).toBe('deduplicated');
    expect(flapResolved.notices).toHaveLength(0);
    expect(later.notices[0]?.alerts[0]?.kind).toBe('new');
  });

  it('repeats an unacknowledged firing alert every repeat interval, and not once acknowledged', async () => {
    // Prepare
    const { at, manager } = await setup([rule()], { repeat_interval_seconds: 3600, escalate_after_seconds: 0 });
    const fired = await at(0, { accuracy: 0.5 });

    // Act
    const before = await at(1800, { accuracy: 0.5 });
    const repeat = await at(3600, { accuracy: 0.5 });
    await manager.acknowledge(fired.instances[0]!.alert_id, 'alice');
    const afterAck = await at(7300, { accuracy: 0.5 });

    // Assess
    expect(before.notices).toHaveLength(0);
    expect(before.nextEvaluationInSeconds).toBe(1800);
    expect(repeat.notices[0]?.alerts[0]?.kind).toBe('repeat');
    expect(afterAck.notices).toHaveLength(0);
  });

  it('escalates an unacknowledged alert to the escalation audience once', async () => {
    const { at } = await setup([rule()], { escalate_after_seconds: 1800, repeat_interval_seconds: 14_400 });
    await at(0, { accuracy: 0.5 });
    const escalated = await at(1800, { accuracy: 0.5 });
    const again = await at(2400, { accuracy: 0.5 });
    expect(escalated.notices).toEqual([
      expect.objectContaining({
        audience: 'escalation',
        severity: 'critical',
        alerts: [expect.objectContaining({ kind: 'escalation' })],
      }),
    ]);
    expect(again.notices).toHaveLength(0);
  });

  it('sends nothing for a silenced alert but still records it', async () => {
    // Prepare
    const { at, store, history } = await setup([rule()]);
    await store.putSilence({
      silence_id: 's1',
      matchers: { model_name: 'm' },
      starts_at: new Date(T0 - 1000).toISOString(),
      ends_at: new Date(T0 + 3600_000).toISOString(),
      comment: 'deploy',
      created_by: 'bob',
      created_at: new Date(T0).toISOString(),
    });

    // Act
    const silenced = await at(0, { accuracy: 0.5 });
    const otherModel = await at(10, { accuracy: 0.5 }, 'other');

    // Assess
    expect(silenced.notices).toHaveLength(0);
    expect([...history.records.values()].find((r) => r.model_name === 'm')).toMatchObject({
      state: 'firing',
      suppressed: 'silenced',
    });
    expect(otherModel.notices).toHaveLength(1);
  });

  it('holds notices during a mute window and sends them when it ends', async () => {
    // Prepare: Monday 10:00-10:30 UTC is muted
    const { at } = await setup([rule()], {
      mute_windows: [{ name: 'batch', days: [1], start: '10:00', end: '10:30' }],
    });

    // Act
    const muted = await at(0, { accuracy: 0.5 });
    const after = await at(1800, { accuracy: 0.5 });

    // Assess
    expect(muted.notices).toHaveLength(0);
    expect(muted.nextEvaluationInSeconds).toBe(1800);
    expect(after.notices[0]?.alerts[0]?.kind).toBe('new');
  });

  it('lets only one of two racing evaluations notify', async () => {
    const { manager, history } = await setup([rule()]);
    await Promise.all([manager.evaluate('m', { accuracy: 0.5 }), manager.evaluate('m', { accuracy: 0.5 })]);
    expect(history.published).toHaveLength(1);
  });

  it('applies a rule scoped by model_name only to that model', async () => {
    const { at } = await setup([rule({ labels: { model_name: 'fraud' } })]);
    expect((await at(0, { accuracy: 0.1 }, 'churn')).notices).toHaveLength(0);
    expect((await at(0, { accuracy: 0.1 }, 'fraud')).notices).toHaveLength(1);
  });

  it('scopes a rule and a silence to one service, and names the scope in the notice', async () => {
    // Prepare
    const anomaly = rule({ name: 'anomaly', metric: 'anomaly_score', comparison: '>=', threshold: 0.8, labels: {} });
    const { at, store } = await setup([
      anomaly,
      { ...anomaly, name: 'checkout_only', labels: { service: 'checkout' } },
    ]);
    await store.putSilence({
      silence_id: 's1',
      matchers: { service: 'search' },
      starts_at: new Date(T0 - 1000).toISOString(),
      ends_at: new Date(T0 + 3600_000).toISOString(),
      comment: 'reindexing',
      created_by: 'bob',
      created_at: new Date(T0).toISOString(),
    });

    // Act
    const checkout = await at(0, { anomaly_score: 0.9 }, 'service:checkout');
    const search = await at(0, { anomaly_score: 0.9 }, 'service:search');
    const model = await at(0, { anomaly_score: 0.9 }, 'search');

    // Assess
    expect(checkout.notices.map((n) => [n.scope, n.service, n.alerts.map((a) => a.rule)])).toEqual([
      ['service', 'checkout', ['anomaly', 'checkout_only']],
    ]);
    expect(search.notices).toEqual([]);
    expect(model.notices.map((n) => [n.scope, n.service, n.model_name])).toEqual([['model', undefined, 'search']]);
  });

  it('refuses to acknowledge an unknown or resolved alert', async () => {
    const { at, manager } = await setup([rule()]);
    await expect(manager.acknowledge('nope', 'x')).rejects.toBeInstanceOf(NotFoundError);
    const fired = await at(0, { accuracy: 0.5 });
    await at(60, { accuracy: 0.9 });
    await expect(manager.acknowledge(fired.instances[0]!.alert_id, 'x')).rejects.toBeInstanceOf(ConflictError);
  });

  it('uses the seed thresholds as default rules until rules are customised', async () => {
    // Prepare
    const { manager, config } = await setup([]);
    config.docs.delete('alert_rules');
    await config.put('thresholds', { accuracy_threshold: 0.8 });

    // Act
    const { rules, customized } = await manager.rules();

    // Assess
    expect(customized).toBe(false);
    expect(rules.find((r) => r.name === 'accuracy_low_critical')).toMatchObject({
      threshold: 0.8,
      comparison: '<',
      severity: 'critical',
    });
    expect(rules.find((r) => r.name === 'accuracy_low_warning')?.threshold).toBeCloseTo(0.88);
    expect(rules.map((r) => r.metric)).toEqual(
      expect.arrayContaining(['estimated_accuracy', 'response_time', 'error_rate', 'drift_score']),
    );
  });
});

describe('muteState', () => {
  it('handles windows that wrap past midnight', () => {
    const windows = [{ name: 'night', days: [1], start: '23:00', end: '02:00' }];
    expect(muteState(windows, Date.parse('2026-03-02T23:30:00Z')).muted).toBe(true);
    expect(muteState(windows, Date.parse('2026-03-03T01:00:00Z')).muted).toBe(true);
    expect(muteState(windows, Date.parse('2026-03-03T02:00:00Z')).muted).toBe(false);
    expect(muteState(windows, Date.parse('2026-03-03T23:30:00Z')).muted).toBe(false);
  });
});
