import type { AlertSignal, AnomalySignal, ChangeSignal, DeploySignal } from './types.ts';

export const GRADES = ['CONFIRMED', 'LIKELY', 'INCONCLUSIVE'] as const;
export type Grade = (typeof GRADES)[number];

/** One piece of evidence, numbered for citation (`E1`), with where to read it. */
export interface Evidence {
  readonly id: string;
  /** `alert:<id>`, `anomaly:<id>`, `audit:<seq>`, `notice:<id>`. */
  readonly ref: string;
  readonly kind: 'alert' | 'related_alert' | 'anomaly' | 'change' | 'deploy';
  readonly at: string;
  readonly text: string;
  /** The API path that shows it. */
  readonly link: string;
}

export interface Hypothesis {
  readonly statement: string;
  readonly grade: Grade;
  /** The evidence ids it rests on (none for INCONCLUSIVE without a candidate). */
  readonly evidence: readonly string[];
  readonly reasoning: string;
}

export interface Narrative {
  readonly model: string;
  /** Only sentences that cite evidence given to the model, each with its citations. */
  readonly sentences: readonly string[];
  /** Sentences dropped for citing nothing, or evidence it was not given. */
  readonly dropped: number;
}

export interface Insight {
  readonly scope: string;
  /** What happened and since when, in one sentence with its citations. */
  readonly summary: readonly string[];
  readonly evidence: readonly Evidence[];
  readonly hypotheses: readonly Hypothesis[];
  /** How much of the related evidence the hypotheses explain ("a tool that always finds an offender..."). */
  readonly attribution: { readonly signals: number; readonly attributed: number; readonly unattributed_share: number };
  readonly narrative: Narrative | null;
  readonly generated_at: string;
}

export interface InsightInput {
  readonly scope: string;
  /** The alerts the insight is about (an incident's, or one). */
  readonly anchors: readonly AlertSignal[];
  readonly related: readonly AlertSignal[];
  readonly anomalies: readonly AnomalySignal[];
  readonly changes: readonly ChangeSignal[];
  readonly deploys: readonly DeploySignal[];
  readonly now: number;
}

const MINUTE = 60_000;
const t = (iso: string) => Date.parse(iso);
const hhmm = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const cite = (ids: readonly string[]) => ids.map((i) => `[${i}]`).join('');

/**
 * The deterministic insight: evidence numbered for citation, a summary built only from it, and
 * hypotheses graded by rules that code settles (Rootly's guard rails): CONFIRMED only on
 * decisive evidence, LIKELY on a coincidence in time with a plausible mechanism, and
 * INCONCLUSIVE when nothing explains the alert, rather than a guess.
 */
