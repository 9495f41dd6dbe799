import { NotFoundError, ValidationError } from '#domain/kernel/errors.ts';
import type { Clock, IdGenerator } from '#domain/kernel/time.ts';
import { buildInsight, citedSentences, narrativePrompt, type Insight } from './insight.ts';
import type { IncidentStore, Narrator, Signals } from './incidents.ports.ts';
import {
  LEVEL_MEANING,
  RECOVERY_TARGET_MINUTES,
  type AlertSignal,
  type Incident,
  type IncidentLevel,
  type TimelineEntry,
} from './types.ts';

const MINUTE = 60_000;
/** Critical alerts of these rules open an L1 incident (the service is down); other critical ones L2. */
const L1_RULES = new Set(['probe_down']);

export interface IncidentView extends Omit<Incident, 'version'> {
  readonly level_meaning: string;
  readonly recovery_target_minutes: number;
  readonly target_at: string;
  /** Minutes from opening to resolution, or to now while open. */
  readonly duration_minutes: number;
  /** Open past its recovery target, or resolved after it. */
  readonly overdue: boolean;
}

export interface IncidentDeps {
  readonly store: IncidentStore;
  readonly signals: Signals;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** The model that writes narratives (through the gateway), with its name; absent: the deterministic insight alone. */
  readonly narrator?: () => Promise<{ readonly name: string; readonly narrator: Narrator } | undefined>;
}

/**
 * Incidents (the manual's L1-L4 with recovery targets): opened by a critical alert or by hand,
 * with a timeline of evidence, MTTR and MTBF per scope, a post-mortem in the manual's sections,
 * and an evidence-first insight.
 */
