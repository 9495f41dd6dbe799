import type {
  AnalysisQueue,
  AnomalyStore,
  BatchStore,
  ForecastStore,
  HttpTrafficStore,
  KnownService,
  NamedModelStore,
  ProbeStore,
  ServiceRegistry,
  SuggestionStore,
} from '#domain/services/services.ports.ts';
import type { Suggestion } from '#domain/services/suggestions.ts';
import type { Analysis, BatchHeader, BatchItem } from '#domain/services/batch.ts';
import type { NamedModel } from '#domain/services/named-models.ts';
import type { Probe, ProbeResult } from '#domain/services/probes.ts';
import type { ForecastModelRecord } from '#domain/services/forecasts.ts';
import {
  addCounters as addHttpCounters,
  addDetails,
  emptyCounters,
  type MinuteCounters,
  type MinuteDetail,
  type MinuteTraffic,
} from '#domain/services/http-traffic.ts';
import type { ServiceAnomaly } from '#domain/services/types.ts';
import type { Notice, NoticePublisher } from '#domain/kernel/notice.ts';
import type { ModelRecord, ModelStatus, PredictionRecord, StoredDrift, StoredEstimate } from '#domain/kernel/model.ts';
import type { ConfigStore } from '#domain/kernel/config-docs.ts';
import type { ModelStore, PredictionHistory } from '#domain/kernel/model.ports.ts';
import type { RetrainQueue } from '#domain/drift/drift.ports.ts';
import { ConflictError } from '#domain/kernel/errors.ts';
import {
  sumCounters,
  type AggregateBucket,
  type AggregateDelta,
  type Counters,
} from '#domain/monitoring/aggregates.ts';
import { TIME_BUCKET_PREFIX, TOTAL_BUCKET } from '#domain/monitoring/buckets.ts';
import type { AlertInstance, AlertRecord, Silence } from '#domain/alerting/types.ts';
import type { AlertHistory, AlertingStore, AlertQuery, DeliveryStatus } from '#domain/alerting/alerting.ports.ts';
import type { Clock, IdGenerator } from '#domain/kernel/time.ts';
import type { AuditEntry, AuditStore } from '#domain/audit/audit.ports.ts';
import type { MetricPoint, MetricQuery, MetricStore, SeriesFilter } from '#domain/kernel/metric-store.ports.ts';
import { aggregatePoints, bySeries, matchesSeries } from '#domain/kernel/series.ts';
import type {
  AggregateStore,
  BatchClaims,
  CountableRecord,
  ModelEventQueue,
  PredictionStore,
} from '#domain/monitoring/monitoring.ports.ts';

