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

/** The evidence numbered in order (`E1`, `E2`, ...), with each source's ids kept beside its items. */
function numberEvidence(input: InsightInput) {
  const evidence: Evidence[] = [];
  const add = (e: Omit<Evidence, 'id'>): string => {
    const id = `E${evidence.length + 1}`;
    evidence.push({ ...e, id });
    return id;
  };
  const alertLink = (id: string) => `/api/ai/monitoring/alerts/${encodeURIComponent(id)}`;
  const anchors = input.anchors.map((a) =>
    add({
      ref: `alert:${a.alert_id}`,
      kind: 'alert',
      at: a.started_at,
      text: `${a.title}: ${a.metric} ${a.comparison} ${a.threshold} (value ${a.value}, ${a.severity}, ${a.state})`,
      link: alertLink(a.alert_id),
    }),
  );
  const related = input.related.map((a) =>
    add({
      ref: `alert:${a.alert_id}`,
      kind: 'related_alert',
      at: a.started_at,
      text: `${a.model_name}: ${a.title} (${a.metric} ${a.value}, ${a.severity})`,
      link: alertLink(a.alert_id),
    }),
  );
  const anomalies = input.anomalies.map((a) => ({
    a,
    id: add({
      ref: `anomaly:${a.anomaly_id}`,
      kind: 'anomaly',
      at: a.detected_at,
      text: `${a.service} ${a.metric} ${a.type} (${a.severity}): ${a.explanation}`,
      link: `/api/plugin-ai-analytics/anomalies-history/${encodeURIComponent(a.service)}`,
    }),
  }));
  const changes = input.changes.map((c) => ({
    c,
    id: add({
      ref: `audit:${c.seq}`,
      kind: 'change',
      at: c.at,
      text: `${c.subject} ran ${c.route} on ${c.target || '(no target)'}`,
      link: `/api/v1/aiops/audit?before=${c.seq + 1}&limit=1`,
    }),
  }));
  const deploys = input.deploys.map((d) => ({
    d,
    id: add({
      ref: `notice:${d.notice_id}`,
      kind: 'deploy',
      at: d.at,
      text: `retrain of ${d.model_name}: ${d.outcome}${d.version !== null ? ` (version ${d.version})` : ''}`,
      link: `/api/ai/monitoring/notifications?model_name=${encodeURIComponent(d.model_name)}`,
    }),
  }));
  const refId = (alertId: string) => evidence.find((e) => e.ref === `alert:${alertId}`)?.id ?? '';
  return { evidence, anchors, related, anomalies, changes, deploys, refId };
}

/** What the hypothesis rules see: the input, its numbered evidence, when it started, the scope's bare name. */
interface RuleContext {
  readonly input: InsightInput;
  readonly ids: ReturnType<typeof numberEvidence>;
  readonly start: number;
  readonly scopeName: string;
}

/** Summary sentences, each citing what it says. */
function summaryOf({ input, ids, start }: RuleContext): string[] {
  const first = input.anchors[0];
  if (first === undefined) return [];
  const firing = input.anchors.filter((a) => a.state === 'firing').length;
  const what = input.anchors.length === 1 ? first.title : `${input.anchors.length} alerts, first ${first.title}`;
  const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
  return [
    `${input.scope}: ${what}, since ${hhmm(new Date(start).toISOString())}; ${firing} still firing ${cite(ids.anchors)}.`,
    ...(ids.related.length > 0
      ? [
          `${ids.related.length} other ${plural(ids.related.length, 'alert', 'alerts')} started within 30 minutes of it ${cite(ids.related)}.`,
        ]
      : []),
    ...(ids.anomalies.length > 0
      ? [
          `${ids.anomalies.length} ${plural(ids.anomalies.length, 'anomaly', 'anomalies')} of the service in the window ${cite(ids.anomalies.map((x) => x.id))}.`,
        ]
      : []),
  ];
}

type Rule = (ctx: RuleContext) => Hypothesis | undefined;

/** A provider failing most of its calls is decisive. */
const providerFailing: Rule = ({ input, ids, scopeName }) => {
  const errors = input.anchors.filter((a) => a.metric === 'llm_error_rate' || a.metric === 'slo_burn_fast');
  if (errors.length === 0) return undefined;
  const worst = Math.max(...input.anchors.filter((a) => a.metric === 'llm_error_rate').map((a) => a.value), 0);
  return {
    statement: `The provider behind ${scopeName} is failing calls`,
    grade: worst >= 0.5 ? 'CONFIRMED' : 'LIKELY',
    evidence: errors.map((a) => ids.refId(a.alert_id)),
    reasoning:
      worst >= 0.5
        ? `${Math.round(worst * 100)} % of its calls in the last 5 minutes failed.`
        : 'Its error budget burns fast, but under half of its calls fail: a partial outage or a bad request pattern.',
  };
};

/** Drift on the same model; confirmed by an accuracy drop beside it. */
const drifted: Rule = ({ input, ids, scopeName }) => {
  const all = [...input.anchors, ...input.related].filter((a) => a.model_name === input.scope);
  const drift = all.filter((a) => a.metric === 'drift_score');
  if (drift.length === 0) return undefined;
  const accuracy = all.some((a) => a.metric === 'accuracy' || a.metric === 'estimated_accuracy');
  return {
    statement: `The input data of ${scopeName} drifted from its training data`,
    grade: accuracy ? 'CONFIRMED' : 'LIKELY',
    evidence: drift.map((a) => ids.refId(a.alert_id)),
    reasoning: accuracy
      ? 'Drift and an accuracy drop were both measured on this model in the window.'
      : 'Drift was measured; no accuracy drop confirms that it hurts the model yet.',
  };
};