export function buildInsight(input: InsightInput): Omit<Insight, 'narrative'> {
  const evidence: Evidence[] = [];
  const add = (e: Omit<Evidence, 'id'>): string => {
    const id = `E${evidence.length + 1}`;
    evidence.push({ ...e, id });
    return id;
  };
  const anchorIds = input.anchors.map((a) =>
    add({
      ref: `alert:${a.alert_id}`,
      kind: 'alert',
      at: a.started_at,
      text: `${a.title}: ${a.metric} ${a.comparison} ${a.threshold} (value ${a.value}, ${a.severity}, ${a.state})`,
      link: `/api/ai/monitoring/alerts/${encodeURIComponent(a.alert_id)}`,
    }),
  );
  const start = Math.min(...input.anchors.map((a) => t(a.started_at)), input.now);
  const relatedIds = input.related.map((a) =>
    add({
      ref: `alert:${a.alert_id}`,
      kind: 'related_alert',
      at: a.started_at,
      text: `${a.model_name}: ${a.title} (${a.metric} ${a.value}, ${a.severity})`,
      link: `/api/ai/monitoring/alerts/${encodeURIComponent(a.alert_id)}`,
    }),
  );
  const anomalyIds = input.anomalies.map((a) => ({
    a,
    id: add({
      ref: `anomaly:${a.anomaly_id}`,
      kind: 'anomaly',
      at: a.detected_at,
      text: `${a.service} ${a.metric} ${a.type} (${a.severity}): ${a.explanation}`,
      link: `/api/plugin-ai-analytics/anomalies-history/${encodeURIComponent(a.service)}`,
    }),
  }));
  const changeIds = input.changes.map((c) => ({
    c,
    id: add({
      ref: `audit:${c.seq}`,
      kind: 'change',
      at: c.at,
      text: `${c.subject} ran ${c.route} on ${c.target || '(no target)'}`,
      link: `/api/v1/aiops/audit?before=${c.seq + 1}&limit=1`,
    }),
  }));
  const deployIds = input.deploys.map((d) => ({
    d,
    id: add({
      ref: `notice:${d.notice_id}`,
      kind: 'deploy',
      at: d.at,
      text: `retrain of ${d.model_name}: ${d.outcome}${d.version !== null ? ` (version ${d.version})` : ''}`,
      link: `/api/ai/monitoring/notifications?model_name=${encodeURIComponent(d.model_name)}`,
    }),
  }));

  const first = input.anchors[0];
  const firing = input.anchors.filter((a) => a.state === 'firing').length;
  const summary =
    first === undefined
      ? []
      : [
          `${input.scope}: ${input.anchors.length === 1 ? first.title : `${input.anchors.length} alerts, first ${first.title}`}, since ${hhmm(new Date(start).toISOString())}; ${firing} still firing ${cite(anchorIds)}.`,
          ...(relatedIds.length > 0
            ? [
                `${relatedIds.length} other alert${relatedIds.length === 1 ? '' : 's'} started within 30 minutes of it ${cite(relatedIds)}.`,
              ]
            : []),
          ...(anomalyIds.length > 0
            ? [
                `${anomalyIds.length} anomal${anomalyIds.length === 1 ? 'y' : 'ies'} of the service in the window ${cite(anomalyIds.map((x) => x.id))}.`,
              ]
            : []),
        ];

  const hypotheses: Hypothesis[] = [];
  const anchorMetrics = new Set(input.anchors.map((a) => a.metric));
  const scopeName = input.scope.replace(/^[a-z_]+:/, '');

  // A provider failing most calls is decisive.
  const llmErrors = input.anchors.filter((a) => a.metric === 'llm_error_rate' || a.metric === 'slo_burn_fast');
  if (llmErrors.length > 0) {
    const worst = Math.max(...input.anchors.filter((a) => a.metric === 'llm_error_rate').map((a) => a.value), 0);
    hypotheses.push({
      statement: `The provider behind ${scopeName} is failing calls`,
      grade: worst >= 0.5 ? 'CONFIRMED' : 'LIKELY',
      evidence: llmErrors.map((a) => anchorIds[input.anchors.indexOf(a)] ?? ''),
      reasoning:
        worst >= 0.5
          ? `${Math.round(worst * 100)} % of its calls in the last 5 minutes failed.`
          : 'Its error budget burns fast, but under half of its calls fail: a partial outage or a bad request pattern.',
    });
  }
  // Drift with an accuracy drop on the same model.
  const drift = [...input.anchors, ...input.related].filter(
    (a) => a.metric === 'drift_score' && a.model_name === input.scope,
  );
  if (drift.length > 0) {
    const accuracy = [...input.anchors, ...input.related].some(
      (a) => a.model_name === input.scope && (a.metric === 'accuracy' || a.metric === 'estimated_accuracy'),
    );
    hypotheses.push({
      statement: `The input data of ${scopeName} drifted from its training data`,
      grade: accuracy ? 'CONFIRMED' : 'LIKELY',
      evidence: drift.map((a) => evidence.find((e) => e.ref === `alert:${a.alert_id}`)?.id ?? ''),
      reasoning: accuracy
        ? 'Drift and an accuracy drop were both measured on this model in the window.'
        : 'Drift was measured; no accuracy drop confirms that it hurts the model yet.',
    });
  }
  // A deploy shortly before.
  const deploys = deployIds.filter(
    ({ d }) => d.outcome === 'deployed' && t(d.at) <= start && start - t(d.at) <= 6 * 60 * MINUTE,
  );
  if (deploys.length > 0) {
    const rolledBack = deployIds.some(({ d }) => d.outcome === 'rolled_back' && t(d.at) >= start);
    const resolvedAfter = input.anchors.every((a) => a.resolved_at !== undefined);
    hypotheses.push({
      statement: `The champion deployed at ${hhmm(deploys[0]?.d.at ?? '')} caused it`,
      grade: rolledBack && resolvedAfter ? 'CONFIRMED' : 'LIKELY',
      evidence: deploys.map((x) => x.id),
      reasoning:
        rolledBack && resolvedAfter
          ? 'The alerts resolved after the rollback of that deploy.'
          : 'A new champion went live within 6 hours before the first alert.',
    });
  }
  // A change through the API shortly before, about this scope.
  const changes = changeIds.filter(
    ({ c }) => c.outcome === 'success' && t(c.at) <= start + 5 * MINUTE && start - t(c.at) <= 2 * 60 * MINUTE,
  );
  const aboutScope = changes.filter(({ c }) => scopeName !== '' && c.target.includes(scopeName));
  if (aboutScope.length > 0)
    hypotheses.push({
      statement: `A change to ${scopeName} shortly before caused it`,
      grade: 'LIKELY',
      evidence: aboutScope.map((x) => x.id),
      reasoning: `${aboutScope.length} change${aboutScope.length === 1 ? '' : 's'} to it within 2 hours before the first alert.`,
    });
  else if (changes.length > 0)
    hypotheses.push({
      statement: 'A platform-wide change shortly before is related',
      grade: 'INCONCLUSIVE',
      evidence: changes.map((x) => x.id),
      reasoning: 'Changes were made within 2 hours before, none of them to this scope; nothing links them to it.',
    });
  // A traffic surge at the same time.
  const surge = anomalyIds.filter(({ a }) => /rps|traffic|request/.test(`${a.metric} ${a.type}`));
  if (surge.length > 0 && !anchorMetrics.has('rps'))
    hypotheses.push({
      statement: 'A traffic surge overloaded the service',
      grade: 'LIKELY',
      evidence: surge.map((x) => x.id),
      reasoning: 'Request volume left its expected band in the same window.',
    });
  // Several scopes at once: a shared dependency.
  const otherScopes = new Set(input.related.map((a) => a.model_name).filter((s) => s !== input.scope));
  if (otherScopes.size >= 2)
    hypotheses.push({
      statement: `A dependency shared by ${otherScopes.size + 1} scopes failed`,
      grade: 'LIKELY',
      evidence: relatedIds,
      reasoning: `${[...otherScopes].slice(0, 5).join(', ')} alerted within 30 minutes as well.`,
    });
  if (hypotheses.filter((h) => h.grade !== 'INCONCLUSIVE').length === 0)
    hypotheses.push({
      statement: 'No cause is shown by the evidence',
      grade: 'INCONCLUSIVE',
      evidence: [],
      reasoning:
        'No deploy, change to this scope, drift, provider failure or related signal was found in the window; the alert stands on its own.',
    });

  const signals = evidence.filter((e) => e.kind !== 'alert').map((e) => e.id);
  const explained = new Set(hypotheses.filter((h) => h.grade !== 'INCONCLUSIVE').flatMap((h) => h.evidence));
  const attributed = signals.filter((id) => explained.has(id)).length;
  return {
    scope: input.scope,
    summary,
    evidence,
    hypotheses,
    attribution: {
      signals: signals.length,
      attributed,
      unattributed_share:
        signals.length === 0 ? 0 : Math.round(((signals.length - attributed) / signals.length) * 1000) / 1000,
    },
    generated_at: new Date(input.now).toISOString(),
  };
}