/** In-memory port implementations for domain tests (adapters are tested against the emulators). */
export class MemoryPredictions implements PredictionStore, PredictionHistory {
  public readonly items = new Map<string, PredictionRecord>();
  public failNextInsert = false;
  public async insertNew(records: readonly PredictionRecord[]): Promise<ReadonlySet<string>> {
    if (this.failNextInsert) {
      this.failNextInsert = false;
      throw new Error('insert failed');
    }
    const fresh = records.filter((r) => !this.items.has(r.prediction_id));
    // Like the DynamoDB batch path (BatchGet, then BatchWrite), the check and the write are two steps.
    if (records.length > 1) await new Promise((resolve) => setTimeout(resolve, 1));
    for (const r of fresh) this.items.set(r.prediction_id, structuredClone(r));
    return new Set(fresh.map((r) => r.prediction_id));
  }
  public async get(id: string) {
    const item = this.items.get(id);
    return Promise.resolve(item === undefined ? undefined : structuredClone(item));
  }
  public async setOutcome(
    id: string,
    outcome: {
      actual: PredictionRecord['actual'];
      score: NonNullable<PredictionRecord['outcome_score']>;
      version: number;
      leaseUntil: number;
      counted?: PredictionRecord['outcome_counted'];
    },
    expected: number | undefined,
  ) {
    const item = this.items.get(id);
    if (item === undefined) throw new ConflictError(`prediction '${id}' does not exist`);
    if (item.outcome_version !== expected) throw new ConflictError('version moved');
    const { outcome_counted: _, ...rest } = item;
    this.items.set(id, {
      ...rest,
      actual: outcome.actual,
      outcome_score: outcome.score,
      outcome_version: outcome.version,
      outcome_pending: outcome.version,
      outcome_lease_until: outcome.leaseUntil,
      ...(outcome.counted !== undefined ? { outcome_counted: outcome.counted } : {}),
    });
    return Promise.resolve();
  }
  public async leaseOutcome(id: string, version: number, untilMs: number, nowMs: number) {
    const item = this.items.get(id);
    if (item?.outcome_pending !== version || (item.outcome_lease_until ?? 0) >= nowMs)
      return Promise.resolve(undefined);
    const leased = { ...item, outcome_lease_until: untilMs };
    this.items.set(id, leased);
    return Promise.resolve(structuredClone(leased));
  }
  public async releaseOutcome(id: string, version: number) {
    const item = this.items.get(id);
    if (item?.outcome_pending === version) this.items.set(id, { ...item, outcome_lease_until: 0 });
    return Promise.resolve();
  }
  public async settleOutcome(id: string, version: number) {
    const item = this.items.get(id);
    if (item?.outcome_pending !== version) return Promise.resolve();
    const { outcome_pending: _, outcome_counted: __, outcome_lease_until: ___, ...rest } = item;
    this.items.set(id, rest);
    return Promise.resolve();
  }
  public async deleteMany(ids: readonly string[]) {
    for (const id of ids) this.items.delete(id);
    return Promise.resolve();
  }
  private ofModel(model: string) {
    return [...this.items.values()].filter((p) => p.model_name === model).sort((a, b) => a.ts - b.ts);
  }
  public async *countable(model: string, fromMs: number, toMs: number): AsyncIterable<readonly CountableRecord[]> {
    const all = this.ofModel(model)
      .filter((p) => p.ts >= fromMs && p.ts < toMs)
      .map((p) => ({
        ts: p.ts,
        response_time: p.response_time,
        ...(p.confidence !== undefined ? { confidence: p.confidence } : {}),
        ...(p.error !== undefined ? { error: p.error } : {}),
        ...(p.model_version !== undefined ? { model_version: p.model_version } : {}),
      }));
    for (let i = 0; i < all.length; i += 100) yield Promise.resolve(all.slice(i, i + 100));
  }
  public async earliest(model: string, limit: number) {
    return Promise.resolve(this.ofModel(model).slice(0, limit));
  }
  public async latest(model: string, since: number, limit: number) {
    return Promise.resolve(
      this.ofModel(model)
        .filter((p) => p.ts >= since)
        .reverse()
        .slice(0, limit),
    );
  }
}

