import { alertRule } from '../../support/alert-rules.ts';
import {
  advanceInstance,
  decideNotice,
  groupNotices,
  isUnchanged,
  type Change,
  type NoticeContext,
} from '#domain/alerting/evaluation.ts';
import type { AlertInstance, AlertRule } from '#domain/alerting/types.ts';
import { DEFAULT_ALERTING_SETTINGS } from '#domain/alerting/types.ts';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const rule = alertRule;
const instance = (over: Partial<AlertInstance> = {}): AlertInstance => ({
  model_name: 'm',
  rule: 'accuracy_low',
  alert_id: 'a1',
  state: 'firing',
  severity: 'critical',
  value: 0.5,
  started_at: iso(T0),
  fired_at: iso(T0),
  notifications: 1,
  last_notified_at: iso(T0),
  version: 1,
  ...over,
});
const ctx = (over: Partial<NoticeContext> = {}): NoticeContext => ({
  modelName: 'm',
  now: T0,
  settings: DEFAULT_ALERTING_SETTINGS,
  silences: [],
  mute: { muted: false },
  criticalMetrics: new Set(),
  ...over,
});

describe('advanceInstance', () => {
  it('with a recovery threshold, keeps firing until the value also clears it (separate recovery)', () => {
    // Prepare: fires at >= 0.3, resolves only below 0.1.
    const sustained = rule({ metric: 'anomaly_fraction', comparison: '>=', threshold: 0.3, recover_threshold: 0.1 });
    const fired = advanceInstance(sustained, undefined, 0.4, 's', T0, () => 'a1').value;

    // Act
    const held = advanceInstance(sustained, fired, 0.2, 's', T0 + 60_000, () => 'a2').value;
    const resolved = advanceInstance(sustained, held, 0.05, 's', T0 + 120_000, () => 'a3').value;
    const quiet = advanceInstance(sustained, undefined, 0.2, 's', T0, () => 'a4').value;

    // Assess
    expect(fired).toMatchObject({ state: 'firing', alert_id: 'a1' });
    expect(held).toMatchObject({ state: 'firing', alert_id: 'a1', value: 0.2 });
    expect(resolved).toMatchObject({ state: 'resolved', alert_id: 'a1' });
    expect(quiet).toBeUndefined();
  });

  it('opens a pending episode with a new id and says when its for_seconds is due', () => {
    // Act
    const step = advanceInstance(rule({ for_seconds: 120 }), undefined, 0.5, 'm', T0, () => 'a9');

    // Assess
    expect(step.value).toMatchObject({ alert_id: 'a9', state: 'pending', notifications: 0, version: 0 });
    expect(step.dueInSeconds).toBe(120);
  });

  it('fires a pending episode once the condition has held for for_seconds', () => {
    // Prepare
    const pending = instance({ state: 'pending', fired_at: undefined, notifications: 0 });

    // Act
    const early = advanceInstance(rule({ for_seconds: 120 }), pending, 0.4, 'm', T0 + 60_000, () => 'x');
    const late = advanceInstance(rule({ for_seconds: 120 }), pending, 0.4, 'm', T0 + 120_000, () => 'x');

    // Assess
    expect(early).toEqual({ value: { ...pending, value: 0.4 }, dueInSeconds: 60 });
    expect(late.value).toMatchObject({ state: 'firing', fired_at: iso(T0 + 120_000), alert_id: 'a1' });
  });

  it('resolves a firing episode when the condition stops, and changes nothing for a quiet rule', () => {
    // Act
    const resolved = advanceInstance(rule(), instance(), 0.9, 'm', T0 + 1000, () => 'x');
    const quiet = advanceInstance(rule(), undefined, 0.9, 'm', T0, () => 'x');

    // Assess
    expect(resolved.value).toMatchObject({ state: 'resolved', resolved_at: iso(T0 + 1000), value: 0.9 });
    expect(quiet).toEqual({ value: undefined });
  });

  it('keeps the last notice time when a resolved episode fires again (for de-duplication)', () => {
    // Act
    const step = advanceInstance(rule(), instance({ state: 'resolved', acked_at: 'x' }), 0.5, 'm', T0, () => 'a2');

    // Assess
    expect(step.value).toMatchObject({ alert_id: 'a2', last_notified_at: iso(T0), state: 'firing' });
    expect(step.value?.acked_at).toBeUndefined();
  });
});

