import { createIncidents } from '#domain/incidents/incidents.ts';
import { buildInsight, citedSentences } from '#domain/incidents/insight.ts';
import type { AlertSignal } from '#domain/incidents/types.ts';
import { MemoryIncidents, MemorySignals } from '../../support/in-memory-incidents.ts';

const T0 = Date.parse('2026-11-24T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function alert(id: string, over: Partial<AlertSignal> = {}): AlertSignal {
  return {
    alert_id: id,
    model_name: 'fraud_detector',
    rule: 'accuracy_low_critical',
    metric: 'accuracy',
    comparison: '<',
    threshold: 0.7,
    severity: 'critical',
    state: 'firing',
    value: 0.55,
    title: 'accuracy below 0.7',
    started_at: at(0),
    fired_at: at(0),
    ...over,
  };
}

function setup(now = T0 + 30 * 60_000) {
  const signals = new MemorySignals();
  const store = new MemoryIncidents();
  let clock = now;
  let n = 0;
  const incidents = createIncidents({
    store,
    signals,
    clock: { now: () => clock },
    ids: { next: (p) => `${p}_${++n}` },
  });
  return { signals, store, incidents, setNow: (t: number) => (clock = t) };
}

describe('incidents', () => {
  it('opens one incident per scope from critical alerts, attaches later ones, ignores warnings, and resolves with its alerts', async () => {
    const { signals, incidents } = setup();
    signals.alertList = [
      alert('a1'),
      alert('a2', { started_at: at(5), rule: 'drift_high_critical', metric: 'drift_score' }),
      alert('w1', { severity: 'warning' }),
      alert('p1', { model_name: 'probe:checkout', rule: 'probe_down', metric: 'probe_failing', title: 'probe down' }),
    ];
    expect(await incidents.sync()).toEqual({ opened: 2, attached: 1, resolved: 0 });
    expect(await incidents.sync()).toEqual({ opened: 0, attached: 0, resolved: 0 });
    const list = await incidents.list('open');
    expect(list.map((i) => [i.scope, i.level, i.alert_ids])).toEqual(
      expect.arrayContaining([
        ['fraud_detector', 'L2', ['a1', 'a2']],
        ['probe:checkout', 'L1', ['p1']],
      ]),
    );
    const l1 = list.find((i) => i.level === 'L1');
    expect(l1).toMatchObject({ recovery_target_minutes: 15, overdue: true, duration_minutes: 30 });

    signals.alertList = signals.alertList.map((a) =>
      a.model_name === 'fraud_detector' ? { ...a, state: 'resolved', resolved_at: at(40) } : a,
    );
    expect((await incidents.sync()).resolved).toBe(1);
    const [metrics] = (await incidents.metrics()).filter((m) => m.scope === 'fraud_detector');
    expect(metrics).toMatchObject({ incidents: 1, open: 0, mttr_minutes: 40, mtbf_hours: null, within_target: 1 });
  });

  it('keeps a timeline of alerts, acknowledgements, deploys, changes and notes, and writes the post-mortem in the manual sections', async () => {
    const { signals, incidents } = setup();
    signals.alertList = [alert('a1', { acked_at: at(3), acked_by: 'bob' })];
    signals.deployList = [
      { notice_id: 'n1', model_name: 'fraud_detector', at: at(-60), outcome: 'deployed', version: 'v7' },
    ];
    signals.changeList = [
      { seq: 12, at: at(-10), subject: 'carol', route: 'putThresholds', target: 'fraud_detector', outcome: 'success' },
    ];
    await incidents.sync();
    const [open] = await incidents.list();
    await incidents.update(
      open?.incident_id ?? '',
      { note: 'rolled back to v6', action_items: [{ item: 'alert on drift sooner', owner: 'dana' }] },
      'bob',
    );
    const timeline = await incidents.timeline(open?.incident_id ?? '');
    expect(timeline.map((l) => l.kind)).toEqual(['deploy', 'change', 'incident', 'alert', 'acknowledged', 'note']);
    expect(timeline.find((l) => l.kind === 'change')?.evidence).toBe('audit:12');
    const md = await incidents.postmortem(open?.incident_id ?? '');
    for (const heading of [
      '장애 개요 및 영향도',
      '장애 타임라인',
      '기술적 원인 분석',
      '대응 과정 및 소요 시간',
      '재발 방지 대책',
      '액션 아이템 및 담당자',
    ])
      expect(md).toContain(`## ${heading}`);
    expect(md).toContain('| alert on drift sooner | dana |');
    expect(md).toMatch(/\*\*LIKELY\*\*: The champion deployed at/);
  });
});