export class MemoryAggregates implements AggregateStore {
  public readonly buckets = new Map<string, AggregateBucket>();
  public failNextIncrement = false;
  /** The next `incrementOnce` applies this many bucket updates, then fails (a crash half way). */
  public failIncrementOnceAfter: number | undefined;
  /** The marks of `incrementOnce`, per bucket key. */
  public readonly marks = new Map<string, Set<string>>();
  private apply(model: string, bucket: string, delta: AggregateDelta) {
    const key = `${model}|${bucket}`;
    const existing = this.buckets.get(key);
    const counters = sumCounters([existing ?? { counters: {} }, delta]);
    const last = delta.last_prediction ?? existing?.last_prediction;
    const versions = [
      ...new Set([...(existing?.versions ?? []), ...(bucket === TOTAL_BUCKET ? [] : (delta.versions ?? []))]),
    ].sort();
    this.buckets.set(key, {
      ...existing,
      model_name: model,
      bucket,
      counters,
      ...(last !== undefined ? { last_prediction: last } : {}),
      ...(versions.length > 0 ? { versions } : {}),
    });
  }
  public async replaceCounters(model: string, bucket: string, counters: Counters, inScope: (name: string) => boolean) {
    const key = `${model}|${bucket}`;
    const existing = this.buckets.get(key);
    const kept = Object.fromEntries(Object.entries(existing?.counters ?? {}).filter(([name]) => !inScope(name)));
    this.buckets.set(key, { ...existing, model_name: model, bucket, counters: { ...kept, ...counters } });
    return Promise.resolve();
  }
  public async seal(model: string, bucket: string, counters: Counters, lastPrediction?: string) {
    const key = `${model}|${TOTAL_BUCKET}`;
    const total = this.buckets.get(key);
    if (total?.sealed_through !== undefined && total.sealed_through >= bucket) return Promise.resolve(false);
    const last = lastPrediction ?? total?.last_prediction;
    this.buckets.set(key, {
      model_name: model,
      bucket: TOTAL_BUCKET,
      counters: sumCounters([total ?? { counters: {} }, { counters }]),
      sealed_through: bucket,
      ...(last !== undefined ? { last_prediction: last } : {}),
    });
    return Promise.resolve(true);
  }
  public async increment(deltas: readonly AggregateDelta[]) {
    if (this.failNextIncrement) {
      this.failNextIncrement = false;
      throw new Error('increment failed');
    }
    for (const d of deltas) {
      this.apply(d.model_name, d.bucket, d);
      if (d.total !== false) this.apply(d.model_name, TOTAL_BUCKET, d);
    }
    return Promise.resolve();
  }
  public async incrementOnce(op: string, deltas: readonly AggregateDelta[]) {
    const updates = deltas.flatMap((d) => [
      [d.bucket, d] as const,
      ...(d.total !== false ? [[TOTAL_BUCKET, d] as const] : []),
    ]);
    for (const [bucket, d] of updates) {
      if (this.failIncrementOnceAfter !== undefined && this.failIncrementOnceAfter-- <= 0) {
        this.failIncrementOnceAfter = undefined;
        throw new Error('increment failed');
      }
      const key = `${d.model_name}|${bucket}`;
      const marks = this.marks.get(key) ?? new Set<string>();
      if (marks.has(op)) continue;
      this.apply(d.model_name, bucket, d);
      this.marks.set(key, marks.add(op));
    }
    return Promise.resolve();
  }
  public async forget(op: string, deltas: readonly AggregateDelta[]) {
    for (const d of deltas) {
      this.marks.get(`${d.model_name}|${d.bucket}`)?.delete(op);
      if (d.total !== false) this.marks.get(`${d.model_name}|${TOTAL_BUCKET}`)?.delete(op);
    }
    return Promise.resolve();
  }
  private timeBuckets(model: string) {
    return [...this.buckets.values()]
      .filter((b) => b.model_name === model && b.bucket.startsWith(TIME_BUCKET_PREFIX))
      .sort((a, b) => a.bucket.localeCompare(b.bucket));
  }
  public async range(model: string, from: string, to: string) {
    // Like a DynamoDB BETWEEN on the sort key: any bucket key in [from, to], per-version ones included.
    const all = [...this.buckets.values()].filter((b) => b.model_name === model && b.bucket !== TOTAL_BUCKET);
    return Promise.resolve(
      all.filter((b) => b.bucket >= from && b.bucket <= to).sort((a, b) => a.bucket.localeCompare(b.bucket)),
    );
  }
  public async earliest(model: string, limit: number) {
    return Promise.resolve(this.timeBuckets(model).slice(0, limit));
  }
  public async total(model: string) {
    return Promise.resolve(this.buckets.get(`${model}|${TOTAL_BUCKET}`));
  }
}

export class MemoryBatchClaims implements BatchClaims {
  public readonly held = new Map<string, { holder: string; until: number }>();
  public async acquire(key: string, holder: string, until: number, now: number) {
    const current = this.held.get(key);
    if (current !== undefined && current.until >= now) return Promise.resolve(false);
    this.held.set(key, { holder, until });
    return Promise.resolve(true);
  }
  public async release(key: string, holder: string) {
    if (this.held.get(key)?.holder === holder) this.held.delete(key);
    return Promise.resolve();
  }
}