describe('decideNotice', () => {
  const firstFiring = (): Change => ({
    rule: rule(),
    before: undefined,
    after: instance({ notifications: 0, last_notified_at: undefined }),
  });

  it('tells a newly firing alert to the primary audience', () => {
    // Act
    const step = decideNotice(firstFiring(), ctx());

    // Assess
    expect(step.value).toMatchObject({ kind: 'new', audience: 'primary', after: { notifications: 1 } });
  });

  it('drops it when silenced, inhibits a warning under a critical on the same metric, and holds it in a mute window', () => {
    // Prepare
    const silence = {
      silence_id: 's',
      matchers: { model_name: 'm' },
      starts_at: iso(T0 - 1000),
      ends_at: iso(T0 + 1000),
      comment: 'c',
      created_by: 'u',
      created_at: iso(T0),
    };
    const warning: Change = { ...firstFiring(), rule: rule({ severity: 'warning' }) };

    // Act
    const silenced = decideNotice(firstFiring(), ctx({ silences: [silence] }));
    const inhibited = decideNotice(warning, ctx({ criticalMetrics: new Set(['accuracy']) }));
    const muted = decideNotice(firstFiring(), ctx({ mute: { muted: true, endsInSeconds: 600 } }));

    // Assess
    expect(silenced.value.after.suppressed).toBe('silenced');
    expect(inhibited.value.after.suppressed).toBe('inhibited');
    expect(muted).toMatchObject({ value: { after: { suppressed: 'muted' } }, dueInSeconds: 600 });
    expect([silenced, inhibited, muted].map((s) => s.value.kind)).toEqual([undefined, undefined, undefined]);
  });

  it('de-duplicates a re-fire within the window after a notified episode', () => {
    // Prepare
    const change: Change = {
      rule: rule(),
      before: instance({ state: 'resolved' }),
      after: instance({ alert_id: 'a2', notifications: 0, last_notified_at: iso(T0) }),
    };

    // Act
    const step = decideNotice(change, ctx({ now: T0 + 60_000 }));

    // Assess
    expect(step.value.after).toMatchObject({ suppressed: 'deduplicated', notifications: 1 });
    expect(step.value.kind).toBeUndefined();
  });

  it('escalates an unacknowledged alert, repeats it, and says when the next is due', () => {
    // Prepare
    const firing = (): Change => ({ rule: rule(), before: instance(), after: instance() });
    const settings = { ...DEFAULT_ALERTING_SETTINGS, escalate_after_seconds: 3600, repeat_interval_seconds: 1800 };

    // Act
    const soon = decideNotice(firing(), ctx({ settings, now: T0 + 600_000 }));
    const repeat = decideNotice(firing(), ctx({ settings, now: T0 + 1_800_000 }));
    const escalate = decideNotice(firing(), ctx({ settings, now: T0 + 3_600_000 }));
    const acked = decideNotice(
      { rule: rule(), before: instance(), after: instance({ acked_at: iso(T0) }) },
      ctx({ settings, now: T0 + 3_600_000 }),
    );

    // Assess
    expect(soon).toMatchObject({ dueInSeconds: 1200 });
    expect(soon.value.kind).toBeUndefined();
    expect(repeat.value).toMatchObject({ kind: 'repeat', audience: 'primary', after: { notifications: 2 } });
    expect(escalate.value).toMatchObject({ kind: 'escalation', audience: 'escalation' });
    expect(acked.value.kind).toBeUndefined();
  });

  it('tells a resolution only when its firing was told', () => {
    // Prepare
    const resolved = (before: AlertInstance): Change => ({
      rule: rule(),
      before,
      after: { ...before, state: 'resolved', resolved_at: iso(T0) },
    });

    // Act
    const told = decideNotice(resolved(instance()), ctx());
    const untold = decideNotice(resolved(instance({ notifications: 1, suppressed: 'deduplicated' })), ctx());

    // Assess
    expect(told.value).toMatchObject({ kind: 'resolved', audience: 'primary' });
    expect(untold.value.kind).toBeUndefined();
  });
});

