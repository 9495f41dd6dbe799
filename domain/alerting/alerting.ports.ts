import type { Notice } from '#domain/kernel/notice.ts';
import type { AlertInstance, AlertRecord, Severity, Silence } from './types.ts';

export { SEVERITIES, type Severity } from './types.ts';

/** Live alert state (one item per model and rule) and silences. */
export interface AlertingStore {
  getInstances(modelName: string): Promise<AlertInstance[]>;
  /** Writes an instance if its stored version is still `expectedVersion` (undefined = new); false when another evaluator won. */
  putInstance(instance: AlertInstance, expectedVersion: number | undefined): Promise<boolean>;
  getSilences(): Promise<Silence[]>;
  putSilence(silence: Silence): Promise<void>;
  deleteSilence(silenceId: string): Promise<boolean>;
}

export interface AlertQuery {
  readonly model_name?: string;
  readonly severity?: Severity;
  readonly state?: AlertRecord['state'];
  readonly limit: number;
}

export interface DeliveryStatus {
  readonly notice_id: string;
  readonly target: string;
  readonly status: 'delivered' | 'failed';
  readonly attempts: number;
  readonly http_status?: number;
  readonly error?: string;
  readonly updated_at: string;
}

/** Alert episodes, notices and their deliveries, kept 30 days. */
export interface AlertHistory {
  put(record: AlertRecord): Promise<void>;
  get(alertId: string): Promise<AlertRecord | undefined>;
  /** Newest first. */
  list(query: AlertQuery): Promise<AlertRecord[]>;
  putNotice(notice: Notice): Promise<void>;
  listNotices(query: { model_name?: string; limit: number }): Promise<(Notice & { deliveries: DeliveryStatus[] })[]>;
  putDelivery(modelName: string, status: DeliveryStatus): Promise<void>;
  getDeliveries(modelName: string, noticeId: string): Promise<DeliveryStatus[]>;
}