export class MemoryModels implements ModelStore {
  public readonly items = new Map<string, ModelRecord>();
  public async get(name: string) {
    return Promise.resolve(this.items.get(name));
  }
  public async createIfAbsent(record: ModelRecord) {
    const existing = this.items.get(record.model_name);
    if (existing) return Promise.resolve(existing);
    this.items.set(record.model_name, record);
    return Promise.resolve(record);
  }
  public async list() {
    return Promise.resolve([...this.items.values()]);
  }
  public async update(
    name: string,
    fields: Partial<Omit<ModelRecord, 'model_name'>>,
    expect: Partial<Pick<ModelRecord, 'champion_version' | 'active_task_id'>> = {},
  ) {
    const m = this.items.get(name);
    if (
      m === undefined ||
      Object.entries(expect).some(([k, v]) => (m as unknown as Record<string, unknown>)[k] !== v)
    ) {
      return Promise.reject(new ConflictError(`model '${name}' changed meanwhile or does not exist`));
    }
    const next = Object.fromEntries(
      [...Object.entries(m), ...(Object.entries(fields) as [string, unknown][])].filter(
        ([k]) => !(k in fields) || (fields as Record<string, unknown>)[k] !== undefined,
      ),
    );
    this.items.set(name, next as unknown as ModelRecord);
    return Promise.resolve();
  }
  public async saveScan(name: string, drift: StoredDrift, estimate: StoredEstimate | undefined) {
    const m = this.items.get(name);
    if (m !== undefined) {
      const { estimate: _old, ...rest } = m;
      this.items.set(name, { ...rest, drift, ...(estimate !== undefined ? { estimate } : {}) });
    }
    return Promise.resolve();
  }
  public readonly wakeups = new Map<string, string>();
  public async claimWakeup(name: string, dueAt: string, now: string) {
    const current = this.wakeups.get(name);
    if (current !== undefined && current > now && current <= dueAt) return Promise.resolve(false);
    this.wakeups.set(name, dueAt);
    return Promise.resolve(true);
  }
  public async claimRetrainRequest(name: string, at: string, notBefore: string) {
    const m = this.items.get(name);
    if (m === undefined || (m.last_retrain_request_at !== undefined && m.last_retrain_request_at >= notBefore))
      return Promise.resolve(false);
    this.items.set(name, { ...m, last_retrain_request_at: at });
    return Promise.resolve(true);
  }
  public async transitionStatus(name: string, from: ModelStatus | undefined, to: ModelStatus, at: string) {
    const m = this.items.get(name);
    if (m === undefined || m.status !== from) return Promise.resolve(false);
    this.items.set(name, { ...m, status: to, status_since: at });
    return Promise.resolve(true);
  }
}

export class MemoryConfig implements ConfigStore {
  public readonly docs = new Map<string, Record<string, unknown>>();
  public async get(key: string) {
    return Promise.resolve(this.docs.get(key));
  }
  public async put(key: string, value: Record<string, unknown>) {
    this.docs.set(key, value);
    return Promise.resolve();
  }
  public async putIfAbsent(key: string, value: Record<string, unknown>) {
    if (!this.docs.has(key)) this.docs.set(key, value);
    return Promise.resolve(this.docs.get(key) ?? value);
  }
}

export class MemoryEvents implements ModelEventQueue {
  public readonly sent: { models: string[]; delay: number }[] = [];
  public async modelsChanged(models: readonly string[], delay: number) {
    this.sent.push({ models: [...models], delay });
    return Promise.resolve();
  }
}

export class MemoryAlerting implements AlertingStore {
  public readonly instances = new Map<string, AlertInstance>();
  public readonly silences = new Map<string, Silence>();
  public async getInstances(model: string) {
    return Promise.resolve(
      [...this.instances.values()].filter((i) => i.model_name === model).map((i) => structuredClone(i)),
    );
  }
  public async putInstance(instance: AlertInstance, expected: number | undefined) {
    const key = `${instance.model_name}|${instance.rule}`;
    if (this.instances.get(key)?.version !== expected) return Promise.resolve(false);
    this.instances.set(key, structuredClone(instance));
    return Promise.resolve(true);
  }
  public async getSilences() {
    return Promise.resolve([...this.silences.values()]);
  }
  public async putSilence(s: Silence) {
    this.silences.set(s.silence_id, s);
    return Promise.resolve();
  }
  public async deleteSilence(id: string) {
    return Promise.resolve(this.silences.delete(id));
  }
}

/** Alert history kept 30 days after each item's last update, as the adapter's TTL does. */
const HISTORY_MS = 30 * 86_400_000;