describe('groupNotices', () => {
  it('sends one notice per audience at the highest severity, firing if any alert fires', () => {
    // Prepare
    const changes: Change[] = [
      {
        rule: rule({ name: 'a', severity: 'warning' }),
        before: undefined,
        after: instance({ rule: 'a' }),
        kind: 'new',
        audience: 'primary',
      },
      {
        rule: rule({ name: 'b' }),
        before: instance(),
        after: instance({ rule: 'b', state: 'resolved' }),
        kind: 'resolved',
        audience: 'primary',
      },
      {
        rule: rule({ name: 'c' }),
        before: instance(),
        after: instance({ rule: 'c' }),
        kind: 'escalation',
        audience: 'escalation',
      },
      { rule: rule({ name: 'd' }), before: instance(), after: instance({ rule: 'd' }) },
    ];
    let n = 0;

    // Act
    const notices = groupNotices(changes, 'm', T0, () => `n${++n}`);

    // Assess
    expect(notices.map((x) => [x.notice_id, x.audience, x.severity, x.state, x.alerts.length])).toEqual([
      ['n1', 'primary', 'critical', 'firing', 2],
      ['n2', 'escalation', 'critical', 'firing', 1],
    ]);
    expect(notices[0]?.title).toBe('[CRITICAL] m: a');
    expect(notices[1]?.title).toContain('(escalated: unacknowledged)');
  });

  it("puts the evaluator's sentence into a firing alert and its title, never into a resolved one", () => {
    // Prepare
    const changes: Change[] = [
      {
        rule: rule({ name: 'forecast_breach', metric: 'hours_to_breach', severity: 'warning' }),
        before: undefined,
        after: instance({ rule: 'forecast_breach' }),
        kind: 'new',
        audience: 'primary',
      },
    ];
    const sentence = 'cpu expected to cross 90 % at 14:20 UTC (in 3 h 10 min)';

    // Act
    const [firing] = groupNotices(changes, 'service:web', T0, () => 'n', undefined, { hours_to_breach: sentence });
    const resolved = groupNotices(
      [{ ...changes[0], after: instance({ rule: 'forecast_breach', state: 'resolved' }), kind: 'resolved' } as Change],
      'service:web',
      T0,
      () => 'n',
      undefined,
      { hours_to_breach: sentence },
    );

    // Assess
    expect(firing?.title).toBe(`[WARNING] service:web: forecast_breach: ${sentence}`);
    expect(firing?.alerts[0]?.detail).toBe(sentence);
    expect(resolved[0]?.title).toBe('[RESOLVED] service:web: forecast_breach');
    expect(resolved[0]?.alerts[0]?.detail).toBeUndefined();
  });

  it('sends nothing when nothing is told', () => {
    // Assess
    expect(groupNotices([{ rule: rule(), before: undefined, after: instance() }], 'm', T0, () => 'n')).toEqual([]);
  });
});

describe('isUnchanged', () => {
  it('ignores a change of the observed value alone', () => {
    // Assess
    expect(isUnchanged({ rule: rule(), before: instance(), after: instance({ value: 0.3 }) })).toBe(true);
    expect(isUnchanged({ rule: rule(), before: instance(), after: instance({ notifications: 2 }) })).toBe(false);
    expect(isUnchanged({ rule: rule(), before: undefined, after: instance() })).toBe(false);
  });
});

describe('comparisons and actions', () => {
  it('fires on == and != conditions', () => {
    // Act
    const equal = advanceInstance(rule({ comparison: '==', threshold: 0 }), undefined, 0, 'm', T0, () => 'a');
    const unequal = advanceInstance(rule({ comparison: '!=', threshold: 0 }), undefined, 0, 'm', T0, () => 'b');

    // Assess
    expect(equal.value?.state).toBe('firing');
    expect(unequal.value).toBeUndefined();
  });

  it("routes a notice to the channels its rules' actions name, within the switches that are on", () => {
    // Prepare
    const told = (actions: AlertRule['actions']): Change => ({
      rule: rule({ actions }),
      before: undefined,
      after: instance(),
      kind: 'new',
      audience: 'primary',
    });

    // Act
    const bySlack = groupNotices([told([{ type: 'slack', target: 'https://hooks/x' }])], 'm', T0, () => 'n1');
    const byEmailSmsOff = groupNotices(
      [
        told([
          { type: 'email', target: 'ops@x' },
          { type: 'sms', target: '+1' },
        ]),
      ],
      'm',
      T0,
      () => 'n2',
      ['email', 'webhook'],
    );
    const noActions = groupNotices([told([])], 'm', T0, () => 'n3', ['sms']);

    // Assess
    expect(bySlack[0]?.channels).toEqual(['webhook']);
    expect(byEmailSmsOff[0]?.channels).toEqual(['email']);
    expect(noActions[0]?.channels).toEqual(['sms']);
  });
});
