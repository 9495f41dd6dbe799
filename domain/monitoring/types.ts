import type { Scalar, TaskType } from '#domain/kernel/model.ts';
import type { NotificationSettings, Thresholds } from '#domain/kernel/settings.ts';

/** One prediction to log, as validated at the edge (contracts/monitoring.schema.ts). */
export interface PredictionInput {
  readonly model_name: string;
  /** Client-supplied id: a retry with the same id is counted once. */
  readonly prediction_id?: string | undefined;
  readonly task_type?: TaskType | undefined;
  /** Which version of the model made the prediction; the platform keeps per-version counters. */
  readonly model_version?: string | undefined;
  readonly prediction_data: { readonly input_features: Record<string, unknown> };
  readonly result: {
    readonly prediction?: Scalar | null | undefined;
    readonly confidence?: number | undefined;
    readonly response_time: number;
    readonly error?: string | undefined;
  };
}

/** The actual outcome of a logged prediction: one named value. */
export interface OutcomeInput {
  readonly prediction_id: string;
  readonly actual_result: Record<string, Scalar | null>;
}

/** A partial update of the thresholds document. */
export type ThresholdsUpdate = Partial<Thresholds>;

/** Seed 000's monitoring settings document, as the API reads and writes it. */
export interface MonitoringSettings {
  readonly monitoring_active: boolean;
  readonly update_interval_seconds: number;
  readonly alert_thresholds: Pick<
    Thresholds,
    'accuracy_threshold' | 'response_time_threshold' | 'error_rate_threshold' | 'drift_threshold'
  >;
  readonly notification_settings: NotificationSettings;
}

/** A partial update of the monitoring settings: any switch, threshold or channel on its own. */
export interface MonitoringSettingsUpdate {
  readonly monitoring_active?: boolean | undefined;
  readonly update_interval_seconds?: number | undefined;
  readonly alert_thresholds?: Partial<MonitoringSettings['alert_thresholds']> | undefined;
  readonly notification_settings?: Partial<NotificationSettings> | undefined;
}