export class MemoryHistory implements AlertHistory, NoticePublisher {
  /** With `now`, items expire 30 days after their last update (as DynamoDB TTL plus the adapter's read filter). */
  public constructor(private readonly now?: () => number) {}
  public readonly records = new Map<string, AlertRecord>();
  public readonly notices: Notice[] = [];
  public readonly published: Notice[] = [];
  public readonly deliveries: (DeliveryStatus & { model_name: string })[] = [];
  public failPublish = false;
  public async publish(notice: Notice) {
    if (this.failPublish) throw new Error('publish failed');
    this.published.push(notice);
    return Promise.resolve();
  }
  public async put(record: AlertRecord) {
    this.records.set(record.alert_id, record);
    return Promise.resolve();
  }
  public async get(id: string) {
    return Promise.resolve(this.records.get(id));
  }
  public async list(q: AlertQuery) {
    return Promise.resolve(
      [...this.records.values()]
        .filter(
          (r) =>
            (this.now === undefined || Date.parse(r.updated_at) + HISTORY_MS > this.now()) &&
            (q.model_name === undefined || r.model_name === q.model_name) &&
            (q.state === undefined || r.state === q.state) &&
            (q.severity === undefined || r.severity === q.severity),
        )
        .sort((a, b) => b.started_at.localeCompare(a.started_at))
        .slice(0, q.limit),
    );
  }
  public async putNotice(n: Notice) {
    this.notices.push(n);
    return Promise.resolve();
  }
  public async listNotices(q: { model_name?: string; limit: number }) {
    return Promise.resolve(
      this.notices
        .filter((n) => q.model_name === undefined || n.model_name === q.model_name)
        .sort((a, b) => b.created_at.localeCompare(a.created_at))
        .slice(0, q.limit)
        .map((n) => ({
          ...n,
          deliveries: this.deliveries.filter((d) => d.notice_id === n.notice_id).map(({ model_name: _m, ...d }) => d),
        })),
    );
  }
  public async putDelivery(model: string, d: DeliveryStatus) {
    const i = this.deliveries.findIndex((x) => x.notice_id === d.notice_id && x.target === d.target);
    if (i >= 0) this.deliveries.splice(i, 1);
    this.deliveries.push({ ...d, model_name: model });
    return Promise.resolve();
  }
  public async getDeliveries(_model: string, noticeId: string) {
    return Promise.resolve(this.deliveries.filter((d) => d.notice_id === noticeId));
  }
}

export class MemoryRetrain implements RetrainQueue {
  public readonly requests: Parameters<RetrainQueue['request']>[0][] = [];
  public async request(r: Parameters<RetrainQueue['request']>[0]) {
    this.requests.push(r);
    return Promise.resolve();
  }
}

export class MemoryMetrics implements MetricStore {
  public readonly points: MetricPoint[] = [];
  public async write(points: readonly MetricPoint[]) {
    const key = (p: MetricPoint) => JSON.stringify([p.name, Object.entries(p.dimensions).sort(), p.time, p.value]);
    const stored = new Set(this.points.map(key));
    for (const p of points) if (!stored.has(key(p))) this.points.push(p);
    return Promise.resolve();
  }
  public async query(q: MetricQuery) {
    const sameDims = (d: Readonly<Record<string, string>>) =>
      Object.keys(d).length === Object.keys(q.dimensions).length &&
      Object.entries(q.dimensions).every(([k, v]) => d[k] === v);
    return Promise.resolve(
      this.points
        .filter((p) => p.name === q.name && sameDims(p.dimensions) && p.time >= q.from && p.time <= q.to)
        .sort((a, b) => a.time - b.time),
    );
  }
  public async aggregate(q: MetricQuery, stepMs: number) {
    return aggregatePoints(await this.query(q), stepMs);
  }
  public async listSeries(filter: SeriesFilter) {
    const unique = new Map(
      this.points.map((p) => [
        JSON.stringify([p.name, Object.entries(p.dimensions).sort()]),
        { name: p.name, dimensions: p.dimensions },
      ]),
    );
    return Promise.resolve([...unique.values()].filter((s) => matchesSeries(s, filter)).sort(bySeries));
  }
}

export class FixedClock implements Clock {
  public constructor(public time: number) {}
  public now() {
    return this.time;
  }
  public advance(ms: number) {
    this.time += ms;
  }
}

export function counterIds(): IdGenerator {
  let n = 0;
  return { next: (prefix) => `${prefix}_${++n}` };
}

export class MemoryAudit implements AuditStore {
  public readonly entries = new Map<string, AuditEntry>();
  private ofChain(chain: string) {
    return [...this.entries.values()].filter((e) => e.chain === chain).sort((a, b) => a.seq - b.seq);
  }
  public async last(chain: string) {
    return Promise.resolve(this.ofChain(chain).at(-1));
  }
  public async putIfAbsent(entry: AuditEntry) {
    const key = `${entry.chain}|${String(entry.seq)}`;
    if (this.entries.has(key)) return Promise.resolve(false);
    this.entries.set(key, structuredClone(entry));
    return Promise.resolve(true);
  }
  public async newest(chain: string, limit: number, before?: number) {
    return Promise.resolve(
      this.ofChain(chain)
        .filter((e) => before === undefined || e.seq < before)
        .reverse()
        .slice(0, limit),
    );
  }
  public async oldest(chain: string, limit: number, after: number) {
    return Promise.resolve(
      this.ofChain(chain)
        .filter((e) => e.seq > after)
        .slice(0, limit),
    );
  }
}