export function createIncidents({ store, signals, clock, ids, narrator }: IncidentDeps) {
  const iso = () => new Date(clock.now()).toISOString();

  function view(i: Incident): IncidentView {
    const { version: _v, ...rest } = i;
    const target = RECOVERY_TARGET_MINUTES[i.level];
    const end = i.resolved_at !== undefined ? Date.parse(i.resolved_at) : clock.now();
    const duration = (end - Date.parse(i.opened_at)) / MINUTE;
    return {
      ...rest,
      level_meaning: LEVEL_MEANING[i.level],
      recovery_target_minutes: target,
      target_at: new Date(Date.parse(i.opened_at) + target * MINUTE).toISOString(),
      duration_minutes: Math.round(duration * 10) / 10,
      overdue: duration > target,
    };
  }

  async function require(id: string): Promise<Incident> {
    const i = await store.get(id);
    if (i === undefined) throw new NotFoundError(`No incident '${id}'`);
    return i;
  }

  /** Applies `change` on the version read; retried on a concurrent write. */
  async function change(id: string, apply: (i: Incident) => Incident): Promise<Incident> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await require(id);
      const next = { ...apply(current), version: current.version + 1 };
      if (await store.put(next, current.version)) return next;
    }
    throw new ValidationError(`Incident '${id}' is changing too often; try again`);
  }

  async function windowOf(i: Incident) {
    const start = Date.parse(i.opened_at);
    const end = i.resolved_at !== undefined ? Date.parse(i.resolved_at) : clock.now();
    const anchors = (await Promise.all(i.alert_ids.map((a) => signals.alert(a)))).filter(
      (a): a is AlertSignal => a !== undefined,
    );
    const first = Math.min(start, ...anchors.map((a) => Date.parse(a.started_at)));
    return { start: first, end, anchors };
  }

  async function gather(scope: string, anchors: readonly AlertSignal[], start: number, end: number) {
    const anchorIds = new Set(anchors.map((a) => a.alert_id));
    const related = (await signals.alerts({ limit: 300 }))
      .filter((a) => !anchorIds.has(a.alert_id) && Math.abs(Date.parse(a.started_at) - start) <= 30 * MINUTE)
      .slice(0, 10);
    const service = scope.startsWith('service:') ? scope.slice('service:'.length) : undefined;
    const anomalies =
      service === undefined ? [] : (await signals.anomalies(service, start - 30 * MINUTE, end)).slice(0, 10);
    const changes = (await signals.changes(200))
      .filter((c) => Date.parse(c.at) >= start - 120 * MINUTE && Date.parse(c.at) <= end)
      .slice(0, 10);
    const model = scope.includes(':') ? undefined : scope;
    const deploys =
      model === undefined
        ? []
        : (await signals.deploys(model, 20)).filter(
            (d) => Date.parse(d.at) >= start - 360 * MINUTE && Date.parse(d.at) <= end,
          );
    return { related, anomalies, changes, deploys };
  }

  /** An incident's window, its alerts and the evidence around them, read once for its timeline and insight. */
  async function evidenceOf(i: Incident) {
    const w = await windowOf(i);
    return { ...w, found: await gather(i.scope, w.anchors, w.start, w.end) };
  }

  /** What happened, in order, each line with its evidence. */
  function timelineOf(i: Incident, { anchors, found }: Awaited<ReturnType<typeof evidenceOf>>): TimelineEntry[] {
    const lines: TimelineEntry[] = [
      {
        at: i.opened_at,
        kind: 'incident',
        text: `Incident opened (${i.level}) by ${i.opened_by}`,
        evidence: `incident:${i.incident_id}`,
      },
    ];
    for (const a of anchors) {
      lines.push({
        at: a.started_at,
        kind: 'alert',
        text: `${a.title} (${a.severity}, value ${a.value})`,
        evidence: `alert:${a.alert_id}`,
      });
      if (a.acked_at !== undefined)
        lines.push({
          at: a.acked_at,
          kind: 'acknowledged',
          text: `${a.title} acknowledged by ${a.acked_by ?? 'someone'}`,
          evidence: `alert:${a.alert_id}`,
        });
      if (a.resolved_at !== undefined)
        lines.push({
          at: a.resolved_at,
          kind: 'resolved',
          text: `${a.title} resolved`,
          evidence: `alert:${a.alert_id}`,
        });
    }
    for (const a of found.related)
      lines.push({
        at: a.started_at,
        kind: 'alert',
        text: `Related: ${a.model_name} ${a.title}`,
        evidence: `alert:${a.alert_id}`,
      });
    for (const a of found.anomalies)
      lines.push({
        at: a.detected_at,
        kind: 'anomaly',
        text: `${a.metric} ${a.type} (${a.severity})`,
        evidence: `anomaly:${a.anomaly_id}`,
      });
    for (const c of found.changes)
      lines.push({
        at: c.at,
        kind: 'change',
        text: `${c.subject}: ${c.route} ${c.target}`,
        evidence: `audit:${c.seq}`,
      });
    for (const d of found.deploys)
      lines.push({
        at: d.at,
        kind: 'deploy',
        text: `Retrain ${d.outcome}${d.version !== null ? ` (version ${d.version})` : ''}`,
        evidence: `notice:${d.notice_id}`,
      });
    for (const n of i.notes)
      lines.push({ at: n.at, kind: 'note', text: `${n.by}: ${n.text}`, evidence: `incident:${i.incident_id}` });
    if (i.resolved_at !== undefined)
      lines.push({
        at: i.resolved_at,
        kind: 'incident',
        text: `Incident resolved by ${i.resolved_by ?? 'someone'}`,
        evidence: `incident:${i.incident_id}`,
      });
    return lines.sort((a, b) => a.at.localeCompare(b.at));
  }

  async function insightFor(
    scope: string,
    anchors: readonly AlertSignal[],
    found: Awaited<ReturnType<typeof gather>>,
  ): Promise<Insight> {
    const base = buildInsight({ scope, anchors, ...found, now: clock.now() });
    const configured = narrator === undefined ? undefined : await narrator();
    if (configured === undefined) return { ...base, narrative: null };
    try {
      const text = await configured.narrator.narrate(narrativePrompt(base));
      const { sentences, dropped } = citedSentences(text, new Set(base.evidence.map((e) => e.id)));
      return { ...base, narrative: { model: configured.name, sentences, dropped } };
    } catch {
      // The narrative is optional: with the model failing, the deterministic insight stands alone.
      return { ...base, narrative: null };
    }
  }

  return {
    view,

    async open(
      spec: { title: string; level: IncidentLevel; scope: string; alert_ids?: readonly string[] },
      by: string,
    ): Promise<IncidentView> {
      const incident: Incident = {
        incident_id: ids.next('inc'),
        title: spec.title,
        level: spec.level,
        scope: spec.scope,
        status: 'open',
        opened_at: iso(),
        opened_by: by,
        alert_ids: [...(spec.alert_ids ?? [])],
        notes: [],
        version: 1,
      };
      await store.put(incident, 0);
      return view(incident);
    },

    async get(id: string): Promise<IncidentView> {
      return view(await require(id));
    },

    async list(status?: Incident['status']): Promise<IncidentView[]> {
      return (await store.list()).filter((i) => status === undefined || i.status === status).map(view);
    },

    async update(
      id: string,
      patch: {
        level?: IncidentLevel;
        status?: 'open' | 'resolved';
        note?: string;
        root_cause?: string;
        prevention?: string;
        action_items?: readonly { item: string; owner: string }[];
      },
      by: string,
    ): Promise<IncidentView> {
      const now = iso();
      const next = await change(id, (i) => ({
        ...i,
        ...(patch.level !== undefined ? { level: patch.level } : {}),
        ...(patch.root_cause !== undefined ? { root_cause: patch.root_cause } : {}),
        ...(patch.prevention !== undefined ? { prevention: patch.prevention } : {}),
        ...(patch.action_items !== undefined ? { action_items: patch.action_items } : {}),
        ...(patch.status === 'resolved' && i.status === 'open'
          ? { status: 'resolved' as const, resolved_at: now, resolved_by: by }
          : patch.status === 'open' && i.status === 'resolved'
            ? { status: 'open' as const, resolved_at: undefined, resolved_by: undefined }
            : {}),
        notes: patch.note !== undefined ? [...i.notes, { at: now, by, text: patch.note }] : i.notes,
      }));
      return view(next);
    },

    /**
     * Opens an incident for each critical alert firing that none holds (or adds it to its scope's
     * open incident), and resolves incidents opened by alerts once all their alerts resolved.
     */
    async sync(): Promise<{ opened: number; attached: number; resolved: number }> {
      // One read of the incidents: the open ones by scope are kept current as this run changes them.
      const all = await store.list();
      const held = new Set(all.flatMap((i) => i.alert_ids));
      const openByScope = new Map(all.filter((i) => i.status === 'open').map((i) => [i.scope, i]));
      const firing = (await signals.alerts({ state: 'firing', limit: 300 })).filter(
        (a) => a.severity === 'critical' && !held.has(a.alert_id),
      );
      let opened = 0;
      let attached = 0;
      for (const alert of firing.sort((a, b) => a.started_at.localeCompare(b.started_at))) {
        const open = openByScope.get(alert.model_name);
        if (open !== undefined) {
          const next = await change(open.incident_id, (i) => ({ ...i, alert_ids: [...i.alert_ids, alert.alert_id] }));
          openByScope.set(next.scope, next);
          attached++;
          continue;
        }
        const incident: Incident = {
          // The alert's own id makes the incident's: two syncs racing open it once.
          incident_id: `inc_${alert.alert_id}`,
          title: `${alert.model_name}: ${alert.title}`,
          level: L1_RULES.has(alert.rule) ? 'L1' : 'L2',
          scope: alert.model_name,
          status: 'open',
          opened_at: alert.fired_at ?? alert.started_at,
          opened_by: `alert:${alert.alert_id}`,
          alert_ids: [alert.alert_id],
          notes: [],
          version: 1,
        };
        if (await store.put(incident, 0)) {
          openByScope.set(incident.scope, incident);
          opened++;
        }
      }
      let resolved = 0;
      for (const i of openByScope.values()) {
        if (!i.opened_by.startsWith('alert:')) continue;
        const ends = (await Promise.all(i.alert_ids.map((a) => signals.alert(a)))).map((a) => a?.resolved_at);
        if (ends.length === 0 || ends.some((e) => e === undefined)) continue;
        const at = ends.reduce((m, e) => ((e ?? '') > (m ?? '') ? e : m));
        await change(i.incident_id, (x) => ({
          ...x,
          status: 'resolved',
          resolved_at: at ?? iso(),
          resolved_by: 'its alerts resolved',
        }));
        resolved++;
      }
      return { opened, attached, resolved };
    },

    /** What happened, in order, each line with its evidence. */
    async timeline(id: string): Promise<TimelineEntry[]> {
      const i = await require(id);
      return timelineOf(i, await evidenceOf(i));
    },

    async insight(id: string): Promise<Insight> {
      const i = await require(id);
      const { anchors, found } = await evidenceOf(i);
      return insightFor(i.scope, anchors, found);
    },

    /** The insight of any alert, firing or not. */
    async alertInsight(alertId: string): Promise<Insight> {
      const alert = await signals.alert(alertId);
      if (alert === undefined) throw new NotFoundError(`No alert '${alertId}'`);
      const end = alert.resolved_at !== undefined ? Date.parse(alert.resolved_at) : clock.now();
      return insightFor(
        alert.model_name,
        [alert],
        await gather(alert.model_name, [alert], Date.parse(alert.started_at), end),
      );
    },

    /** Per scope: incidents, open ones, MTTR (mean minutes to resolve) and MTBF (mean hours between openings). */
    async metrics() {
      const byScope = new Map<string, Incident[]>();
      for (const i of await store.list()) byScope.set(i.scope, [...(byScope.get(i.scope) ?? []), i]);
      return [...byScope].map(([scope, list]) => {
        const resolved = list.filter((i) => i.resolved_at !== undefined);
        const mttr =
          resolved.length === 0
            ? null
            : resolved.reduce((s, i) => s + (Date.parse(i.resolved_at ?? i.opened_at) - Date.parse(i.opened_at)), 0) /
              resolved.length /
              MINUTE;
        const opens = list.map((i) => Date.parse(i.opened_at)).sort((a, b) => a - b);
        const gaps = opens.slice(1).map((o, k) => o - (opens[k] ?? o));
        const mtbf = gaps.length === 0 ? null : gaps.reduce((s, g) => s + g, 0) / gaps.length / (60 * MINUTE);
        return {
          scope,
          incidents: list.length,
          open: list.length - resolved.length,
          mttr_minutes: mttr === null ? null : Math.round(mttr * 10) / 10,
          mtbf_hours: mtbf === null ? null : Math.round(mtbf * 100) / 100,
          within_target: resolved.filter((i) => !view(i).overdue).length,
        };
      });
    },

    /** The post-mortem in Markdown, in the manual's sections (its Korean headings with English). */
    async postmortem(id: string): Promise<string> {
      const i = await require(id);
      const v = view(i);
      // The evidence is read once for both the timeline and the insight.
      const evidence = await evidenceOf(i);
      const lines = timelineOf(i, evidence);
      const insight = await insightFor(i.scope, evidence.anchors, evidence.found);
      const items = i.action_items ?? [];
      return [
        `# Post-mortem: ${i.title}`,
        '',
        `- Incident: ${i.incident_id} (${i.level}: ${v.level_meaning})`,
        `- Scope: ${i.scope}`,
        `- Opened: ${i.opened_at} by ${i.opened_by}`,
        `- Resolved: ${i.resolved_at ?? 'not yet'}${i.resolved_by !== undefined ? ` by ${i.resolved_by}` : ''}`,
        `- Duration: ${v.duration_minutes} min against a ${v.recovery_target_minutes} min target${v.overdue ? ' (missed)' : ' (met)'}`,
        '',
        '## 장애 개요 및 영향도 (Overview and impact)',
        '',
        ...insight.summary,
        '',
        '## 장애 타임라인 (Timeline)',
        '',
        '| Time (UTC) | What | Evidence |',
        '| --- | --- | --- |',
        ...lines.map(
          (l) => `| ${l.at.slice(0, 19).replace('T', ' ')} | ${l.text.replaceAll('|', '\\|')} | ${l.evidence} |`,
        ),
        '',
        '## 기술적 원인 분석 (Root cause analysis)',
        '',
        ...(i.root_cause !== undefined ? [i.root_cause, ''] : []),
        ...insight.hypotheses.map(
          (h) =>
            `- **${h.grade}**: ${h.statement}. ${h.reasoning}${h.evidence.length > 0 ? ` (${h.evidence.join(', ')})` : ''}`,
        ),
        '',
        '## 대응 과정 및 소요 시간 (Response and time taken)',
        '',
        ...lines
          .filter(
            (l) => l.kind === 'acknowledged' || l.kind === 'note' || l.kind === 'resolved' || l.kind === 'incident',
          )
          .map((l) => `- ${l.at.slice(0, 16).replace('T', ' ')}: ${l.text}`),
        '',
        '## 재발 방지 대책 (Prevention)',
        '',
        i.prevention ?? '_To be written by the responders._',
        '',
        '## 액션 아이템 및 담당자 (Action items and owners)',
        '',
        ...(items.length === 0
          ? ['_None recorded._']
          : ['| Item | Owner |', '| --- | --- |', ...items.map((a) => `| ${a.item} | ${a.owner} |`)]),
        '',
        '## Evidence',
        '',
        ...insight.evidence.map((e) => `- ${e.id} (${e.ref}, ${e.at}): ${e.text}`),
        '',
      ].join('\n');
    },
  };
}

export type Incidents = ReturnType<typeof createIncidents>;