/** The prompt a narrator gets: the evidence and the rule that every sentence cites it. */
export function narrativePrompt(insight: Omit<Insight, 'narrative'>): string {
  return [
    'You write the narrative of an operations incident for the engineers on call.',
    'Use ONLY the evidence below. End EVERY sentence with the ids of the evidence it rests on, like [E1][E3].',
    'Do not state a cause the evidence does not show. Write at most 5 sentences.',
    '',
    'INCIDENT EVIDENCE',
    ...insight.evidence.map((e) => `[${e.id}] ${e.at} ${e.kind}: ${e.text}`),
    '',
    'HYPOTHESES GRADED BY CODE',
    ...insight.hypotheses.map((h) => `${h.grade}: ${h.statement} ${cite(h.evidence)}`),
  ].join('\n');
}

/**
 * Keeps the sentences of a model's narrative that cite evidence it was given, and only those:
 * a sentence with no citation, or citing an id that does not exist, is dropped (and counted).
 */
export function citedSentences(
  text: string,
  evidenceIds: ReadonlySet<string>,
): { sentences: string[]; dropped: number } {
  const sentences = text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+(?=[^\s])|(?<=\])\s+(?=[A-Z가-힣])/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const kept: string[] = [];
  let dropped = 0;
  for (const s of sentences) {
    const cited = [...s.matchAll(/\[(E\d+)\]/g)].map((m) => m[1] ?? '');
    if (cited.length > 0 && cited.every((id) => evidenceIds.has(id))) kept.push(s);
    else dropped++;
  }
  return { sentences: kept, dropped };
}