export class MemoryServiceRegistry implements ServiceRegistry {
  public readonly items = new Map<string, KnownService>();
  public async seen(service: string, at: string): Promise<void> {
    const known = this.items.get(service);
    if (known === undefined) this.items.set(service, { service, first_seen: at, last_seen: at });
    else if (known.last_seen < at) this.items.set(service, { ...known, last_seen: at });
    return Promise.resolve();
  }
  public async list(): Promise<KnownService[]> {
    return Promise.resolve([...this.items.values()].sort((a, b) => a.service.localeCompare(b.service)));
  }
  public async has(service: string): Promise<boolean> {
    return Promise.resolve(this.items.has(service));
  }
}

export class MemoryAnomalies implements AnomalyStore {
  public readonly items = new Map<string, ServiceAnomaly>();
  public async save(anomalies: readonly ServiceAnomaly[]): Promise<void> {
    for (const a of anomalies) this.items.set(a.anomaly_id, a);
    return Promise.resolve();
  }
  public async list(service: string, from: number, to: number): Promise<ServiceAnomaly[]> {
    return Promise.resolve(
      [...this.items.values()]
        .filter((a) => a.service === service && Date.parse(a.detected_at) >= from && Date.parse(a.detected_at) <= to)
        .sort((a, b) => b.detected_at.localeCompare(a.detected_at)),
    );
  }
}

/** HTTP traffic per service and minute, each batch counted once per minute (HttpTrafficStore). */
export class MemoryHttpTraffic implements HttpTrafficStore {
  private readonly minutes = new Map<
    string,
    { counters: MinuteCounters; batches: Set<string>; details: Map<string, MinuteDetail> }
  >();
  public async add(
    service: string,
    batchId: string,
    minutes: readonly MinuteTraffic[],
  ): Promise<{ duplicate: boolean; counters: MinuteCounters[] }> {
    let duplicate = minutes.length > 0;
    const counters = minutes.map(({ counters: c, detail }) => {
      const key = `${service}|${c.minute}`;
      const m = this.minutes.get(key) ?? { counters: emptyCounters(c.minute), batches: new Set(), details: new Map() };
      m.details.set(batchId, detail);
      if (!m.batches.has(batchId)) {
        m.batches.add(batchId);
        m.counters = addHttpCounters(m.counters, c);
        duplicate = false;
      }
      this.minutes.set(key, m);
      return m.counters;
    });
    return Promise.resolve({ duplicate, counters });
  }
  private inRange(service: string, from: number, to: number) {
    const lo = Math.floor(from / 60_000) * 60_000;
    return [...this.minutes.entries()]
      .filter(([key, m]) => key.startsWith(`${service}|`) && m.counters.minute >= lo && m.counters.minute <= to)
      .map(([, m]) => m)
      .sort((a, b) => a.counters.minute - b.counters.minute);
  }
  public async counters(service: string, from: number, to: number): Promise<MinuteCounters[]> {
    return Promise.resolve(this.inRange(service, from, to).map((m) => m.counters));
  }
  public async details(service: string, from: number, to: number): Promise<MinuteDetail[]> {
    return Promise.resolve(
      this.inRange(service, from, to).flatMap((m) => {
        const [first, ...rest] = [...m.details.values()];
        return first === undefined ? [] : [rest.reduce((acc, d) => addDetails(acc, d), first)];
      }),
    );
  }
  public async compact(): Promise<void> {
    return Promise.resolve();
  }
}