/** A champion deployed in the 6 hours before; confirmed when the alerts resolved after its rollback. */
const deployedBefore: Rule = ({ input, ids, start }) => {
  const deploys = ids.deploys.filter(
    ({ d }) => d.outcome === 'deployed' && t(d.at) <= start && start - t(d.at) <= 6 * 60 * MINUTE,
  );
  if (deploys.length === 0) return undefined;
  const rolledBack = ids.deploys.some(({ d }) => d.outcome === 'rolled_back' && t(d.at) >= start);
  const confirmed = rolledBack && input.anchors.every((a) => a.resolved_at !== undefined);
  return {
    statement: `The champion deployed at ${hhmm(deploys[0]?.d.at ?? '')} caused it`,
    grade: confirmed ? 'CONFIRMED' : 'LIKELY',
    evidence: deploys.map((x) => x.id),
    reasoning: confirmed
      ? 'The alerts resolved after the rollback of that deploy.'
      : 'A new champion went live within 6 hours before the first alert.',
  };
};

/** A change through the API in the 2 hours before: likely when it was to this scope, else only listed. */
const changedBefore: Rule = ({ ids, start, scopeName }) => {
  const changes = ids.changes.filter(
    ({ c }) => c.outcome === 'success' && t(c.at) <= start + 5 * MINUTE && start - t(c.at) <= 2 * 60 * MINUTE,
  );
  const aboutScope = changes.filter(({ c }) => scopeName !== '' && c.target.includes(scopeName));
  if (aboutScope.length > 0)
    return {
      statement: `A change to ${scopeName} shortly before caused it`,
      grade: 'LIKELY',
      evidence: aboutScope.map((x) => x.id),
      reasoning: `${aboutScope.length} change${aboutScope.length === 1 ? '' : 's'} to it within 2 hours before the first alert.`,
    };
  if (changes.length === 0) return undefined;
  return {
    statement: 'A platform-wide change shortly before is related',
    grade: 'INCONCLUSIVE',
    evidence: changes.map((x) => x.id),
    reasoning: 'Changes were made within 2 hours before, none of them to this scope; nothing links them to it.',
  };
};

/** Request volume out of its band at the same time. */
const trafficSurge: Rule = ({ input, ids }) => {
  const surge = ids.anomalies.filter(({ a }) => /rps|traffic|request/.test(`${a.metric} ${a.type}`));
  if (surge.length === 0 || input.anchors.some((a) => a.metric === 'rps')) return undefined;
  return {
    statement: 'A traffic surge overloaded the service',
    grade: 'LIKELY',
    evidence: surge.map((x) => x.id),
    reasoning: 'Request volume left its expected band in the same window.',
  };
};

/** Several scopes alerting at once: a dependency they share. */
const sharedDependency: Rule = ({ input, ids }) => {
  const others = new Set(input.related.map((a) => a.model_name).filter((s) => s !== input.scope));
  if (others.size < 2) return undefined;
  return {
    statement: `A dependency shared by ${others.size + 1} scopes failed`,
    grade: 'LIKELY',
    evidence: ids.related,
    reasoning: `${[...others].slice(0, 5).join(', ')} alerted within 30 minutes as well.`,
  };
};

const RULES: readonly Rule[] = [
  providerFailing,
  drifted,
  deployedBefore,
  changedBefore,
  trafficSurge,
  sharedDependency,
];

const NO_CAUSE: Hypothesis = {
  statement: 'No cause is shown by the evidence',
  grade: 'INCONCLUSIVE',
  evidence: [],
  reasoning:
    'No deploy, change to this scope, drift, provider failure or related signal was found in the window; the alert stands on its own.',
};

/**
 * The deterministic insight: evidence numbered for citation, a summary built only from it, and
 * hypotheses graded by rules that code settles (Rootly's guard rails): CONFIRMED only on
 * decisive evidence, LIKELY on a coincidence in time with a plausible mechanism, and
 * INCONCLUSIVE when nothing explains the alert, rather than a guess.
 */
export function buildInsight(input: InsightInput): Omit<Insight, 'narrative'> {
  const ids = numberEvidence(input);
  const ctx: RuleContext = {
    input,
    ids,
    start: Math.min(...input.anchors.map((a) => t(a.started_at)), input.now),
    scopeName: input.scope.replace(/^[a-z_]+:/, ''),
  };
  const found = RULES.map((rule) => rule(ctx)).filter((h): h is Hypothesis => h !== undefined);
  const hypotheses = found.some((h) => h.grade !== 'INCONCLUSIVE') ? found : [...found, NO_CAUSE];
  const signals = ids.evidence.filter((e) => e.kind !== 'alert').map((e) => e.id);
  const explained = new Set(hypotheses.filter((h) => h.grade !== 'INCONCLUSIVE').flatMap((h) => h.evidence));
  const attributed = signals.filter((id) => explained.has(id)).length;
  return {
    scope: input.scope,
    summary: summaryOf(ctx),
    evidence: ids.evidence,
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
