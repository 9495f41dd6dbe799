import type { MinuteCounters, MinuteDetail, MinuteTraffic } from './http-traffic.ts';
import type { ForecastModelRecord } from './forecasts.ts';
import type { CheckOutcome, Probe, ProbeResult, ProbeSpec } from './probes.ts';
import type { Suggestion } from './suggestions.ts';
import type { Analysis, BatchHeader, BatchItem } from './batch.ts';
import type { NamedModel } from './named-models.ts';
import type { ServiceAnomaly } from './types.ts';

/** A service that has reported metrics: when first and last. */
export interface KnownService {
  readonly service: string;
  readonly first_seen: string;
  readonly last_seen: string;
}

/** The services that report: registered on every collect (idempotent), listed for the console. */
export interface ServiceRegistry {
  /** Records that `service` reported at `at` (ISO 8601); its first sighting is kept. */
  seen(service: string, at: string): Promise<void>;
  /** Every known service, by name. */
  list(): Promise<KnownService[]>;
  /** Whether `service` has reported (one read, not a listing). */
  has(service: string): Promise<boolean>;
}

/** Detected anomalies, kept 30 days. */
export interface AnomalyStore {
  /** Stores anomalies; one already stored (same id) is stored once. */
  save(anomalies: readonly ServiceAnomaly[]): Promise<void>;
  /** A service's anomalies detected in [from, to] (epoch ms), newest first. */
  list(service: string, from: number, to: number): Promise<ServiceAnomaly[]>;
}

/**
 * The alert manager, as service monitoring sees it: rules evaluated on a scope's metric values
 * (for a service, `service:<id>` and its `anomaly_score`), with silences, grouping and delivery
 * as for models.
 */
/** Where exports too large for one response go, and the link that downloads one. */
export interface ExportStore {
  put(key: string, body: string, contentType: string, filename: string): Promise<void>;
  /** A URL that downloads the object without credentials until it expires. */
  link(key: string, expiresInSeconds: number): Promise<string>;
}

/** How much work waits in the platform's queues, and how much failed into their dead-letter queues. */
export interface QueueDepths {
  depths(): Promise<{ queue: string; visible: number; in_flight: number; dead_letters: number }[]>;
}

export interface ServiceAlerts {
  /** `details`: a sentence per metric saying what its value means, carried by the notices of firing alerts. */
  evaluate(
    scope: string,
    values: Readonly<Record<string, number>>,
    details?: Readonly<Record<string, string>>,
  ): Promise<unknown>;
}

/**
 * HTTP traffic per service and minute. A batch of events is added once however often it
 * arrives (a client retry, a concurrent duplicate, a retry after a crash halfway): its id is
 * its content's hash, and the store counts each id once per minute.
 */
export interface HttpTrafficStore {
  /**
   * Adds a batch's minutes; answers each touched minute's counters after the add (all batches so
   * far) and whether the batch had been added before.
   */
  add(
    service: string,
    batchId: string,
    minutes: readonly MinuteTraffic[],
  ): Promise<{
    duplicate: boolean;
    counters: MinuteCounters[];
  }>;
  /** The counters of the minutes in [from, to] that saw requests, oldest first. */
  counters(service: string, from: number, to: number): Promise<MinuteCounters[]>;
  /** The callers and endpoints of the minutes in [from, to], oldest first. */
  details(service: string, from: number, to: number): Promise<MinuteDetail[]>;
  /** Folds the per-batch details of minutes before `before` into one per minute (reads stay the same). */
  compact(service: string, before: number): Promise<void>;
}

/** Probes and their results (kept 30 days). */
export interface ProbeStore {
  /** Writes the probe if the stored one has version `expected` (0: none stored); false if not. */
  put(probe: Probe, expected: number): Promise<boolean>;
  get(id: string): Promise<Probe | undefined>;
  /** Every probe, by name. */
  list(): Promise<Probe[]>;
  /** Deletes a probe (its results expire); false if there was none. */
  remove(id: string): Promise<boolean>;
  addResult(result: ProbeResult): Promise<void>;
  /** A probe's newest `limit` results, newest first. */
  results(id: string, limit: number): Promise<ProbeResult[]>;
}

/** Runs one check of a probe over HTTP(S). Never throws for the endpoint's failures: they are the outcome. */
export interface ProbeChecker {
  check(spec: ProbeSpec): Promise<CheckOutcome>;
}

/** Trained forecasters, one per service and metric (a retrain replaces it). */
export interface ForecastStore {
  put(record: ForecastModelRecord): Promise<void>;
  /** A service's forecasters, by metric. */
  list(service: string): Promise<ForecastModelRecord[]>;
}

/** Optimisation suggestions, kept 90 days; one a day per id (the same suggestion again the same day is stored once). */
export interface SuggestionStore {
  save(suggestions: readonly Suggestion[]): Promise<void>;
  /** A service's suggestions made in [from, to] (epoch ms), newest first. */
  list(service: string, from: number, to: number): Promise<Suggestion[]>;
}

/** Batch analyses: a header and one item per service (kept 30 days). */
export interface BatchStore {
  create(header: BatchHeader, items: readonly BatchItem[]): Promise<void>;
  get(batchId: string): Promise<{ header: BatchHeader; items: BatchItem[] } | undefined>;
  item(batchId: string, service: string): Promise<BatchItem | undefined>;
  /** Records a service's outcome if it is still queued (a redelivered message changes nothing); false if not. */
  finish(item: BatchItem): Promise<boolean>;
}

/** The analysis-requests queue: one message per service of a batch. */
export interface AnalysisQueue {
  send(messages: readonly { batch_id: string; service: string; analyses: readonly Analysis[] }[]): Promise<void>;
}

/** Seed 002's named models, by name. */
export interface NamedModelStore {
  get(name: string): Promise<NamedModel | undefined>;
  put(model: NamedModel): Promise<void>;
  /** Every named model, by name. */
  list(): Promise<NamedModel[]>;
}