describe('the insight', () => {
  it('grades by evidence: CONFIRMED drift with an accuracy drop, LIKELY deploy and change, and says what it cannot explain', () => {
    const insight = buildInsight({
      scope: 'fraud_detector',
      anchors: [alert('a1')],
      related: [
        alert('d1', { metric: 'drift_score', rule: 'drift_high_critical', title: 'drift', started_at: at(-2) }),
      ],
      anomalies: [],
      changes: [
        { seq: 3, at: at(-20), subject: 'carol', route: 'putThresholds', target: 'fraud_detector', outcome: 'success' },
        { seq: 4, at: at(-15), subject: 'carol', route: 'putAlertRules', target: 'other_model', outcome: 'success' },
      ],
      deploys: [{ notice_id: 'n1', model_name: 'fraud_detector', at: at(-90), outcome: 'deployed', version: 'v7' }],
      now: T0 + 600_000,
    });
    const grade = (s: RegExp) => insight.hypotheses.find((h) => s.test(h.statement))?.grade;
    expect(grade(/drifted/)).toBe('CONFIRMED');
    expect(grade(/champion deployed/)).toBe('LIKELY');
    expect(grade(/A change to fraud_detector/)).toBe('LIKELY');
    expect(insight.summary[0]).toMatch(
      /^fraud_detector: accuracy below 0\.7, since 2026-11-24 10:00 UTC; 1 still firing \[E1\]\.$/,
    );
    // The change to another model is evidence nothing attributes: it shows in the unattributed share.
    expect(insight.attribution).toEqual({ signals: 4, attributed: 3, unattributed_share: 0.25 });
  });

  it('answers INCONCLUSIVE, not a guess, when no evidence points anywhere', () => {
    const insight = buildInsight({
      scope: 'service:search',
      anchors: [alert('a1', { model_name: 'service:search' })],
      related: [],
      anomalies: [],
      changes: [],
      deploys: [],
      now: T0,
    });
    expect(insight.hypotheses).toEqual([
      expect.objectContaining({ grade: 'INCONCLUSIVE', statement: 'No cause is shown by the evidence', evidence: [] }),
    ]);
  });

  it('confirms a provider outage when most calls fail', () => {
    const insight = buildInsight({
      scope: 'llm:openai/gpt-4o',
      anchors: [
        alert('e', { model_name: 'llm:openai/gpt-4o', metric: 'llm_error_rate', value: 0.8, rule: 'llm_errors' }),
      ],
      related: [],
      anomalies: [],
      changes: [],
      deploys: [],
      now: T0,
    });
    expect(insight.hypotheses[0]).toMatchObject({
      grade: 'CONFIRMED',
      statement: 'The provider behind openai/gpt-4o is failing calls',
      evidence: ['E1'],
    });
  });

  it('drops every sentence of a narrative that cites nothing or cites evidence it was not given', () => {
    const text =
      'The root cause is a cosmic ray flipping a bit in the model. Accuracy fell below 0.7 at 10:00 [E1]. The database was overloaded [E9]. Drift preceded it [E2][E1]! Therefore engineers should reboot everything.';
    const { sentences, dropped } = citedSentences(text, new Set(['E1', 'E2']));
    expect(sentences).toEqual(['Accuracy fell below 0.7 at 10:00 [E1].', 'Drift preceded it [E2][E1]!']);
    expect(dropped).toBe(3);
  });

  it('shows 0 uncited claims when the narrator invents a cause, and the deterministic insight alone without one', async () => {
    const { signals, incidents } = setup();
    signals.alertList = [alert('a1')];
    const narrating = createIncidents({
      store: new MemoryIncidents(),
      signals,
      clock: { now: () => T0 + 60_000 },
      ids: { next: (p) => `${p}_1` },
      narrator: () =>
        Promise.resolve({
          name: 'writer',
          narrator: {
            narrate: () =>
              Promise.resolve('A hacker did it. Accuracy is below its threshold [E1]. Memory leaked [E7].'),
          },
        }),
    });
    const insight = await narrating.alertInsight('a1');
    expect(insight.narrative).toEqual({
      model: 'writer',
      sentences: ['Accuracy is below its threshold [E1].'],
      dropped: 2,
    });
    const ids = new Set(insight.evidence.map((e) => e.id));
    for (const s of insight.narrative?.sentences ?? [])
      expect([...s.matchAll(/\[(E\d+)\]/g)].every((m) => ids.has(m[1] ?? ''))).toBe(true);
    expect((await incidents.alertInsight('a1')).narrative).toBeNull();
  });
});
