import { configDoc } from './config-docs.ts';

/**
 * Settings documents read by more than one context, each with its defaults. A context that
 * alone reads a document keeps it (alerting's `ALERTING_DOC`, drift's `DRIFT_DOC`).
 */

/** Alert thresholds and evaluation settings (the seed's defaults). */
export interface Thresholds {
  readonly accuracy_threshold: number;
  /** Seconds. */
  readonly response_time_threshold: number;
  readonly error_rate_threshold: number;
  readonly drift_threshold: number;
  /** A metric within this fraction of its threshold makes the model `warning`. */
  readonly warning_margin: number;
  /** Recent window over which status metrics are computed. */
  readonly evaluation_window_minutes: number;
  /** Fewer samples than this in the window leave a metric unevaluated (no status flapping on tiny samples). */
  readonly min_samples: number;
  /**
   * A model's reference window: its first N logged predictions. The drift scan compares recent
   * inputs against them (until a training snapshot exists), and live performance drift compares
   * recent accuracy against the accuracy of their labelled outcomes.
   */
  readonly reference_size: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  accuracy_threshold: 0.7,
  response_time_threshold: 2.0,
  error_rate_threshold: 0.1,
  drift_threshold: 0.2,
  warning_margin: 0.1,
  evaluation_window_minutes: 60,
  min_samples: 20,
  reference_size: 500,
};

/** Alert thresholds and evaluation settings (`PUT /thresholds`). */
export const THRESHOLDS_DOC = configDoc('thresholds', DEFAULT_THRESHOLDS);

/** Which channels alert notices go out on (seed 000's `notification_settings`). */
export interface NotificationSettings {
  readonly email_enabled: boolean;
  readonly sms_enabled: boolean;
  readonly webhook_enabled: boolean;
}

export const NOTIFICATION_CHANNELS = ['email', 'sms', 'webhook'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** The channels the switches leave on. */
export function enabledChannels(n: NotificationSettings): NotificationChannel[] {
  return NOTIFICATION_CHANNELS.filter((c) => n[`${c}_enabled`]);
}

/** Platform switches (seed 000's monitoring settings, and auto-retrain). */
export interface PlatformSettings {
  /** Off: the alert rules are not evaluated (no notices) and the drift scan skips its runs. */
  readonly monitoring_active: boolean;
  readonly auto_retrain_enabled: boolean;
  /** How often clients (dashboards) should refresh; the platform itself evaluates on every change. */
  readonly update_interval_seconds: number;
  readonly notification_settings: NotificationSettings;
}

export const DEFAULT_SETTINGS: PlatformSettings = {
  monitoring_active: true,
  auto_retrain_enabled: true,
  update_interval_seconds: 60,
  // Every channel on: a channel only reaches someone once its subscribers are configured.
  notification_settings: { email_enabled: true, sms_enabled: true, webhook_enabled: true },
};

/** Platform switches: monitoring on/off and auto-retrain on/off. */
export const SETTINGS_DOC = configDoc('settings', DEFAULT_SETTINGS);

/** Platform-wide retraining settings (the seed's `config`). */
export interface RetrainConfig {
  readonly auto_retrain_enabled: boolean;
  readonly drift_threshold: number;
  readonly performance_threshold: number;
  readonly max_concurrent_tasks: number;
  readonly retrain_interval_hours: number;
  readonly backup_models: boolean;
  /** A candidate must beat the champion's holdout score by at least this much. */
  readonly improvement_margin: number;
  /** After a deploy, how long the new champion is watched for a quality regression. */
  readonly bake_minutes: number;
  /** Minutes between two drift-triggered retrain requests for one model. */
  readonly drift_retrain_cooldown_minutes: number;
}

export const DEFAULT_RETRAIN_CONFIG: RetrainConfig = {
  auto_retrain_enabled: true,
  drift_threshold: 0.2,
  performance_threshold: 0.7,
  max_concurrent_tasks: 2,
  retrain_interval_hours: 24,
  backup_models: true,
  improvement_margin: 0.01,
  bake_minutes: 60,
  drift_retrain_cooldown_minutes: 360,
};

/** The retrain settings document (`PUT /retrain/config`). */
export const RETRAIN_DOC = configDoc('retrain', DEFAULT_RETRAIN_CONFIG);