/** Probes and their results (ProbeStore). */
export class MemoryProbes implements ProbeStore {
  public readonly probes = new Map<string, Probe>();
  public readonly checks = new Map<string, ProbeResult>();
  public async put(probe: Probe, expected: number): Promise<boolean> {
    const stored = this.probes.get(probe.probe_id);
    if ((stored?.version ?? 0) !== expected || (expected !== 0 && stored === undefined)) return Promise.resolve(false);
    this.probes.set(probe.probe_id, structuredClone(probe));
    return Promise.resolve(true);
  }
  public async get(id: string): Promise<Probe | undefined> {
    const p = this.probes.get(id);
    return Promise.resolve(p === undefined ? undefined : structuredClone(p));
  }
  public async list(): Promise<Probe[]> {
    return Promise.resolve(
      [...this.probes.values()].sort((a, b) => a.name.localeCompare(b.name)).map((p) => structuredClone(p)),
    );
  }
  public async remove(id: string): Promise<boolean> {
    return Promise.resolve(this.probes.delete(id));
  }
  public async addResult(result: ProbeResult): Promise<void> {
    const key = `${result.probe_id}|${result.checked_at}`;
    if (!this.checks.has(key)) this.checks.set(key, result);
    return Promise.resolve();
  }
  public async results(id: string, limit: number): Promise<ProbeResult[]> {
    return Promise.resolve(
      [...this.checks.values()]
        .filter((r) => r.probe_id === id)
        .sort((a, b) => b.checked_at.localeCompare(a.checked_at))
        .slice(0, limit),
    );
  }
}

/** Trained forecasters (ForecastStore). */
export class MemoryForecasts implements ForecastStore {
  public readonly items = new Map<string, ForecastModelRecord>();
  public async put(record: ForecastModelRecord): Promise<void> {
    this.items.set(`${record.service}|${record.metric}`, structuredClone(record));
    return Promise.resolve();
  }
  public async list(service: string): Promise<ForecastModelRecord[]> {
    return Promise.resolve(
      [...this.items.values()].filter((r) => r.service === service).sort((a, b) => a.metric.localeCompare(b.metric)),
    );
  }
}

/** Optimisation suggestions (SuggestionStore): one per id and day. */
export class MemorySuggestions implements SuggestionStore {
  public readonly items = new Map<string, Suggestion>();
  public async save(suggestions: readonly Suggestion[]): Promise<void> {
    for (const s of suggestions) this.items.set(`${s.created_at.slice(0, 10)}#${s.suggestion_id}`, s);
    return Promise.resolve();
  }
  public async list(service: string, from: number, to: number): Promise<Suggestion[]> {
    return Promise.resolve(
      [...this.items.values()]
        .filter((s) => s.service === service && Date.parse(s.created_at) >= from && Date.parse(s.created_at) <= to)
        .sort((a, b) => b.created_at.localeCompare(a.created_at)),
    );
  }
}

/** Batch analyses (BatchStore) and their queue (AnalysisQueue), in memory. */
export class MemoryBatches implements BatchStore, AnalysisQueue {
  public readonly headers = new Map<string, BatchHeader>();
  public readonly items = new Map<string, BatchItem>();
  public readonly sent: { batch_id: string; service: string; analyses: readonly Analysis[] }[] = [];
  public async create(header: BatchHeader, items: readonly BatchItem[]): Promise<void> {
    this.headers.set(header.batch_id, header);
    for (const i of items) this.items.set(`${i.batch_id}|${i.service}`, i);
    return Promise.resolve();
  }
  public async get(batchId: string) {
    const header = this.headers.get(batchId);
    return Promise.resolve(
      header === undefined
        ? undefined
        : {
            header,
            items: [...this.items.values()]
              .filter((i) => i.batch_id === batchId)
              .sort((a, b) => a.service.localeCompare(b.service)),
          },
    );
  }
  public async item(batchId: string, service: string): Promise<BatchItem | undefined> {
    return Promise.resolve(this.items.get(`${batchId}|${service}`));
  }
  public async finish(item: BatchItem): Promise<boolean> {
    const key = `${item.batch_id}|${item.service}`;
    if (this.items.get(key)?.status !== 'queued') return Promise.resolve(false);
    this.items.set(key, item);
    return Promise.resolve(true);
  }
  public async send(messages: readonly { batch_id: string; service: string; analyses: readonly Analysis[] }[]) {
    this.sent.push(...messages);
    return Promise.resolve();
  }
}

/** Named models (NamedModelStore). */
export class MemoryNamedModels implements NamedModelStore {
  public readonly items = new Map<string, NamedModel>();
  public async get(name: string): Promise<NamedModel | undefined> {
    return Promise.resolve(this.items.get(name));
  }
  public async put(model: NamedModel): Promise<void> {
    this.items.set(model.name, structuredClone(model));
    return Promise.resolve();
  }
  public async list(): Promise<NamedModel[]> {
    return Promise.resolve([...this.items.values()].sort((a, b) => a.name.localeCompare(b.name)));
  }
}
